// --simulate-workloads: what the controller-manager and kubelets would write to workload status.
// Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs first report progress, then become
// ready (Jobs complete) about a second later; each pod-template change rolls out again. Images
// matching --unpullable-image never start: the workload stays unavailable (Jobs never finish),
// with the status real ones show while their pods are in ImagePullBackOff.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../src/cluster/types.js';
import type { Api } from './api.js';
import { clone, isObject, nowRfc3339 } from './json.js';
import { ApiError } from './status.js';

type Obj = Record<string, unknown>;

export interface WorkloadOptions {
  unpullableImage?: RegExp;
  /** Time from a rollout starting to the workload being ready (default 1000 ms). */
  readyAfterMs?: number;
}

const KINDS: Record<string, string> = {
  'apps/deployments': 'Deployment',
  'apps/statefulsets': 'StatefulSet',
  'apps/daemonsets': 'DaemonSet',
  'apps/replicasets': 'ReplicaSet',
  'batch/jobs': 'Job',
  '/pods': 'Pod',
  '/persistentvolumeclaims': 'PersistentVolumeClaim',
  '/services': 'Service',
};

/** When a rollout first reports progress (capped by the ready delay). */
const PROGRESS_AFTER_MS = 20;

const HASH_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** A pod-template-hash-like name suffix (stable for a given template). */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  let s = '';
  for (let i = 0; i < 10; i++) s += HASH_CHARS[digest[i]! % HASH_CHARS.length];
  return s;
}

/** The pod spec of a workload (its template) or of a Pod itself. */
function podSpec(o: KubeObject): Obj {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  if (o.kind === 'Pod') return spec;
  const tmpl = isObject(spec['template']) ? spec['template'] : {};
  return isObject(tmpl['spec']) ? tmpl['spec'] : {};
}

function images(o: KubeObject): string[] {
  const pod = podSpec(o);
  const out: string[] = [];
  for (const list of ['containers', 'initContainers']) {
    const cs = pod[list];
    if (Array.isArray(cs)) for (const c of cs) if (isObject(c) && typeof c['image'] === 'string') out.push(c['image']);
  }
  return out;
}

function replicas(o: KubeObject): number {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  return typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
}

function cond(type: string, status: string, reason: string, message: string, now: string, withUpdate: boolean): Obj {
  const c: Obj = { type, status, reason, message, lastTransitionTime: now };
  if (withUpdate) c['lastUpdateTime'] = now;
  return c;
}

/** Keeps lastTransitionTime when a condition's status did not change. */
function mergeConditions(prev: unknown, next: Obj[]): Obj[] {
  const old = Array.isArray(prev) ? (prev as Obj[]) : [];
  return next.map((c) => {
    const o = old.find((x) => isObject(x) && x['type'] === c['type']);
    if (o && o['status'] === c['status'] && typeof o['lastTransitionTime'] === 'string') return { ...c, lastTransitionTime: o['lastTransitionTime'] };
    return c;
  });
}

export class WorkloadSimulator {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly seen = new Map<string, string>(); // uid -> template hash + generation rolled out
  private unsubscribe: () => void;

  constructor(
    private readonly api: Api,
    private readonly opts: WorkloadOptions = {},
  ) {
    this.unsubscribe = api.store.subscribe((e) => {
      const kind = KINDS[e.resource];
      if (!kind || e.type === 'DELETED') return;
      const uid = e.object.metadata.uid ?? '';
      const mark = `${e.object.metadata.generation ?? 0}/${templateHash((e.object['spec'] as Obj | undefined)?.['template'])}`;
      if (this.seen.get(uid) === mark) return;
      this.seen.set(uid, mark);
      if (this.alreadyRolledOut(e.object)) return;
      // Progress first, then ready: a ready delay shorter than the progress report must not let
      // the progress write land last and undo readiness (waits would then time out for good).
      const readyAfter = this.opts.readyAfterMs ?? 1000;
      const progressAfter = Math.min(PROGRESS_AFTER_MS, readyAfter);
      const object = e.object;
      this.schedule(progressAfter, () => {
        this.write(e.resource, object, false);
        if (!this.stuck(object)) this.schedule(readyAfter - progressAfter, () => this.write(e.resource, object, true));
      });
    });
  }

