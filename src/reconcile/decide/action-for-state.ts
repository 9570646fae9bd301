// atomic_release.go actionForState: the one action for a release state, and the status
// bookkeeping that goes with the decision (history truncation, stale condition flips).
import type { Release } from '../../helm/release/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import * as conditions from '../conditions/index.js';
import * as msg from '../messages/index.js';
import { latest, previous, truncate, truncateIgnoringPreviousSnapshots } from '../snapshot/index.js';
import { ERR_RELEASE_DIGEST, ERR_RELEASE_DISAPPEARED, ERR_RELEASE_NOT_FOUND, ERR_RELEASE_NOT_OBSERVED, verifySnapshot, type ReleaseState } from '../state/index.js';
import { action, type NextAction } from './actions.js';
import { shouldHandleForceRequest } from './annotations.js';
import { ExceededMaxRetriesError, MissingRollbackTargetError } from './errors.js';
import { activeRemediation, activeRetry, ignoreTestFailures, remediationFor } from './remediation.js';

export interface DecisionContext {
  /** Reads one release revision from storage (for the rollback target); undefined when gone. */
  getRelease: (name: string, version: number) => Promise<Release | undefined>;
  /** Informational decisions, as helm-controller logs them. */
  log?: (message: string) => void;
  /** Warning events (DriftDetected). */
  event?: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  now?: conditions.Clock;
}

function withReason(message: string, reason: string): string {
  return reason ? `${message}: ${reason}` : message;
}

function setHistory(hr: HelmRelease, history: NonNullable<NonNullable<HelmRelease['status']>['history']>): void {
  hr.status = hr.status ?? {};
  hr.status.history = history;
}

/** A stale Remediated=True becomes Released=True UpgradeSucceeded for the current release. */
function flipStaleRemediated(hr: HelmRelease, now?: conditions.Clock): void {
  if (!conditions.isTrue(hr, conditions.REMEDIATED)) return;
  const cur = latest(hr.status?.history);
  if (!cur) return;
  conditions.replaceCondition(hr, conditions.REMEDIATED, conditions.RELEASED, msg.Reason.UpgradeSucceeded, msg.upgradeSucceeded(cur), 'True', now);
}

/**
 * Decides the next action (undefined: nothing to do). Mutates `hr.status` as Flux does while
 * deciding. Throws ExceededMaxRetriesError or MissingRollbackTargetError when stuck.
 */
