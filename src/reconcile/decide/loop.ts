// atomic_release.go Reconcile with cleanReleaseStrategy: determine the state, pick the action,
// run it through an injected runner, and repeat until nothing is left to do, an action type
// would run twice, or a remediation ran. The controller and `reconcile --local` share it.
import type { HelmRelease } from '../../kinds/api-types.js';
import * as conditions from '../conditions/index.js';
import * as msg from '../messages/index.js';
import type { ReleaseState } from '../state/index.js';
import { actionForState, type DecisionContext } from './action-for-state.js';
import { timeoutForAction, type NextAction, type ReconcilerType } from './actions.js';
import { ExceededMaxRetriesError, MissingRollbackTargetError } from './errors.js';
import { activeRemediation, activeRetry, failureCount, type ReleaseAction } from './remediation.js';
import { summarizeRelease } from './summarize.js';

export type LoopOutcome =
  /** Nothing left to do: requeue after spec.interval. */
  | { kind: 'done' }
  /** Run again right away (ErrMustRequeue). */
  | { kind: 'requeue' }
  /** RetryOnFailure: run again after the interval (ErrRetryAfterInterval). */
  | { kind: 'retry-after'; interval: string }
  /** Terminal until the spec changes or a reset/force is requested; Stalled=True is set. */
  | { kind: 'stalled'; error: ExceededMaxRetriesError | MissingRollbackTargetError };

export interface LoopDeps<D> extends DecisionContext {
  /** DetermineReleaseState with the current inputs (re-evaluated before every action). */
  determineState: () => Promise<ReleaseState<D>>;
  /** Runs one action and records its result on `hr` (conditions, history, counters). */
  runAction: (action: NextAction<D>) => Promise<void>;
  /** Persists `hr.status` (before and after each action). */
  patchStatus: () => Promise<void>;
  /** Told about each step, for progress output. */
  onAction?: (action: NextAction<D>, message: string) => void;
  signal?: AbortSignal;
  /**
   * Digests of spec.postRenderers / spec.commonMetadata ('' when unset), recorded as observed
   * whenever Ready is summarized (summarize.ts); undefined leaves the status field alone.
   */
  postRenderersDigest?: string;
  commonMetadataDigest?: string;
}

/**
 * Runs the atomic release loop on `hr`. Action errors are rethrown after Ready=False
 * ReconcileError (when Ready was True); state errors after Ready=False StateError.
 */
export async function runAtomicRelease<D>(hr: HelmRelease, deps: LoopDeps<D>): Promise<LoopOutcome> {
  const ran: ReconcilerType[] = [];
  const now = deps.now;

  for (;;) {
    if (deps.signal?.aborted) {
      await deps.patchStatus().catch(() => {});
      throw new Error(`atomic release canceled: ${String(deps.signal.reason ?? 'aborted')}`);
    }

    let state: ReleaseState<D>;
    try {
      state = await deps.determineState();
    } catch (e) {
      conditions.markFalse(hr, conditions.READY, msg.Reason.StateError, msg.stateError((e as Error).message), now);
      throw new Error(`cannot determine release state: ${(e as Error).message}`, { cause: e });
    }

    let next: NextAction<D> | undefined;
    try {
      next = await actionForState(hr, state, deps);
    } catch (e) {
      if (e instanceof ExceededMaxRetriesError) {
        markRetriesExceeded(hr, now, state.status === 'Absent' ? 'install' : 'upgrade');
        return { kind: 'stalled', error: e };
      }
      if (e instanceof MissingRollbackTargetError) {
        conditions.markStalled(hr, msg.Reason.MissingRollbackTarget, msg.missingRollbackTarget(e.message), now);
        return { kind: 'stalled', error: e };
      }
      throw e;
    }

    if (!next) {
      conditions.remove(hr, conditions.RECONCILING);
      // Always summarize: restores Ready after transient errors written to it.
      summarizeRelease(hr, deps, now);
      return { kind: 'done' };
    }

    if (ran.includes(next.type)) {
      const retry = activeRetry(hr);
      if (retry) {
        conditions.markReconciling(hr, msg.Reason.ProgressingWithRetry, msg.retryingAfter(retry.retryInterval), now);
        return { kind: 'retry-after', interval: retry.retryInterval };
      }
      const remediation = activeRemediation(hr);
      if (!remediation || !remediation.retriesExhausted) {
        conditions.markReconciling(hr, msg.Reason.ProgressingWithRetry, conditions.getMessage(hr, conditions.READY), now);
        return { kind: 'requeue' };
      }
      conditions.remove(hr, conditions.RECONCILING);
      return { kind: 'done' };
    }

    const running = msg.runningAction(next.name, timeoutForAction(next, hr));
    conditions.markReconciling(hr, msg.Reason.Progressing, running, now);
    // Only release actions claim Ready: other types would hide a more important failure.
    if (next.type === 'release') conditions.markUnknown(hr, conditions.READY, msg.Reason.Progressing, running, now);
    await deps.patchStatus();
    deps.onAction?.(next, running);

    try {
      await deps.runAction(next);
    } catch (e) {
      const retry = activeRetry(hr);
      if (retry) {
        conditions.markReconciling(hr, msg.Reason.ProgressingWithRetry, msg.retryingAfter(retry.retryInterval), now);
        return { kind: 'retry-after', interval: retry.retryInterval };
      }
      if (conditions.isReady(hr)) conditions.markFalse(hr, conditions.READY, msg.Reason.ReconcileError, (e as Error).message, now);
      throw e;
    }

    if (next.type === 'remediate') {
      const retry = activeRetry(hr);
      if (retry) {
        conditions.markReconciling(hr, msg.Reason.ProgressingWithRetry, msg.retryingAfter(retry.retryInterval), now);
        return { kind: 'retry-after', interval: retry.retryInterval };
      }
      const remediation = activeRemediation(hr);
      // An uninstall remediation of a failed upgrade is followed by a fresh install.
      if (!remediation || !remediation.retriesExhausted || (remediation.action === 'upgrade' && remediation.strategy === 'uninstall')) {
        conditions.markReconciling(hr, msg.Reason.ProgressingWithRetry, conditions.getMessage(hr, conditions.READY), now);
        return { kind: 'requeue' };
      }
      markRetriesExceeded(hr, now);
      return { kind: 'stalled', error: new ExceededMaxRetriesError('cannot remediate failed release') };
    }

    ran.push(next.type);
    await deps.patchStatus();
  }
}

function markRetriesExceeded(hr: HelmRelease, now?: conditions.Clock, fallback: ReleaseAction = 'upgrade'): void {
  // Without a recorded attempt (e.g. counters carried over), name the action the state implies.
  const action = hr.status?.lastAttemptedReleaseAction ?? fallback;
  const attempts = activeRemediation(hr)?.failureCount ?? failureCount(hr, action);
  conditions.markStalled(hr, msg.Reason.RetriesExceeded, msg.retriesExceeded(action, attempts), now);
}