  stop(): void {
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Objects loaded with controller-written status for their current generation are left alone. */
  private alreadyRolledOut(o: KubeObject): boolean {
    const st = isObject(o['status']) ? o['status'] : undefined;
    if (o.kind === 'Service') {
      // Only LoadBalancer Services get status (an ingress point from the cloud provider).
      const spec = isObject(o['spec']) ? o['spec'] : {};
      const lb = st && isObject(st['loadBalancer']) ? st['loadBalancer'] : {};
      return spec['type'] !== 'LoadBalancer' || Array.isArray(lb['ingress']);
    }
    if (o.kind === 'Pod' || o.kind === 'PersistentVolumeClaim') return typeof st?.['phase'] === 'string' && st['phase'] !== 'Pending';
    if (!st) return false;
    if (typeof st['observedGeneration'] === 'number') return st['observedGeneration'] >= (o.metadata.generation ?? 1);
    return Array.isArray(st['conditions']) && st['conditions'].some((c) => isObject(c) && c['type'] === 'Complete' && c['status'] === 'True');
  }

  private stuck(o: KubeObject): boolean {
    const re = this.opts.unpullableImage;
    return re !== undefined && images(o).some((i) => re.test(i));
  }

  private schedule(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private write(resource: string, seenObj: KubeObject, ready: boolean, attempt = 0): void {
    const [group, plural] = resource.split('/') as [string, string];
    const def = this.api.registry.get(group, plural);
    const cur = this.api.store.get(resource, seenObj.metadata.namespace, seenObj.metadata.name);
    if (!def || !cur || cur.metadata.uid !== seenObj.metadata.uid) return;
    // A newer rollout superseded this one.
    if ((cur.metadata.generation ?? 0) !== (seenObj.metadata.generation ?? 0)) return;
    const next = clone(cur);
    const now = nowRfc3339();
    next['status'] = this.status(plural, cur, ready && !this.stuck(cur), now);
    try {
      this.api.update(def, 'v1', cur.metadata.namespace, cur.metadata.name, next, { fieldManager: 'kube-controller-manager' }, 'status');
    } catch (e) {
      // A concurrent write: try again on the fresh object. Anything else (the object went away,
      // its namespace is terminating) just ends this rollout, as a controller would drop it.
      if (e instanceof ApiError && e.code === 409 && attempt < 3) this.write(resource, seenObj, ready, attempt + 1);
    }
  }

  private status(plural: string, o: KubeObject, ready: boolean, now: string): Obj {
    const prev = isObject(o['status']) ? o['status'] : {};
    const gen = o.metadata.generation ?? 1;
    const n = replicas(o);
    const rsName = `${o.metadata.name}-${templateHash((o['spec'] as Obj | undefined)?.['template'])}`;
    switch (plural) {
      case 'deployments': {
        if (ready) {
          return {
            observedGeneration: gen,
            replicas: n,
            updatedReplicas: n,
            readyReplicas: n,
            availableReplicas: n,
            conditions: mergeConditions(prev['conditions'], [
              cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now, true),
              cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`, now, true),
            ]),
          };
        }
        // Rolling out: the new ReplicaSet's pods are not ready (yet, or ever if unpullable).
        const wasAvailable = Number(prev['availableReplicas'] ?? 0);
        const st: Obj = { observedGeneration: gen, replicas: Math.max(n, wasAvailable + (n > 0 ? 1 : 0)), updatedReplicas: n > 0 ? Math.min(n, 1) : 0 };
        if (wasAvailable > 0) {
          st['readyReplicas'] = wasAvailable;
          st['availableReplicas'] = wasAvailable;
        }
        const unavailable = (st['replicas'] as number) - wasAvailable;
        if (unavailable > 0) st['unavailableReplicas'] = unavailable;
        const available = wasAvailable >= n - Math.floor(n * 0.25);
        st['conditions'] = mergeConditions(prev['conditions'], [
          available && wasAvailable > 0
            ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now, true)
            : cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now, true),
          cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, now, true),
        ]);
        return st;
      }
      case 'statefulsets': {
        const rev = `${o.metadata.name}-${templateHash((o['spec'] as Obj | undefined)?.['template'])}`;
        const st: Obj = { observedGeneration: gen, replicas: n, currentReplicas: n, updatedReplicas: n, currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: ready ? n : 0 };
        if (ready) st['readyReplicas'] = n;
        return st;
      }
      case 'daemonsets': {
        const st: Obj = { observedGeneration: gen, desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberMisscheduled: 0, numberReady: ready ? 1 : 0 };
        if (ready) st['numberAvailable'] = 1;
        else st['numberUnavailable'] = 1;
        return st;
      }
      case 'replicasets': {
        const st: Obj = { observedGeneration: gen, replicas: n, fullyLabeledReplicas: n };
        if (ready) {
          st['readyReplicas'] = n;
          st['availableReplicas'] = n;
        }
        return st;
      }
      case 'pods':
        return podStatus(o, ready, this.stuck(o), now, prev);
      case 'persistentvolumeclaims': {
        const spec = isObject(o['spec']) ? o['spec'] : {};
        const req = isObject(spec['resources']) && isObject(spec['resources']['requests']) ? spec['resources']['requests']['storage'] : undefined;
        if (!ready) return { phase: 'Pending' };
        return { phase: 'Bound', accessModes: spec['accessModes'] ?? ['ReadWriteOnce'], capacity: { storage: req ?? '1Gi' } };
      }
      case 'services':
        return ready ? { loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] } } : prev;
      case 'jobs': {
        const start = typeof prev['startTime'] === 'string' ? prev['startTime'] : now;
        if (!ready) return { startTime: start, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
        const spec = isObject(o['spec']) ? o['spec'] : {};
        const completions = typeof spec['completions'] === 'number' ? spec['completions'] : 1;
        return {
          startTime: start,
          completionTime: now,
          succeeded: completions,
          ready: 0,
          terminating: 0,
          uncountedTerminatedPods: {},
          conditions: [
            { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
            { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
          ],
        };
      }
      default:
        return prev;
    }
  }
}

let podIps = 10;

/** What the kubelet reports: Running and Ready (or Succeeded for run-to-completion pods), or stuck pulling. */
function podStatus(o: KubeObject, ready: boolean, stuck: boolean, now: string, prev: Obj): Obj {
  const spec = podSpec(o);
  const containers = (Array.isArray(spec['containers']) ? spec['containers'] : []).filter(isObject);
  const completes = spec['restartPolicy'] === 'Never' || spec['restartPolicy'] === 'OnFailure';
  const ip = typeof prev['podIP'] === 'string' ? prev['podIP'] : `10.244.0.${podIps++ % 250}`;
  const base: Obj = { hostIP: '172.18.0.2', hostIPs: [{ ip: '172.18.0.2' }], podIP: ip, podIPs: [{ ip }], qosClass: 'BestEffort', startTime: typeof prev['startTime'] === 'string' ? prev['startTime'] : now };
  const c = (type: string, status: string, reason?: string, message?: string): Obj => {
    const x: Obj = { type, status, lastProbeTime: null, lastTransitionTime: now };
    if (reason) x['reason'] = reason;
    if (message) x['message'] = message;
    return x;
  };
  const names = containers.map((x) => String(x['name']));
  if (stuck || !ready) {
    return {
      ...base,
      phase: 'Pending',
      conditions: [
        c('PodReadyToStartContainers', 'True'),
        c('Initialized', 'True'),
        c('Ready', 'False', 'ContainersNotReady', `containers with unready status: [${names.join(' ')}]`),
        c('ContainersReady', 'False', 'ContainersNotReady', `containers with unready status: [${names.join(' ')}]`),
        c('PodScheduled', 'True'),
      ],
      containerStatuses: containers.map((x) => ({
        name: x['name'],
        image: x['image'],
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: stuck
          ? { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${String(x['image'])}"` } }
          : { waiting: { reason: 'ContainerCreating' } },
      })),
    };
  }
  if (completes) {
    return {
      ...base,
      phase: 'Succeeded',
      conditions: [c('PodReadyToStartContainers', 'False'), c('Initialized', 'True', 'PodCompleted'), c('Ready', 'False', 'PodCompleted'), c('ContainersReady', 'False', 'PodCompleted'), c('PodScheduled', 'True')],
      containerStatuses: containers.map((x) => ({
        name: x['name'],
        image: x['image'],
        imageID: `${String(x['image'])}@sha256:${createHash('sha256').update(String(x['image'])).digest('hex')}`,
        ready: false,
        restartCount: 0,
        started: false,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: base['startTime'], finishedAt: now } },
      })),
    };
  }
  return {
    ...base,
    phase: 'Running',
    conditions: [c('PodReadyToStartContainers', 'True'), c('Initialized', 'True'), c('Ready', 'True'), c('ContainersReady', 'True'), c('PodScheduled', 'True')],
    containerStatuses: containers.map((x) => ({
      name: x['name'],
      image: x['image'],
      imageID: `${String(x['image'])}@sha256:${createHash('sha256').update(String(x['image'])).digest('hex')}`,
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: now } },
    })),
  };
}
