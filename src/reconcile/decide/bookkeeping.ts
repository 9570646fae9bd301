// What each action records on the HelmRelease (internal/reconcile/install.go, upgrade.go,
// test.go, rollback_remediation.go, uninstall_remediation.go, unlock.go). The action runners
// (src/helm/action) report what happened; these functions turn it into status the way
// helm-controller does, so runners stay free of Flux bookkeeping.
import type { HelmRelease, Snapshot, TestHookStatus } from '../../kinds/api-types.js';
import * as conditions from '../conditions/index.js';
import * as msg from '../messages/index.js';
import { hasBeenTested, latest, prepend, sortByVersion } from '../snapshot/index.js';
import { activeRemediation, activeRetry, clearFailures, incrementFailureCount, type ReleaseAction } from './remediation.js';

/** Snapshots of the release records the action wrote to storage (observed writes), any order. */
export type ObservedSnapshots = readonly Snapshot[];

function status(hr: HelmRelease): NonNullable<HelmRelease['status']> {
  hr.status = hr.status ?? {};
  return hr.status;
}

/** Adds observed snapshots to the history: a newer write of the same version replaces the old. */
export function recordObserved(hr: HelmRelease, observed: ObservedSnapshots): void {
  let history = status(hr).history ?? [];
  for (const s of [...observed].sort((a, b) => a.version - b.version)) {
    const old = history.find((h) => h.version === s.version && h.name === s.name && h.namespace === s.namespace);
    // Test results belong to the snapshot, not to the storage record.
    const merged: Snapshot = { ...s, ...(old?.testHooks && !s.testHooks ? { testHooks: old.testHooks } : {}) };
    history = prepend(history, merged);
  }
  status(hr).history = sortByVersion(history);
}

/**
 * What an install or upgrade wrote, as helm-controller's observedReleases.recordOnObject: the
 * newest release written goes in front of the history; of the older writes (a previous release
 * superseded) only the first that is already in the history is updated. Releases that are not
 * in the history (after an Unmanaged state cleared it) stay out of it.
 */
function recordReleaseWrites(hr: HelmRelease, observed: ObservedSnapshots): void {
  if (observed.length === 0) return;
  const byVersion = new Map<number, Snapshot>();
  for (const s of observed) byVersion.set(s.version, s);
  const versions = [...byVersion.keys()].sort((a, b) => b - a);
  const history = [byVersion.get(versions[0]!)!, ...(status(hr).history ?? [])];
  for (const v of versions.slice(1)) {
    const o = byVersion.get(v)!;
    const i = history.findIndex((h) => h.name === o.name && h.namespace === o.namespace && h.version === o.version);
    if (i < 0) continue;
    const old = history[i]!;
    // The recorded snapshot keeps its test results and OCI digest.
    const next: Snapshot = { ...o };
    if (old.testHooks) next.testHooks = old.testHooks;
    if (old.ociDigest) next.ociDigest = old.ociDigest;
    else delete next.ociDigest;
    history[i] = next;
    break;
  }
  status(hr).history = history;
}

/** Before an install or upgrade runs. */
export function beginReleaseAction(hr: HelmRelease, action: ReleaseAction): void {
  const st = status(hr);
  st.lastAttemptedReleaseAction = action;
  // An install starts a new history; an upgrade continues it.
  if (action === 'install') st.history = [];
  conditions.remove(hr, conditions.TEST_SUCCESS);
  conditions.remove(hr, conditions.REMEDIATED);
}

export interface ReleaseActionResult {
  action: ReleaseAction;
  observed: ObservedSnapshots;
  /** Go duration text of how long the action took, e.g. 12.5s. */
  duration?: string;
  /** The action error (undefined on success). */
  error?: Error;
  /** For failure messages: release namespace, the unshortened release name, the loaded chart. */
  target: msg.FailedRelease;
  now?: conditions.Clock;
}

/**
 * After an install or upgrade. Returns the error to return from the action runner: a failure that
 * wrote nothing to storage is a plain error (retried as is); one that did is counted against the
 * remediation retries and returns undefined, so the next state (Failed) decides.
 */
