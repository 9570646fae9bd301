// Facts from helm-controller api/v2 snapshot_types_test.go, ported.
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/kinds/api-types.js';
import {
  fullReleaseName,
  hasBeenTested,
  latest,
  prepend,
  previous,
  truncate,
  truncateIgnoringPreviousSnapshots,
  versionedChartName,
} from '../../../src/reconcile/snapshot/index.js';

function snap(version: number, status: string, testHooks?: Snapshot['testHooks']): Snapshot {
  return {
    digest: `sha256:${version}`,
    name: 'rel',
    namespace: 'ns',
    version,
    status,
    chartName: 'podinfo',
    chartVersion: '6.3.5',
    configDigest: 'sha256:c',
    firstDeployed: '2024-01-01T00:00:00Z',
    lastDeployed: '2024-01-01T00:00:00Z',
    ...(testHooks ? { testHooks } : {}),
  };
}
const versions = (h: Snapshot[]) => h.map((s) => s.version);

describe('latest', () => {
  it('is the highest version, whatever the order', () => {
    expect(latest([snap(1, 'superseded'), snap(3, 'deployed'), snap(2, 'superseded')])?.version).toBe(3);
    expect(latest([])).toBeUndefined();
  });
});

describe('previous', () => {
  it('is the next deployed or superseded snapshot after the latest', () => {
    expect(previous([snap(3, 'failed'), snap(2, 'failed'), snap(1, 'superseded')], false)?.version).toBe(1);
    expect(previous([snap(2, 'deployed'), snap(1, 'deployed')], false)?.version).toBe(1);
  });

  it('skips snapshots with a failed test unless tests are ignored', () => {
    const h = [snap(3, 'deployed'), snap(2, 'superseded', { t: { phase: 'Failed' } }), snap(1, 'superseded')];
    expect(previous(h, false)?.version).toBe(1);
    expect(previous(h, true)?.version).toBe(2);
  });

  it('is undefined with fewer than two snapshots or no candidate', () => {
    expect(previous([snap(1, 'deployed')], false)).toBeUndefined();
    expect(previous([snap(2, 'failed'), snap(1, 'failed')], false)).toBeUndefined();
  });
});

describe('truncate', () => {
  it('drops everything older than the previous deployed snapshot', () => {
    expect(versions(truncate([snap(4, 'failed'), snap(3, 'superseded'), snap(2, 'superseded'), snap(1, 'superseded')], false))).toEqual([4, 3]);
  });

  it('keeps the snapshots that are not rollback targets in between', () => {
    expect(versions(truncate([snap(5, 'deployed'), snap(4, 'failed'), snap(3, 'failed'), snap(2, 'superseded'), snap(1, 'superseded')], false))).toEqual([5, 4, 3, 2]);
  });

  it('honours failed tests unless ignored', () => {
    const h = [snap(3, 'deployed'), snap(2, 'superseded', { t: { phase: 'Failed' } }), snap(1, 'superseded')];
    expect(versions(truncate(h, false))).toEqual([3, 2, 1]);
    expect(versions(truncate(h, true))).toEqual([3, 2]);
  });

  it('keeps the newest five without a previous deployed snapshot', () => {
    const h = [7, 6, 5, 4, 3, 2, 1].map((v) => snap(v, 'failed'));
    expect(versions(truncate(h, false))).toEqual([7, 6, 5, 4, 3]);
    expect(versions(truncateIgnoringPreviousSnapshots([1, 2, 3, 4, 5, 6].map((v) => snap(v, 'superseded'))))).toEqual([6, 5, 4, 3, 2]);
  });

  it('leaves a single snapshot alone and does not mutate its input', () => {
    const h = [snap(1, 'superseded'), snap(2, 'deployed'), snap(3, 'failed')];
    expect(versions(truncate([snap(1, 'failed')], false))).toEqual([1]);
    truncate(h, false);
    expect(versions(h)).toEqual([1, 2, 3]);
  });
});

