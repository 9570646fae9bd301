// helm-controller api/v2 Snapshots helpers over status.history (newest first). Functions are
// pure: they return new arrays and never mutate the history they are given.
import type { Snapshot, TestHookStatus } from '../../kinds/api-types.js';

/** api/v2 defaultMaxHistory: history kept when no previous deployed snapshot exists. */
export const DEFAULT_MAX_HISTORY = 5;
/** The snapshot format whose digest flux-ts (and helm-controller) can verify. */
export const SNAPSHOT_API_VERSION = 'v2';

const DEPLOYED = 'deployed';
const SUPERSEDED = 'superseded';
const TEST_FAILED = 'Failed';
const TEST_SUCCEEDED = 'Succeeded';

/** Sorted by version, highest first. */
export function sortByVersion(history: readonly Snapshot[]): Snapshot[] {
  return [...history].sort((a, b) => b.version - a.version);
}

/** The snapshot with the highest version. */
export function latest(history: readonly Snapshot[] | undefined): Snapshot | undefined {
  if (!history || history.length === 0) return undefined;
  return sortByVersion(history)[0];
}

function isRollbackTarget(s: Snapshot, ignoreTests: boolean): boolean {
  return (s.status === DEPLOYED || s.status === SUPERSEDED) && (ignoreTests || !hasTestInPhase(s, TEST_FAILED));
}

/**
 * The newest snapshot before the latest one that is deployed or superseded and, unless
 * ignoring tests, has no failed test: the rollback target.
 */
export function previous(history: readonly Snapshot[] | undefined, ignoreTests: boolean): Snapshot | undefined {
  if (!history || history.length < 2) return undefined;
  return sortByVersion(history)
    .slice(1)
    .find((s) => isRollbackTarget(s, ignoreTests));
}

/**
 * Drops everything older than the previous (rollback target) snapshot; without one, keeps the
 * newest DEFAULT_MAX_HISTORY.
 */
export function truncate(history: readonly Snapshot[], ignoreTests: boolean): Snapshot[] {
  if (history.length < 2) return [...history];
  const sorted = sortByVersion(history);
  for (let i = 1; i < sorted.length; i++) {
    if (isRollbackTarget(sorted[i]!, ignoreTests)) return sorted.slice(0, i + 1);
  }
  return sorted.slice(0, DEFAULT_MAX_HISTORY);
}

/** Keeps the newest DEFAULT_MAX_HISTORY snapshots (the RetryOnFailure strategy's truncation). */
export function truncateIgnoringPreviousSnapshots(history: readonly Snapshot[]): Snapshot[] {
  return sortByVersion(history).slice(0, DEFAULT_MAX_HISTORY);
}

/** `<namespace>/<name>.v<version>` */
export function fullReleaseName(s: Pick<Snapshot, 'namespace' | 'name' | 'version'> | undefined): string {
  return s ? `${s.namespace}/${s.name}.v${s.version}` : '';
}

/** `<chart>@<version>` */
export function versionedChartName(s: Pick<Snapshot, 'chartName' | 'chartVersion'> | undefined): string {
  return s ? `${s.chartName}@${s.chartVersion}` : '';
}

/**
 * Tests have run to completion for this release: the map exists and is empty (no test hooks),
 * or a hook failed (the run stopped), or every hook succeeded.
 */
export function hasBeenTested(s: Snapshot | undefined): boolean {
  if (!s || !s.testHooks) return false;
  const hooks = Object.values(s.testHooks);
  if (hooks.length === 0) return true;
  if (hooks.some((h) => h?.phase === TEST_FAILED)) return true;
  return hooks.every((h) => h?.phase === TEST_SUCCEEDED);
}

export function hasTestInPhase(s: Snapshot | undefined, phase: string): boolean {
  return !!s?.testHooks && Object.values(s.testHooks).some((h) => h?.phase === phase);
}

/** The same snapshot with its test hooks replaced (an empty map records "no tests"). */
export function withTestHooks(s: Snapshot, hooks: Record<string, TestHookStatus>): Snapshot {
  return { ...s, testHooks: hooks };
}

export function targets(s: Snapshot | undefined, name: string, namespace: string, version: number): boolean {
  return !!s && s.name === name && s.namespace === namespace && s.version === version;
}

/** The history with `s` in front, replacing any snapshot of the same version. */
export function prepend(history: readonly Snapshot[] | undefined, s: Snapshot): Snapshot[] {
  return [s, ...(history ?? []).filter((x) => x.version !== s.version || x.name !== s.name || x.namespace !== s.namespace)];
}

export { snapshotFromRelease, type SnapshotOptions } from './from-release.js';