export function recordReleaseResult(hr: HelmRelease, r: ReleaseActionResult): Error | undefined {
  const st = status(hr);
  recordReleaseWrites(hr, r.observed);
  if (r.duration) st.lastAttemptedReleaseActionDuration = r.duration;

  if (r.error) {
    st.failures = (st.failures ?? 0) + 1;
    const text = r.action === 'install' ? msg.installFailed(r.target, r.error.message) : msg.upgradeFailed(r.target, r.error.message);
    conditions.markFalse(hr, conditions.RELEASED, r.action === 'install' ? msg.Reason.InstallFailed : msg.Reason.UpgradeFailed, text, r.now);
    if (r.observed.length === 0) return r.error;
    incrementFailureCount(hr, r.action);
    return undefined;
  }

  const cur = latest(st.history);
  if (cur) {
    const text = r.action === 'install' ? msg.installSucceeded(cur) : msg.upgradeSucceeded(cur);
    conditions.markTrue(hr, conditions.RELEASED, r.action === 'install' ? msg.Reason.InstallSucceeded : msg.Reason.UpgradeSucceeded, text, r.now);
    if (hr.spec?.test?.enable && !hasBeenTested(cur)) conditions.markUnknown(hr, conditions.TEST_SUCCESS, msg.Reason.AwaitingTests, msg.awaitingTests(cur), r.now);
  }
  // Under RemediateOnFailure counters only reset on spec/chart/values change or a reset request.
  if (activeRetry(hr)) clearFailures(hr);
  return undefined;
}

export interface TestResult {
  /** Test hook results by name (already filtered by spec.test.filters); undefined if none observed. */
  hooks?: Record<string, TestHookStatus>;
  error?: Error;
  now?: conditions.Clock;
}

/** After `helm test` on the latest release. Returns the error for the runner to return. */
export function recordTestResult(hr: HelmRelease, r: TestResult): Error | undefined {
  const st = status(hr);
  const cur = latest(st.history);
  if (cur && r.hooks) {
    st.history = (st.history ?? []).map((s) => (s === cur ? { ...s, testHooks: r.hooks } : s));
  }
  const updated = latest(st.history);
  if (!updated) return r.error;
  if (r.error) {
    // Every failed test run counts in status.failures; only observed results count against the
    // active remediation's retries (internal/reconcile/test.go failure).
    st.failures = (st.failures ?? 0) + 1;
    conditions.markFalse(hr, conditions.TEST_SUCCESS, msg.Reason.TestFailed, msg.testFailed(updated, r.error.message), r.now);
    const tested = hasBeenTested(updated);
    const remediation = activeRemediation(hr);
    const ignore = remediation?.mustIgnoreTestFailures(hr.spec?.test?.ignoreFailures ?? false) ?? hr.spec?.test?.ignoreFailures ?? false;
    if (tested && remediation && !ignore) incrementFailureCount(hr, remediation.action);
    // Nothing observed: the test did not run, so the error is retried as is.
    return tested ? undefined : r.error;
  }
  conditions.markTrue(hr, conditions.TEST_SUCCESS, msg.Reason.TestSucceeded, msg.testSucceeded(updated, Object.keys(r.hooks ?? {}).length), r.now);
  return undefined;
}

/**
 * After a rollback remediation to `target`. A failed rollback that wrote a release is recorded
 * and left to the next state check; one that wrote nothing returns its error (retried).
 */
export function recordRollbackResult(hr: HelmRelease, target: Snapshot, observed: ObservedSnapshots, error?: Error, now?: conditions.Clock): Error | undefined {
  recordObserved(hr, observed);
  if (error) {
    status(hr).failures = (status(hr).failures ?? 0) + 1;
    conditions.markFalse(hr, conditions.REMEDIATED, msg.Reason.RollbackFailed, msg.rollbackFailed(target, error.message), now);
    return observed.length === 0 ? error : undefined;
  }
  conditions.markTrue(hr, conditions.REMEDIATED, msg.Reason.RollbackSucceeded, msg.rollbackSucceeded(target), now);
  return undefined;
}

/** Writes to releases already in the history replace their snapshots (test hooks and OCI digest kept). */
function updateObserved(hr: HelmRelease, observed: ObservedSnapshots): void {
  status(hr).history = (status(hr).history ?? []).map((snap) => {
    const seen = [...observed].reverse().find((o) => o.name === snap.name && o.namespace === snap.namespace && o.version === snap.version);
    if (!seen) return snap;
    return { ...seen, ...(snap.testHooks ? { testHooks: snap.testHooks } : {}), ...(snap.ociDigest ? { ociDigest: snap.ociDigest } : {}) };
  });
}

