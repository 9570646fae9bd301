// The built-in resources the server serves, with the names, scope, subresources and field
// selectors kube-apiserver v1.35 shows for them in discovery.
import type { KubeObject } from '../../../src/cluster/types.js';
import { ALL_VERBS, type ResourceDef } from './resources.js';

type Obj = Record<string, unknown>;

function at(obj: Obj, path: string): string {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Obj)[p];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

function fields(...paths: string[]): Record<string, (o: Obj) => string> {
  const out: Record<string, (o: Obj) => string> = {};
  for (const p of paths) out[p] = (o) => at(o, p);
  return out;
}

interface Spec {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: boolean;
  generation?: boolean;
  fieldLabels?: Record<string, (o: Obj) => string>;
  returnDeletedObject?: boolean;
  verbs?: string[];
}

function def(s: Spec): ResourceDef {
  return {
    group: s.group,
    plural: s.plural,
    singular: s.kind.toLowerCase(),
    kind: s.kind,
    listKind: `${s.kind}List`,
    namespaced: s.namespaced ?? true,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    versions: [{ name: s.version, served: true, storage: true }],
    statusSubresource: s.status ?? false,
    scaleSubresource: s.scale ?? false,
    generation: s.generation ?? false,
    custom: false,
    fieldLabels: s.fieldLabels,
    unconditionalUpdate: true,
    returnDeletedObject: s.returnDeletedObject,
    verbs: s.verbs ?? ALL_VERBS,
  };
}

const eventFields = fields(
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
);
// `source` selects on source.component in the real conversion.
eventFields['source'] = (o) => at(o, 'source.component');

// core/v1 Event field <-> events.k8s.io/v1 Event field (the two APIs share one storage).
const EVENT_FIELDS: Array<[string, string]> = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['action', 'action'],
  ['reason', 'reason'],
  ['type', 'type'],
  ['related', 'related'],
];

function renameFields(o: KubeObject, pairs: Array<[string, string]>, apiVersion: string): KubeObject {
  const out: KubeObject = { apiVersion, kind: 'Event', metadata: o.metadata };
  for (const [from, to] of pairs) if (o[from] !== undefined) out[to] = o[from];
  return out;
}

function eventToCore(o: KubeObject): KubeObject {
  return renameFields(o, EVENT_FIELDS.map(([core, ev]) => [ev, core]), 'v1');
}

function eventFromCore(o: KubeObject): KubeObject {
  return renameFields(o, EVENT_FIELDS, 'events.k8s.io/v1');
}

export function builtinResources(): ResourceDef[] {
  return [
    def({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] }),
    def({ group: '', version: 'v1', plural: 'endpoints', kind: 'Endpoints', shortNames: ['ep'] }),
    def({ group: '', version: 'v1', plural: 'events', kind: 'Event', shortNames: ['ev'], fieldLabels: eventFields }),
    def({
      group: '',
      version: 'v1',
      plural: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      shortNames: ['ns'],
      status: true,
      fieldLabels: fields('status.phase'),
      returnDeletedObject: true,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    }),
    def({ group: '', version: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', shortNames: ['pvc'], status: true }),
    def({
      group: '',
      version: 'v1',
      plural: 'pods',
      kind: 'Pod',
      shortNames: ['po'],
      categories: ['all'],
      status: true,
      returnDeletedObject: true,
      fieldLabels: fields(
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.nominatedNodeName',
      ),
    }),
    def({ group: '', version: 'v1', plural: 'secrets', kind: 'Secret', fieldLabels: fields('type') }),
    def({ group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] }),
    def({
      group: '',
      version: 'v1',
      plural: 'services',
      kind: 'Service',
      shortNames: ['svc'],
      categories: ['all'],
      status: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    }),
    def({ group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', shortNames: ['ds'], categories: ['all'], status: true, generation: true }),
    def({ group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', shortNames: ['deploy'], categories: ['all'], status: true, scale: true, generation: true }),
    def({ group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', shortNames: ['rs'], categories: ['all'], status: true, scale: true, generation: true }),
    def({ group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', shortNames: ['sts'], categories: ['all'], status: true, scale: true, generation: true }),
    {
      ...def({
        group: 'events.k8s.io',
        version: 'v1',
        plural: 'events',
        kind: 'Event',
        shortNames: ['ev'],
        fieldLabels: fields('regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion', 'reason', 'reportingController', 'type'),
      }),
      sharedStorage: { key: '/events', toStorage: eventToCore, fromStorage: eventFromCore },
    },
    def({ group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', shortNames: ['cj'], categories: ['all'], status: true, generation: true }),
    def({ group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', categories: ['all'], status: true, generation: true, fieldLabels: fields('status.successful') }),
    def({ group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', kind: 'Ingress', shortNames: ['ing'], status: true, generation: true }),
    def({ group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', kind: 'NetworkPolicy', shortNames: ['netpol'], generation: true }),
    def({ group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', shortNames: ['pdb'], status: true, generation: true }),
    def({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false }),
    def({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false }),
    def({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding' }),
    def({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role' }),
    def({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      status: true,
      generation: true,
    }),
    def({ group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease' }),
  ];
}
