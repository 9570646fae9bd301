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

/** The kstatus of a live object (undefined = not found). */
export function computeStatus(obj: KubeObject | undefined): ObjectStatus {
  if (obj === undefined) return { status: 'NotFound', message: 'Resource not found' };
  if (obj.metadata.deletionTimestamp) return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const status = rec(obj.status);
  const generation = obj.metadata.generation;
  if (generation !== undefined && status.observedGeneration !== undefined && status.observedGeneration !== generation) {
    return progress(`${obj.kind} generation is ${generation}, but latest observed generation is ${String(status.observedGeneration)}`);
  }
  // Generic conditions come first, as kstatus checks them for every kind.
  const reconciling = condition(obj, 'Reconciling');
  if (reconciling?.status === 'True') return progress(reconciling.message ?? '');
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True') return failed(stalled.message ?? '');

  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  switch (`${group}/${obj.kind}`) {
    case 'apps/Deployment':
      return deploymentStatus(obj);
    case 'apps/StatefulSet':
      return statefulSetStatus(obj);
    case 'apps/DaemonSet':
      return daemonSetStatus(obj);
    case 'apps/ReplicaSet':
      return replicaSetStatus(obj);
    case '/Pod':
      return podStatus(obj);
    case '/PersistentVolumeClaim':
      return rec(obj.status).phase === 'Bound' ? current('PVC is Bound') : progress('PVC is not Bound');
    case '/Service':
      return serviceStatus(obj);
    case 'batch/Job':
      return jobStatus(obj);
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return crdStatus(obj);
    case 'policy/PodDisruptionBudget':
      return current('');
    default:
      return genericStatus(obj);
  }
}

function genericStatus(obj: KubeObject): ObjectStatus {
  const ready = condition(obj, 'Ready');
  if (ready === undefined) return current('Resource is current');
  if (ready.status === 'True') return current(ready.message ?? 'Resource is Ready');
  if (ready.status === 'False' && conditions(obj).some((c) => c.type === 'Stalled' && c.status === 'True')) return failed(ready.message ?? '');
  return progress(ready.message ?? 'Resource not Ready');
}

function deploymentStatus(obj: KubeObject): ObjectStatus {
  const spec = rec(obj.spec);
  const st = rec(obj.status);
  let progressing = false;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') return failed('Progress deadline exceeded');
    if (c.type === 'Progressing' && c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const replicas = num(spec.replicas, 1);
  const total = num(st.replicas);
  const updated = num(st.updatedReplicas);
  const ready = num(st.readyReplicas);
  const avail = num(st.availableReplicas);
  if (replicas > total) return progress(`replicas: ${total}/${replicas}`);
  if (replicas > updated) return progress(`Updated: ${updated}/${replicas}`);
  if (total > updated) return progress(`Pending termination: ${total - updated}`);
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
  if (strategy.type === 'OnDelete') return current('StatefulSet is using the OnDelete update strategy');
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
  const st = rec(obj.status);
  const desired = num(st.desiredNumberScheduled, -1);
  if (desired < 0) return progress('Missing .status.desiredNumberScheduled');
  if (num(st.currentNumberScheduled) < desired) return progress(`Current: ${num(st.currentNumberScheduled)}/${desired}`);
  if (num(st.updatedNumberScheduled) < desired) return progress(`Updated: ${num(st.updatedNumberScheduled)}/${desired}`);
  if (num(st.numberAvailable) < desired) return progress(`Available: ${num(st.numberAvailable)}/${desired}`);
  if (num(st.numberReady) < desired) return progress(`Ready: ${num(st.numberReady)}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function replicaSetStatus(obj: KubeObject): ObjectStatus {
  const replicas = num(rec(obj.spec).replicas, 1);
  const st = rec(obj.status);
  if (num(st.readyReplicas) < replicas) return progress(`Ready: ${num(st.readyReplicas)}/${replicas}`);
  if (num(st.availableReplicas) < replicas) return progress(`Available: ${num(st.availableReplicas)}/${replicas}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}

function podStatus(obj: KubeObject): ObjectStatus {
  const st = rec(obj.status);
  const phase = st.phase;
  if (phase === 'Succeeded') return current('Pod has completed successfully');
  if (phase === 'Failed') return current('Pod has completed, but not successfully');
  const statuses = Array.isArray(st.containerStatuses) ? st.containerStatuses : [];
  for (const cs of statuses) {
    const waiting = rec(rec(rec(cs).state).waiting);
    if (waiting.reason === 'CrashLoopBackOff') return failed('Pod is in CrashLoopBackOff');
  }
  if (phase === 'Running' && condition(obj, 'Ready')?.status === 'True') return current('Pod is Ready');
  return progress(`Pod phase is ${typeof phase === 'string' ? phase : 'unknown'}`);
}

function serviceStatus(obj: KubeObject): ObjectStatus {
  const spec = rec(obj.spec);
  if (spec.type === 'LoadBalancer' && !spec.clusterIP) return progress('ClusterIP not set. Service type: LoadBalancer');
  return current('Service is ready');
}

function jobStatus(obj: KubeObject): ObjectStatus {
  const st = rec(obj.status);
  for (const c of conditions(obj)) {
    if (c.type === 'Failed' && c.status === 'True') return failed(`Job Failed. failed: ${num(st.failed)}/${num(rec(obj.spec).completions, 1)}`);
    if (c.type === 'Complete' && c.status === 'True') return current(`Job Completed. succeeded: ${num(st.succeeded)}/${num(rec(obj.spec).completions, 1)}`);
  }
  // Core kstatus: a started Job is Current; Helm's waits also require completion (jobComplete).
  if (st.startTime !== undefined) return current('Job in progress');
  return progress('Job not started');
}

/** Helm/Flux wait for Jobs to complete (waitForJobs), beyond core kstatus. */
export function jobComplete(obj: KubeObject): ObjectStatus {
  const s = jobStatus(obj);
  if (s.status === 'Failed') return s;
  if (conditions(obj).some((c) => c.type === 'Complete' && c.status === 'True')) return s;
  return progress('Job has not completed');
}

function crdStatus(obj: KubeObject): ObjectStatus {
  const names = condition(obj, 'NamesAccepted');
  if (names?.status === 'False') return failed(names.message ?? 'CRD names not accepted');
  if (condition(obj, 'Established')?.status === 'True') return current('CRD is established');
  return progress('CRD is not established');
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