describe('hasBeenTested', () => {
  it.each([
    ['no test hooks map', undefined, false],
    ['an empty map (chart without tests)', {}, true],
    ['all succeeded', { a: { phase: 'Succeeded' }, b: { phase: 'Succeeded' } }, true],
    ['one failed', { a: { phase: 'Failed' }, b: { phase: 'Running' } }, true],
    ['one still running', { a: { phase: 'Succeeded' }, b: { phase: 'Running' } }, false],
    ['not started', { a: {} }, false],
  ] as const)('%s → %s', (_n, hooks, want) => {
    expect(hasBeenTested(snap(1, 'deployed', hooks as Snapshot['testHooks']))).toBe(want);
  });
});

describe('names', () => {
  it('formats the release and chart names', () => {
    expect(fullReleaseName(snap(3, 'deployed'))).toBe('ns/rel.v3');
    expect(versionedChartName(snap(3, 'deployed'))).toBe('podinfo@6.3.5');
    expect(fullReleaseName(undefined)).toBe('');
  });

  it('prepends a new snapshot, replacing one of the same version', () => {
    expect(versions(prepend([snap(2, 'deployed'), snap(1, 'superseded')], snap(2, 'superseded')))).toEqual([2, 1]);
    expect(versions(prepend(undefined, snap(1, 'deployed')))).toEqual([1]);
  });
});

describe('snapshot_types_test.go vectors', () => {
  const s = (version: number, status: string, testHooks?: Snapshot['testHooks']) => snap(version, status, testHooks);
  const failedTest = { 'upgrade-test-fail-podinfo-fault-test-tiz9x': { phase: 'Failed' }, 'upgrade-test-fail-podinfo-grpc-test-gddcw': {} };
  const passedTests = { a: { phase: 'Succeeded' }, b: { phase: 'Succeeded' }, c: { phase: 'Succeeded' } };

  it.each([
    ['returns previous snapshot', [s(2, 'deployed'), s(3, 'failed'), s(1, 'superseded')], false, 2],
    ['includes snapshots with failed tests', [s(4, 'deployed'), s(1, 'superseded'), s(2, 'superseded'), s(3, 'superseded', { test: { phase: 'Failed' } })], true, 3],
    ['ignores snapshots with failed tests', [s(4, 'deployed'), s(1, 'superseded'), s(2, 'superseded'), s(3, 'superseded', { test: { phase: 'Failed' } })], false, 2],
    ['returns nil without previous snapshot', [s(1, 'deployed')], false, undefined],
    ['returns nil without snapshot matching criteria', [s(4, 'deployed'), s(3, 'superseded', { test: { phase: 'Failed' } })], false, undefined],
  ] as const)('Previous: %s', (_n, history, ignoreTests, want) => {
    expect(previous([...history], ignoreTests)?.version).toBe(want);
  });

  it.each([
    ['keeps previous snapshot', [s(1, 'superseded'), s(3, 'failed'), s(2, 'superseded'), s(4, 'deployed')], false, [4, 3, 2]],
    ['ignores snapshots with failed tests', [s(4, 'deployed'), s(3, 'superseded', failedTest), s(2, 'superseded', passedTests)], false, [4, 3, 2]],
    ['keeps previous snapshot with failed tests', [s(4, 'deployed'), s(3, 'superseded', failedTest), s(2, 'superseded', passedTests), s(1, 'superseded')], true, [4, 3]],
    ['retains most recent snapshots when all have failed', [6, 5, 4, 3, 2, 1].map((v) => s(v, v === 6 ? 'deployed' : 'failed')), false, [6, 5, 4, 3, 2]],
    ['without previous snapshot', [s(1, 'deployed')], false, [1]],
  ] as const)('Truncate: %s', (_n, history, ignoreTests, want) => {
    expect(versions(truncate([...history], ignoreTests))).toEqual(want);
  });
});
