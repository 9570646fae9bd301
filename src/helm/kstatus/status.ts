// kstatus (kubernetes-sigs/cli-utils pkg/kstatus/status) for the kinds a Helm release waits
// on: a pure function from a live object to Current / InProgress / Failed / Terminating.
import type { KubeObject } from '../../cluster/types.js';

export type Status = 'Current' | 'InProgress' | 'Failed' | 'Terminating' | 'NotFound';

export interface ObjectStatus {
  status: Status;
  message: string;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function num(v: unknown, dflt = 0): number {
  return typeof v === 'number' ? v : dflt;
}

function conditions(obj: KubeObject): Condition[] {
  const c = rec(obj.status).conditions;
  return Array.isArray(c) ? (c.filter((x) => x !== null && typeof x === 'object') as Condition[]) : [];
}

function condition(obj: KubeObject, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

const current = (message: string): ObjectStatus => ({ status: 'Current', message });
const progress = (message: string): ObjectStatus => ({ status: 'InProgress', message });
const failed = (message: string): ObjectStatus => ({ status: 'Failed', message });

/** The kstatus of a live object (undefined = not found). `now` is for the Pod scheduling window. */
export function computeStatus(obj: KubeObject | undefined, now: () => number = Date.now): ObjectStatus {
  if (obj === undefined) return { status: 'NotFound', message: 'Resource not found' };
  if (obj.metadata.deletionTimestamp) return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const status = rec(obj.status);
  const generation = obj.metadata.generation;
  if (generation !== undefined && status.observedGeneration !== undefined && status.observedGeneration !== generation) {
    return progress(`${obj.kind} generation is ${generation}, but latest observed generation is ${String(status.observedGeneration)}`);
  }
  // The standard conditions come first, for every kind.
  const reconciling = condition(obj, 'Reconciling');
  if (reconciling?.status === 'True') return progress(reconciling.message ?? '');
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True') return failed(stalled.message ?? '');

  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  const key = group === '' ? obj.kind : `${group}/${obj.kind}`;
  switch (key) {
    case 'apps/Deployment':
    case 'extensions/Deployment':
      return deploymentStatus(obj);
    case 'apps/StatefulSet':
      return statefulSetStatus(obj);
    case 'apps/DaemonSet':
    case 'extensions/DaemonSet':
      return daemonSetStatus(obj);
    case 'apps/ReplicaSet':
    case 'extensions/ReplicaSet':
      return replicaSetStatus(obj);
    case 'Pod':
      return podStatus(obj, now);
    case 'PersistentVolumeClaim': {
      const phase = rec(obj.status).phase;
      return phase === 'Bound' ? current('PVC is Bound') : progress(`PVC is not Bound. phase: ${typeof phase === 'string' ? phase : 'unknown'}`);
    }
    case 'Service':
      return serviceStatus(obj);
    case 'batch/Job':
      return jobStatus(obj);
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return crdStatus(obj);
    case 'policy/PodDisruptionBudget':
      return current('AllowedDisruptions has been computed.');
    case 'Secret':
    case 'ConfigMap':
    case 'batch/CronJob':
      return current('Resource is always ready');
    default:
      return genericStatus(obj);
  }
}

// Kinds kstatus does not know: Flux's rule, the Ready condition when there is one.
function genericStatus(obj: KubeObject): ObjectStatus {
  const ready = condition(obj, 'Ready');
  if (ready === undefined) return current('Resource is current');
  if (ready.status === 'True') return current(ready.message ?? 'Resource is Ready');
  return progress(ready.message ?? 'Resource not Ready');
}

function deploymentStatus(obj: KubeObject): ObjectStatus {
  const spec = rec(obj.spec);
  const st = rec(obj.status);
  // Without progressDeadlineSeconds the controller sets no Progressing condition.
  let progressing = spec.progressDeadlineSeconds === undefined;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === 'Progressing') {
      if (c.reason === 'ProgressDeadlineExceeded') return failed('Progress deadline exceeded');
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    }
    if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const replicas = num(spec.replicas, 1);
  const total = num(st.replicas);
  const updated = num(st.updatedReplicas);
  const ready = num(st.readyReplicas);
  const avail = num(st.availableReplicas);
  if (replicas > total) return progress(`Replicas: ${total}/${replicas}`);
  if (replicas > updated) return progress(`Updated: ${updated}/${replicas}`);
  if (total > replicas) return progress(`Pending termination: ${total - replicas}`);
  if (updated > avail) return progress(`Available: ${avail}/${updated}`);
  if (replicas > ready) return progress(`Ready: ${ready}/${replicas}`);
  if (!progressing) return progress('ReplicaSet not Available');
  if (!available) return progress('Deployment not Available');
  return current(`Deployment is available. Replicas: ${total}`);
}

function statefulSetStatus(obj: KubeObject): ObjectStatus {
  const spec = rec(obj.spec);
  const st = rec(obj.status);
  const strategy = rec(spec.updateStrategy);
  if (strategy.type === 'OnDelete') return current('StatefulSet is using the ondelete update strategy');
  const replicas = num(spec.replicas, 1);
  const total = num(st.replicas);
  const ready = num(st.readyReplicas);
  const currentReplicas = num(st.currentReplicas);
  const updated = num(st.updatedReplicas);
  const partition = num(rec(strategy.rollingUpdate).partition, -1);
  if (replicas > total) return progress(`Replicas: ${total}/${replicas}`);
  if (replicas > ready) return progress(`Ready: ${ready}/${replicas}`);
  if (total > replicas) return progress(`Pending termination: ${total - replicas}`);
  if (partition !== -1) {
    if (updated < replicas - partition) return progress(`updated: ${updated}/${replicas - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (replicas > currentReplicas) return progress(`current: ${currentReplicas}/${replicas}`);
  if ((st.currentRevision ?? '') !== (st.updateRevision ?? '')) return progress('Waiting for updated revision to match current');
  return current(`All replicas scheduled as expected. Replicas: ${total}`);
}

function daemonSetStatus(obj: KubeObject): ObjectStatus {
  // A DaemonSet the controller has not seen yet has no generation/observedGeneration.
  if (obj.metadata.generation === undefined) return progress(`${obj.kind} metadata.generation not found`);
  const st = rec(obj.status);
  if (st.observedGeneration === undefined) return progress(`${obj.kind} status.observedGeneration not found`);
  const desired = num(st.desiredNumberScheduled, -1);
  if (desired === -1) return progress('Missing .status.desiredNumberScheduled');
  if (desired > num(st.currentNumberScheduled)) return progress(`Current: ${num(st.currentNumberScheduled)}/${desired}`);
  if (desired > num(st.updatedNumberScheduled)) return progress(`Updated: ${num(st.updatedNumberScheduled)}/${desired}`);
  if (desired > num(st.numberAvailable)) return progress(`Available: ${num(st.numberAvailable)}/${desired}`);
  if (desired > num(st.numberReady)) return progress(`Ready: ${num(st.numberReady)}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function replicaSetStatus(obj: KubeObject): ObjectStatus {
  if (conditions(obj).some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) return progress('Replica Failure condition. Check Pods');
  const replicas = num(rec(obj.spec).replicas, 1);
  const st = rec(obj.status);
  if (replicas > num(st.fullyLabeledReplicas)) return progress(`Labelled: ${num(st.fullyLabeledReplicas)}/${replicas}`);
  if (replicas > num(st.availableReplicas)) return progress(`Available: ${num(st.availableReplicas)}/${replicas}`);
  if (replicas > num(st.readyReplicas)) return progress(`Ready: ${num(st.readyReplicas)}/${replicas}`);
  if (num(st.replicas) > replicas) return progress(`Pending termination: ${num(st.replicas) - replicas}`);
  return current(`ReplicaSet is available. Replicas: ${num(st.replicas)}`);
}

/** How long a Pod may stay unschedulable before kstatus calls it Failed. */
const SCHEDULE_WINDOW_MS = 15_000;

function podStatus(obj: KubeObject, now: () => number): ObjectStatus {
  const phase = rec(obj.status).phase;
  switch (phase) {
    case 'Succeeded':
      return current('Pod has completed successfully');
    case 'Failed':
      return current('Pod has completed, but not successfully');
    case 'Running': {
      if (condition(obj, 'Ready')?.status === 'True') return current('Pod is Ready');
      const statuses = rec(obj.status).containerStatuses;
      const looping = (Array.isArray(statuses) ? statuses : [])
        .map(rec)
        .filter((cs) => rec(rec(cs.state).waiting).reason === 'CrashLoopBackOff')
        .map((cs) => String(cs.name));
      if (looping.length > 0) return failed(`Containers in CrashLoop state: ${looping.join(',')}`);
      return progress('Pod is running but is not Ready');
    }
    case 'Pending': {
      const scheduled = conditions(obj).find((c) => c.type === 'PodScheduled' && c.status === 'False');
      if (scheduled?.reason === 'Unschedulable') {
        const created = Date.parse(obj.metadata.creationTimestamp ?? '');
        if (Number.isNaN(created) || now() - SCHEDULE_WINDOW_MS < created) return progress('Pod has not been scheduled');
        return failed('Pod could not be scheduled');
      }
      return progress('Pod is in the Pending phase');
    }
    default:
      return progress('Pod phase not available');
  }
}

function serviceStatus(obj: KubeObject): ObjectStatus {
  const spec = rec(obj.spec);
  if (spec.type === 'LoadBalancer' && !spec.clusterIP) return progress('ClusterIP not set. Service type: LoadBalancer');
  return current('Service is ready');
}

function jobCounts(obj: KubeObject): { completions: number; succeeded: number; active: number; failed: number } {
  const spec = rec(obj.spec);
  const st = rec(obj.status);
  return { completions: num(spec.completions, num(spec.parallelism, 1)), succeeded: num(st.succeeded), active: num(st.active), failed: num(st.failed) };
}

function jobStatus(obj: KubeObject): ObjectStatus {
  const n = jobCounts(obj);
  for (const c of conditions(obj)) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete') return current(`Job Completed. succeeded: ${n.succeeded}/${n.completions}`);
    if (c.type === 'Failed') return failed(`Job Failed. failed: ${n.failed}/${n.completions}`);
    if (c.type === 'Suspended') return current('Job is suspended');
  }
  if (rec(obj.status).startTime === undefined) return progress('Job not started');
  return current(`Job in progress. success:${n.succeeded}, active: ${n.active}, failed: ${n.failed}`);
}

/** Helm/Flux wait for Jobs to complete (waitForJobs), beyond core kstatus. */
export function jobComplete(obj: KubeObject): ObjectStatus {
  const s = jobStatus(obj);
  if (s.status === 'Failed' || conditions(obj).some((c) => c.type === 'Complete' && c.status === 'True')) return s;
  return progress('Job in progress');
}

function crdStatus(obj: KubeObject): ObjectStatus {
  for (const c of conditions(obj)) {
    if (c.type === 'NamesAccepted' && c.status === 'False') return failed(c.message ?? '');
    if (c.type === 'Established') {
      if (c.status === 'False' && c.reason !== 'Installing') return failed(c.message ?? '');
      if (c.status === 'True') return current('CRD is established');
    }
  }
  return progress('Install in progress');
}

/**
 * Hook waits (Helm's WatchUntilReady): only Jobs and Pods are awaited; a Job must complete, a
 * Pod must succeed; a failed Job or Pod fails the hook; every other kind is ready at once.
 */
export function hookStatus(obj: KubeObject): ObjectStatus {
  if (obj.kind === 'Job' && obj.apiVersion.startsWith('batch/')) {
    for (const c of conditions(obj)) {
      if (c.type === 'Complete' && c.status === 'True') return current('Job completed');
      if (c.type === 'Failed' && c.status === 'True') return failed(`Job Failed. failed: ${num(rec(obj.status).failed)}/${num(rec(obj.spec).completions, 1)}`);
    }
    return progress(rec(obj.status).startTime !== undefined ? 'Job in progress' : 'Job not started');
  }
  if (obj.kind === 'Pod' && obj.apiVersion === 'v1') {
    const phase = rec(obj.status).phase;
    if (phase === 'Succeeded') return current('Pod has completed successfully');
    if (phase === 'Failed') return failed('Pod has completed, but not successfully');
    return progress(`Pod phase is ${typeof phase === 'string' ? phase : 'unknown'}`);
  }
  return current('');
}