export async function actionForState<D>(hr: HelmRelease, state: ReleaseState<D>, ctx: DecisionContext): Promise<NextAction<D> | undefined> {
  const log = ctx.log ?? (() => {});
  // Before deciding, so a force request is not spent on an Unmanaged upgrade and then replayed.
  const forceRequested = shouldHandleForceRequest(hr);
  const retry = activeRetry(hr);
  const history = hr.status?.history ?? [];

  switch (state.status) {
    case 'InSync': {
      log('release in-sync with desired state');
      setHistory(hr, retry ? truncateIgnoringPreviousSnapshots(history) : truncate(history, ignoreTestFailures(hr)));
      if (forceRequested) {
        log(withReason('forcing upgrade for in-sync release', 'force requested through annotation'));
        return action('upgrade');
      }
      flipStaleRemediated(hr, ctx.now);
      // A failed upgrade left Released=False; the release is in sync again.
      const released = conditions.get(hr, conditions.RELEASED);
      const cur = latest(hr.status?.history);
      if (released?.status === 'False' && cur) {
        if (released.reason === msg.Reason.InstallFailed) conditions.markTrue(hr, conditions.RELEASED, msg.Reason.InstallSucceeded, msg.installSucceeded(cur), ctx.now);
        if (released.reason === msg.Reason.UpgradeFailed) conditions.markTrue(hr, conditions.RELEASED, msg.Reason.UpgradeSucceeded, msg.upgradeSucceeded(cur), ctx.now);
      }
      const mode = hr.spec?.driftDetection?.mode ?? 'disabled';
      if (mode === 'enabled' || mode === 'warn') conditions.markFalse(hr, conditions.DRIFTED, msg.Reason.NoDriftDetected, msg.noDriftDetected, ctx.now);
      return undefined;
    }
    case 'Locked':
      log(withReason('release locked', state.reason));
      return action('unlock');
    case 'Absent': {
      log(withReason('release not installed', state.reason));
      if (remediationFor(hr, 'install').retriesExhausted) {
        if (forceRequested) {
          log(withReason('forcing install while out of retries', 'force requested through annotation'));
          return action('install');
        }
        throw new ExceededMaxRetriesError('cannot install release');
      }
      return action('install');
    }
    case 'Unmanaged':
      log(withReason('release not managed by controller', state.reason));
      setHistory(hr, []);
      return action('upgrade');
    case 'OutOfSync':
      log(withReason('release out-of-sync with desired state', state.reason));
      if (remediationFor(hr, 'upgrade').retriesExhausted) {
        if (forceRequested) {
          log(withReason('forcing upgrade while out of retries', 'force requested through annotation'));
          return action('upgrade');
        }
        throw new ExceededMaxRetriesError('cannot upgrade release');
      }
      return action('upgrade');
    case 'Drifted': {
      const entries = state.drift?.entries ?? [];
      log(withReason('detected changes in cluster state', msg.summarizeDriftBrief(entries)));
      const cur = latest(history);
      const text = msg.driftDetected(cur ?? { namespace: '', name: '', version: 0, chartName: '', chartVersion: '' }, entries);
      ctx.event?.('Warning', msg.Reason.DriftDetected, text);
      conditions.markTrue(hr, conditions.DRIFTED, msg.Reason.DriftDetected, text, ctx.now);
      if ((hr.spec?.driftDetection?.mode ?? 'disabled') === 'enabled') return action<D>('correct-cluster-drift', state.drift ? { drift: state.drift } : {});
      return undefined;
    }
    case 'Untested':
      log(withReason('release has not been tested', state.reason));
      flipStaleRemediated(hr, ctx.now);
      return action('test');
    case 'Failed':
      return failedAction(hr, state, ctx, forceRequested, log);
  }
}

async function failedAction<D>(hr: HelmRelease, state: ReleaseState<D>, ctx: DecisionContext, forceRequested: boolean, log: (m: string) => void): Promise<NextAction<D>> {
  log(withReason('release is in a failed state', state.reason));
  const history = hr.status?.history ?? [];

  if (activeRetry(hr)) {
    setHistory(hr, truncateIgnoringPreviousSnapshots(history));
    log('retrying failed release with an upgrade');
    return action('upgrade');
  }
  const remediation = activeRemediation(hr);
  if (!remediation) {
    log('no active remediation strategy');
    return action('upgrade');
  }
  if (remediation.failureCount <= 0) {
    log('release conditions have changed since last failure');
    return action('upgrade');
  }
  if (forceRequested) {
    log(withReason('forcing upgrade for failed release', 'force requested through annotation'));
    return action('upgrade');
  }
  if (remediation.retriesExhausted && !remediation.mustRemediateLastFailure) {
    throw new ExceededMaxRetriesError('cannot remediate failed release');
  }

  const ignoreTests = remediation.mustIgnoreTestFailures(hr.spec?.test?.ignoreFailures ?? false);
  setHistory(hr, truncate(history, ignoreTests));

  if (remediation.strategy === 'uninstall') return action('uninstall-remediation');

  const prev = previous(hr.status?.history, ignoreTests);
  const verified = await verifySnapshot(ctx.getRelease, prev);
  if ('error' in verified) {
    if (verified.error === ERR_RELEASE_NOT_FOUND) throw new MissingRollbackTargetError('cannot remediate failed release');
    if (verified.error === ERR_RELEASE_DISAPPEARED || verified.error === ERR_RELEASE_NOT_OBSERVED || verified.error === ERR_RELEASE_DIGEST) {
      log(withReason('unable to verify previous release in storage to roll back to', verified.error));
      return action('upgrade');
    }
  }
  return action('rollback-remediation', prev ? { rollbackTarget: prev } : {});
}
