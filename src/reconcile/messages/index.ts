// Every condition reason and message helm-controller writes (internal/reconcile/*.go), as
// functions, so the core, `describe` and tests agree on the exact words.
import { fullReleaseName, versionedChartName } from '../snapshot/index.js';
import type { Snapshot } from '../../kinds/api-types.js';

export const Reason = {
  InstallSucceeded: 'InstallSucceeded',
  InstallFailed: 'InstallFailed',
  UpgradeSucceeded: 'UpgradeSucceeded',
  UpgradeFailed: 'UpgradeFailed',
  TestSucceeded: 'TestSucceeded',
  TestFailed: 'TestFailed',
  RollbackSucceeded: 'RollbackSucceeded',
  RollbackFailed: 'RollbackFailed',
  UninstallSucceeded: 'UninstallSucceeded',
  UninstallFailed: 'UninstallFailed',
  ArtifactFailed: 'ArtifactFailed',
  DependencyNotReady: 'DependencyNotReady',
  DriftDetected: 'DriftDetected',
  NoDriftDetected: 'NoDriftDetected',
  Progressing: 'Progressing',
  ProgressingWithRetry: 'ProgressingWithRetry',
  InvalidCELExpression: 'InvalidCELExpression',
  HealthCheckCanceled: 'HealthCheckCanceled',
  AccessDenied: 'AccessDenied',
  AwaitingTests: 'AwaitingTests',
  PendingRelease: 'PendingRelease',
  RetriesExceeded: 'RetriesExceeded',
  MissingRollbackTarget: 'MissingRollbackTarget',
  StateError: 'StateError',
  ReconcileError: 'ReconcileError',
  SourceNotReady: 'SourceNotReady',
  ValuesError: 'ValuesError',
  ChartMutateError: 'ChartMutateError',
  RESTClientError: 'RESTClientError',
  ResourceManagerError: 'ResourceManagerError',
  FactoryError: 'FactoryError',
  ConfigFactoryErr: 'ConfigFactoryErr',
  // Event-only reasons.
  DriftCorrected: 'DriftCorrected',
  DriftCorrectionFailed: 'DriftCorrectionFailed',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

type Snap = Pick<Snapshot, 'namespace' | 'name' | 'version' | 'chartName' | 'chartVersion'>;

const rel = (s: Snap) => fullReleaseName(s);
const chart = (s: Snap) => versionedChartName(s);
/** Go's strings.TrimSpace for error texts. */
const trim = (err: string) => err.trim();

/** Install/upgrade failures name the release namespace and the *unshortened* release name. */
export interface FailedRelease {
  releaseNamespace: string;
  releaseName: string;
  chartName: string;
  chartVersion: string;
}

export const installSucceeded = (s: Snap) => `Helm install succeeded for release ${rel(s)} with chart ${chart(s)}`;
export const installFailed = (r: FailedRelease, err: string) =>
  `Helm install failed for release ${r.releaseNamespace}/${r.releaseName} with chart ${r.chartName}@${r.chartVersion}: ${trim(err)}`;
export const upgradeSucceeded = (s: Snap) => `Helm upgrade succeeded for release ${rel(s)} with chart ${chart(s)}`;
export const upgradeFailed = (r: FailedRelease, err: string) =>
  `Helm upgrade failed for release ${r.releaseNamespace}/${r.releaseName} with chart ${r.chartName}@${r.chartVersion}: ${trim(err)}`;
export const awaitingTests = (s: Snap) => `Helm release ${rel(s)} with chart ${chart(s)} is awaiting tests`;

/** `no test hooks`, `1 test hook completed successfully`, `N test hooks completed successfully`. */
export function testHooksSummary(count: number): string {
  if (count === 0) return 'no test hooks';
  return count === 1 ? '1 test hook completed successfully' : `${count} test hooks completed successfully`;
}
export const testSucceeded = (s: Snap, hookCount: number) => `Helm test succeeded for release ${rel(s)} with chart ${chart(s)}: ${testHooksSummary(hookCount)}`;
export const testFailed = (s: Snap, err: string) => `Helm test failed for release ${rel(s)} with chart ${chart(s)}: ${trim(err)}`;

export const rollbackSucceeded = (prev: Snap) => `Helm rollback to previous release ${rel(prev)} with chart ${chart(prev)} succeeded`;
export const rollbackFailed = (prev: Snap, err: string) => `Helm rollback to previous release ${rel(prev)} with chart ${chart(prev)} failed: ${trim(err)}`;

export const uninstallRemediationSucceeded = (s: Snap) => `Helm uninstall remediation for release ${rel(s)} with chart ${chart(s)} succeeded`;
export const uninstallRemediationFailed = (s: Snap, err: string) => `Helm uninstall remediation for release ${rel(s)} with chart ${chart(s)} failed: ${trim(err)}`;

export const uninstallSucceeded = (s: Snap) => `Helm uninstall succeeded for release ${rel(s)} with chart ${chart(s)}`;
export const uninstallFailed = (s: Snap, err: string) => `Helm uninstall failed for release ${rel(s)} with chart ${chart(s)}: ${trim(err)}`;
/** ErrNoStorageUpdate: Helm returned without the storage write Flux observes. */
export const errNoStorageUpdate = 'release not updated in Helm storage';
export const releaseNotFound = (s: Snap) => `Release ${rel(s)} was not found, assuming it is uninstalled`;
export const releaseAlreadyUninstalled = (s: Snap) => `Release ${rel(s)} was already uninstalled`;

export const unlockSucceeded = (s: Snap, status: string) => `Unlocked Helm release ${rel(s)} with chart ${chart(s)} in ${status} state`;
export const unlockFailed = (s: Snap, status: string, err: string) => `Unlock of Helm release ${rel(s)} with chart ${chart(s)} in ${status} state failed: ${trim(err)}`;
/** The description Helm storage gets for an unlocked release. */
export const unlockDescription = (status: string) => `Release unlocked from stale '${status}' state`;

export const retriesExceeded = (action: string, attempts: number) => `Failed to ${action} after ${attempts} attempt(s)`;
export const missingRollbackTarget = (err: string) => `Failed to perform remediation: ${err}`;
export const stateError = (err: string) => `Could not determine release state: ${err}`;
export const runningAction = (action: string, timeout: string) => `Running '${action}' action with timeout of ${timeout}`;
export const retryingAfter = (interval: string) => `retrying after ${interval}`;

export const fulfillingPrerequisites = 'Fulfilling prerequisites';
/** Ready/Stalled message of a configuration error no retry can fix (an invalid readyExpr). */
export const terminalConfigurationError = (err: string) => `Reconciliation failed terminally due to configuration error: ${err}`;
/** The log line of a dependency check that failed (requeued after --requeue-dependency). */
export const dependenciesRetrying = (err: string, interval: string) => `dependencies do not meet ready condition (${err}): retrying in ${interval}`;
/** The log line before uninstalling a release whose target changed. */
export const releaseTargetChangedLog = (reason: string) => `release target configuration changed (${reason}): running uninstall for current release`;
export const reconciliationInProgress = 'reconciliation in progress';
export const noDriftDetected = 'No drift detected against the cluster state';
export const correctingClusterDrift = 'correcting cluster drift';

/** One object of a drift diff (fluxcd/pkg ssa/jsondiff Diff, reduced to what summaries print). */
export interface DriftEntry {
  type: 'none' | 'create' | 'update' | 'exclude';
  kind: string;
  namespace: string;
  name: string;
  additions?: number;
  changes?: number;
  removals?: number;
}

/** internal/diff SummarizeDiffSet: one `Kind/ns/name <what>` line per object. */
export function summarizeDrift(entries: readonly DriftEntry[], include: ReadonlyArray<DriftEntry['type']> = ['create', 'update', 'exclude']): string {
  const lines: string[] = [];
  for (const e of entries) {
    if (!include.includes(e.type)) continue;
    const id = `${e.kind}/${e.namespace}/${e.name}`;
    if (e.type === 'none') lines.push(`${id} unchanged`);
    else if (e.type === 'create') lines.push(`${id} removed`);
    else if (e.type === 'exclude') lines.push(`${id} excluded`);
    else lines.push(`${id} changed (${e.additions ?? 0} additions, ${e.changes ?? 0} changes, ${e.removals ?? 0} removals)`);
  }
  return lines.join('\n').trim();
}

/** internal/diff SummarizeDiffSetBrief: `removed: x, changed: y, excluded: z`. */
export function summarizeDriftBrief(entries: readonly DriftEntry[]): string {
  const n = (t: DriftEntry['type']) => entries.filter((e) => e.type === t).length;
  return `removed: ${n('create')}, changed: ${n('update')}, excluded: ${n('exclude')}`;
}

export const driftDetected = (s: Snap, entries: readonly DriftEntry[]) =>
  `Cluster state of release ${rel(s)} has drifted from the desired state:\n${summarizeDrift(entries)}`;

/** `Kind/ns/name created|configured` lines of a drift correction. */
export const driftCorrected = (s: Snap, changeLines: readonly string[]) => `Cluster state of release ${rel(s)} has been corrected:\n${changeLines.join('\n')}`;
export function driftCorrectionFailed(s: Snap, errors: readonly string[], successes: readonly string[]): string {
  let msg = `Failed to ${successes.length > 0 ? 'partially ' : ''}correct cluster state of release ${rel(s)}:\n${errors.join('\n')}`;
  if (successes.length > 0) msg += `\n\nSuccessful corrections:\n${successes.join('\n')}`;
  return msg;
}

/** Failure events carry the buffered Helm log (release.go eventMessageWithLog). */
export function eventMessageWithLog(msg: string, log: string): string {
  return log.length > 0 ? `${msg}\n\nLast Helm logs:\n\n${log}` : msg;
}

const GROUP = 'helm.toolkit.fluxcd.io';

/**
 * Event annotations (release.go eventMeta): revision, token, app version, OCI digest. As in Go,
 * the app version and digest only land in a map that revision or token created.
 */
export function eventMetadata(revision: string, token: string, appVersion = '', ociDigest = ''): Record<string, string> | undefined {
  if (!revision && !token) return undefined;
  const m: Record<string, string> = {};
  if (revision) m[`${GROUP}/revision`] = revision;
  if (token) m[`${GROUP}/token`] = token;
  if (appVersion) m[`${GROUP}/app-version`] = appVersion;
  if (ociDigest) m[`${GROUP}/oci-digest`] = ociDigest;
  return m;
}

/** dependsOn failures (helmrelease_controller.go checkDependencies). */
export const dependencyGetFailed = (ref: string, err: string) => `unable to get '${ref}' dependency: ${err}`;
export const dependencyNotReady = (ref: string) => `dependency '${ref}' is not ready`;
export const dependencyNotReadyByExpr = (ref: string) => `dependency '${ref}' is not ready according to readyExpr eval`;
/** acl.AccessDeniedError for a cross-namespace source reference. */
export const crossNamespaceDenied = (kind: string, namespace: string, name: string) =>
  `cross-namespace references are not allowed: cannot access ${kind} ${namespace}/${name}`;
