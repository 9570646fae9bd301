// When a wait is over. Each check looks at one version of the object and says: keep waiting,
// done, or failed (with the message to report).
import type { KubeObject } from '../../cluster/types.js';
import { field, findCondition, lastHandledReconcileAt } from '../../kinds/accessors.js';
import { computeKStatus } from './kstatus.js';

export type Verdict = { state: 'pending' } | { state: 'done'; object: KubeObject } | { state: 'failed'; message: string; object: KubeObject };

export type Check = (obj: KubeObject) => Verdict;

const PENDING: Verdict = { state: 'pending' };

/** The Ready condition (if any) was computed for the object's current generation. */
function readyForGeneration(obj: KubeObject): boolean {
  const generation = obj.metadata.generation;
  const ready = findCondition(obj, 'Ready');
  const condGen = ready?.observedGeneration;
  if (typeof condGen === 'number' && condGen !== 0) return condGen === generation;
  const observed = field(obj, 'status', 'observedGeneration');
  return observed === undefined || observed === generation;
}

/**
 * `reconcile`: the controller handled exactly our request (lastHandledReconcileAt equals the
 * token we wrote — flux only checks that it changed, which an unrelated earlier request can
 * satisfy) and the result is final for the current generation.
 *
 * Final means kstatus Current (done), Failed/Terminating (failed at once), or — where flux would
 * wait out the whole --timeout — Ready=False with no Reconciling=True: the controller finished
 * handling our request and failed, so waiting longer cannot change the answer. The caller reports
 * that with flux's "reconciliation failed" wording. Flux controllers keep Reconciling=True
 * (reason ProgressingWithRetry) while a failed reconciliation will be retried and drop it only
 * once Ready=True or Stalled=True, so a retrying object is still waited for.
 */
export function reconcileHandled(token: string): Check {
  return (obj) => {
    if (lastHandledReconcileAt(obj) !== token) return PENDING;
    const ks = computeKStatus(obj);
    if (ks.status === 'Terminating' || ks.status === 'Failed') return { state: 'failed', message: ks.message, object: obj };
    if (!readyForGeneration(obj)) return PENDING;
    if (ks.status === 'Current') return { state: 'done', object: obj };
    const ready = findCondition(obj, 'Ready');
    if (ready?.status === 'False' && !isReconciling(obj)) return { state: 'done', object: obj };
    return PENDING;
  };
}

function isReconciling(obj: KubeObject): boolean {
  return findCondition(obj, 'Reconciling')?.status === 'True';
}

/**
 * `resume` (flux's isObjectReady): observed at least once, Ready computed for this generation,
 * then kstatus. Static objects (OCI HelmRepository) are ready as they are.
 */
export function objectReady(isStatic: (obj: KubeObject) => boolean): Check {
  return (obj) => {
    if (!isStatic(obj)) {
      const observed = field(obj, 'status', 'observedGeneration');
      if (typeof observed !== 'number' || observed < 1) return PENDING;
      const ready = findCondition(obj, 'Ready');
      if (!ready) return PENDING;
      const condGen = ready.observedGeneration;
      if (typeof condGen === 'number' && condGen !== 0) {
        if (condGen !== obj.metadata.generation) return PENDING;
      } else if (observed !== obj.metadata.generation) return PENDING;
    }
    const ks = computeKStatus(obj);
    if (ks.status === 'Current') return { state: 'done', object: obj };
    if (ks.status === 'InProgress') return PENDING;
    return { state: 'failed', message: ks.message, object: obj };
  };
}