/**
 * After an uninstall remediation of the latest release (uninstall_remediation.go): Remediated
 * records the outcome, the uninstalled snapshot is updated in place. An uninstall that wrote
 * nothing to storage is an error (returned, retried); a failure that did is left to the next
 * state check.
 */
export function recordUninstallRemediationResult(hr: HelmRelease, observed: ObservedSnapshots, error?: Error, now?: conditions.Clock): Error | undefined {
  const before = latest(status(hr).history);
  if (!before) return error;
  updateObserved(hr, observed);
  const after = latest(status(hr).history) ?? before;
  const unchanged = after.digest === before.digest;
  const err = error ?? (unchanged ? new Error(`uninstall completed with error: ${msg.errNoStorageUpdate}`) : undefined);
  if (err) {
    status(hr).failures = (status(hr).failures ?? 0) + 1;
    conditions.markFalse(hr, conditions.REMEDIATED, msg.Reason.UninstallFailed, msg.uninstallRemediationFailed(after, err.message), now);
    return unchanged ? err : undefined;
  }
  conditions.markTrue(hr, conditions.REMEDIATED, msg.Reason.UninstallSucceeded, msg.uninstallRemediationSucceeded(after), now);
  return undefined;
}

/**
 * After unlocking a release left in a pending state (`previousStatus`, e.g. pending-upgrade):
 * Released=False PendingRelease either way, failures counted. `subject` is the snapshot of the
 * release that was locked (its chart names the message); only releases already in the history
 * are updated from the observed write.
 */
export function recordUnlockResult(hr: HelmRelease, previousStatus: string, observed: ObservedSnapshots, error?: Error, now?: conditions.Clock, subject?: Snapshot): Error | undefined {
  updateObserved(hr, observed);
  const about = subject ?? latest(status(hr).history);
  if (!about) return error;
  if (error) {
    status(hr).failures = (status(hr).failures ?? 0) + 1;
    conditions.markFalse(hr, conditions.RELEASED, msg.Reason.PendingRelease, msg.unlockFailed(about, previousStatus, error.message), now);
    return error;
  }
  conditions.markFalse(hr, conditions.RELEASED, msg.Reason.PendingRelease, msg.unlockSucceeded(about, previousStatus), now);
  return undefined;
}

/** What the Helm uninstall of a release target reported. */
export interface UninstallOutcome {
  /** Release records written while uninstalling (observed writes). */
  observed: ObservedSnapshots;
  error?: Error;
  /** spec.uninstall.keepHistory, which turns "already deleted" into success. */
  keepHistory?: boolean;
  now?: conditions.Clock;
}

/** Helm's storage driver error for a name with no records. */
const RELEASE_NOT_FOUND = 'release: not found';

/**
 * After uninstalling the latest release for a changed release target or a deletion
 * (internal/reconcile/uninstall.go): Released=False, the uninstalled snapshots updated in place.
 * Returns the error to give up with (undefined: the release is gone). Without a latest snapshot
 * there is nothing to uninstall and nothing is recorded.
 */
export function recordUninstallResult(hr: HelmRelease, r: UninstallOutcome): Error | undefined {
  const before = latest(status(hr).history);
  if (!before) return r.error;
  // Only writes to releases already in the history are taken (Helm may supersede older ones).
  updateObserved(hr, r.observed);

  let error = r.error;
  if (error?.message.includes(RELEASE_NOT_FOUND)) {
    conditions.markFalse(hr, conditions.RELEASED, msg.Reason.UninstallSucceeded, msg.releaseNotFound(before), r.now);
    return undefined;
  }
  if (error && r.keepHistory && error.message.includes('is already deleted')) {
    conditions.markFalse(hr, conditions.RELEASED, msg.Reason.UninstallSucceeded, msg.releaseAlreadyUninstalled(before), r.now);
    return undefined;
  }
  const after = latest(status(hr).history) ?? before;
  // Helm can return without error while its storage write failed.
  if (!error && after.digest === before.digest && before.status !== 'uninstalled') {
    error = new Error(`uninstall completed with error: ${msg.errNoStorageUpdate}`);
  }
  if (error) {
    status(hr).failures = (status(hr).failures ?? 0) + 1;
    conditions.markFalse(hr, conditions.RELEASED, msg.Reason.UninstallFailed, msg.uninstallFailed(after, error.message), r.now);
    return error;
  }
  conditions.markFalse(hr, conditions.RELEASED, msg.Reason.UninstallSucceeded, msg.uninstallSucceeded(after), r.now);
  return undefined;
}
