// The defaults kube-apiserver fills into built-in objects on write (pkg/apis/*/v1/defaults.go),
// for the fields clients read back: drift detection compares against them and readiness
// checks depend on them.
import type { KubeObject } from '../../../src/cluster/types.js';
import { isObject } from './json.js';

type Obj = Record<string, unknown>;

function obj(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (isObject(v)) return v;
  const o: Obj = {};
  parent[key] = o;
  return o;
}

function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

function imagePullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.split('/').pop() ?? '';
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: unknown): void {
  if (!isObject(c)) return;
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', imagePullPolicy(c['image']));
  setDefault(c, 'resources', {});
  if (Array.isArray(c['ports'])) for (const p of c['ports']) if (isObject(p)) setDefault(p, 'protocol', 'TCP');
  if (Array.isArray(c['env'])) {
    for (const e of c['env']) {
      const from = isObject(e) ? e['valueFrom'] : undefined;
      if (isObject(from) && isObject(from['fieldRef'])) setDefault(from['fieldRef'], 'apiVersion', 'v1');
    }
  }
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['containers', 'initContainers']) {
    const cs = spec[list];
    if (Array.isArray(cs)) cs.forEach(defaultContainer);
  }
  if (Array.isArray(spec['volumes'])) {
    for (const v of spec['volumes']) {
      if (!isObject(v)) continue;
      for (const src of ['configMap', 'secret']) if (isObject(v[src])) setDefault(v[src], 'defaultMode', 420);
    }
  }
}

function defaultTemplate(spec: Obj): void {
  const template = obj(spec, 'template');
  const tmeta = obj(template, 'metadata');
  void tmeta;
  defaultPodSpec(obj(template, 'spec'));
}

// 10.96.0.1 is the kubernetes Service and 10.96.0.10 cluster DNS in a kubeadm cluster.
let nextClusterIp = 100;

export function applyBuiltinDefaults(group: string, plural: string, o: Obj, isCreate: boolean): void {
  const spec = isObject(o['spec']) ? o['spec'] : undefined;
  switch (`${group}/${plural}`) {
    case '/secrets':
      setDefault(o, 'type', 'Opaque');
      // stringData is write-only: merged into data (base64) and dropped.
      if (isObject(o['stringData'])) {
        const data = obj(o, 'data');
        for (const [k, v] of Object.entries(o['stringData'])) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete o['stringData'];
      }
      break;
    case '/namespaces': {
      const s = obj(o, 'spec');
      setDefault(s, 'finalizers', ['kubernetes']);
      const st = obj(o, 'status');
      setDefault(st, 'phase', 'Active');
      const meta = obj(o, 'metadata');
      const labels = obj(meta, 'labels');
      labels['kubernetes.io/metadata.name'] = String(meta['name'] ?? '');
      break;
    }
    case '/services':
      if (!spec) break;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      if (Array.isArray(spec['ports'])) {
        for (const p of spec['ports']) {
          if (!isObject(p)) continue;
          setDefault(p, 'protocol', 'TCP');
          setDefault(p, 'targetPort', p['port']);
        }
      }
      if (spec['type'] !== 'ExternalName') {
        if (isCreate && spec['clusterIP'] === undefined) {
          const n = nextClusterIp++;
          spec['clusterIP'] = `10.96.${(n >> 8) & 255}.${n & 255}`;
        }
        if (typeof spec['clusterIP'] === 'string') setDefault(spec, 'clusterIPs', [spec['clusterIP']]);
        setDefault(spec, 'ipFamilies', ['IPv4']);
        setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
        setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      }
      break;
    case '/pods':
      if (spec) defaultPodSpec(spec);
      break;
    case 'apps/deployments':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      {
        const strategy = obj(spec, 'strategy');
        setDefault(strategy, 'type', 'RollingUpdate');
        if (strategy['type'] === 'RollingUpdate') {
          const ru = obj(strategy, 'rollingUpdate');
          setDefault(ru, 'maxSurge', '25%');
          setDefault(ru, 'maxUnavailable', '25%');
        }
      }
      defaultTemplate(spec);
      break;
    case 'apps/statefulsets':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'revisionHistoryLimit', 10);
      {
        const us = obj(spec, 'updateStrategy');
        setDefault(us, 'type', 'RollingUpdate');
        if (us['type'] === 'RollingUpdate') setDefault(obj(us, 'rollingUpdate'), 'partition', 0);
        const retention = obj(spec, 'persistentVolumeClaimRetentionPolicy');
        setDefault(retention, 'whenDeleted', 'Retain');
        setDefault(retention, 'whenScaled', 'Retain');
      }
      defaultTemplate(spec);
      break;
    case 'apps/daemonsets':
      if (!spec) break;
      setDefault(spec, 'revisionHistoryLimit', 10);
      {
        const us = obj(spec, 'updateStrategy');
        setDefault(us, 'type', 'RollingUpdate');
        if (us['type'] === 'RollingUpdate') {
          const ru = obj(us, 'rollingUpdate');
          setDefault(ru, 'maxSurge', 0);
          setDefault(ru, 'maxUnavailable', 1);
        }
      }
      defaultTemplate(spec);
      break;
    case 'apps/replicasets':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec);
      break;
    case 'batch/jobs':
      if (!spec) break;
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'manualSelector', undefined);
      setDefault(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
      if (isObject(spec['template']) && isObject(spec['template']['spec'])) defaultPodSpec(spec['template']['spec']);
      if (spec['manualSelector'] === undefined) delete spec['manualSelector'];
      break;
    case 'batch/cronjobs':
      if (!spec) break;
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      break;
  }
}

/** An update that leaves out a Service's allocated cluster IPs keeps them (patchAllocatedValues). */
export function keepAllocatedIps(old: KubeObject, next: KubeObject): void {
  const o = isObject(old['spec']) ? old['spec'] : undefined;
  const n = isObject(next['spec']) ? next['spec'] : undefined;
  if (!o || !n) return;
  if (n['clusterIP'] === undefined && o['clusterIP'] !== undefined) n['clusterIP'] = o['clusterIP'];
  if (n['clusterIPs'] === undefined && o['clusterIPs'] !== undefined) n['clusterIPs'] = o['clusterIPs'];
}

/** The selector and pod labels the Job controller's admission adds. */
export function jobSelector(o: KubeObject, uid: string): void {
  const spec = isObject(o['spec']) ? o['spec'] : undefined;
  if (!spec || spec['manualSelector'] === true) return;
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': o.metadata.name, 'controller-uid': uid, 'job-name': o.metadata.name };
  spec['selector'] = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const template = isObject(spec['template']) ? spec['template'] : (spec['template'] = {});
  const tmeta = isObject(template['metadata']) ? template['metadata'] : (template['metadata'] = {});
  tmeta['labels'] = { ...(isObject(tmeta['labels']) ? tmeta['labels'] : {}), ...labels };
}
