// The status one source-controller reconcile leaves behind (summarize + fluxcd/pkg conditions):
// transition times kept while a status holds, generations stamped, Ready first, Reconciling kept
// as ProgressingWithRetry on a retried failure, observedGeneration advanced unless retried.
import { describe, expect, it } from 'vitest';
import { outcomeOf, progressingStatus, settleSourceStatus, sourceFailedStatus, sourceReadyStatus, sourceStalledStatus } from '../../src/sources/source-status.js';
import type { HelmRepository } from '../../src/sources/types.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const T1 = new Date('2026-11-24T10:05:00Z');
const REV = `sha256:${'a'.repeat(64)}`;

function repo(generation: number, status?: HelmRepository['status']): HelmRepository {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'charts', namespace: 'apps', generation },
    spec: { url: 'https://charts.example.com', interval: '5m' },
    ...(status ? { status } : {}),
  };
}

describe('progressingStatus', () => {
  it('marks Reconciling=True and Ready=Unknown with why: no artifact yet, a new generation, or a request', () => {
    const fresh = progressingStatus(repo(1), T0);
    expect(fresh.conditions?.map((c) => [c.type, c.status, c.reason, c.message, c.observedGeneration])).toEqual([
      ['Ready', 'Unknown', 'Progressing', 'building artifact', 1],
      ['Reconciling', 'True', 'Progressing', 'building artifact', 1],
    ]);
    const stored = settleSourceStatus(repo(1), sourceReadyStatus(repo(1), { sourceRevision: REV, digest: REV }, T0), undefined, T0);
    expect(progressingStatus(repo(2, stored), T1).conditions?.find((c) => c.type === 'Reconciling')?.message).toBe('processing object: new generation 1 -> 2');
    const again = progressingStatus(repo(1, stored), T1);
    expect(again.conditions?.map((c) => [c.type, c.status, c.message])).toEqual([
      ['Ready', 'Unknown', 'reconciliation in progress'],
      ['ArtifactInStorage', 'True', `stored artifact: revision '${REV}'`],
      ['Reconciling', 'True', 'reconciliation in progress'],
    ]);
  });
});

describe('settleSourceStatus', () => {
  it('a success: Ready and ArtifactInStorage, no Reconciling, observedGeneration and the handled request', () => {
    const obj = repo(3, progressingStatus(repo(3), T0));
    const settled = settleSourceStatus(obj, sourceReadyStatus(obj, { sourceRevision: REV, digest: REV }, T1), 'req-1', T1);
    expect(settled.observedGeneration).toBe(3);
    expect(settled.lastHandledReconcileAt).toBe('req-1');
    expect(settled.conditions?.map((c) => [c.type, c.status, c.reason, c.observedGeneration])).toEqual([
      ['Ready', 'True', 'Succeeded', 3],
      ['ArtifactInStorage', 'True', 'Succeeded', 3],
    ]);
    expect(outcomeOf(settled)).toBe('success');
  });

  it('keeps the transition time of a condition whose status did not change', () => {
    const first = settleSourceStatus(repo(1), sourceReadyStatus(repo(1), { sourceRevision: REV, digest: REV }, T0), undefined, T0);
    const second = settleSourceStatus(repo(1, first), sourceReadyStatus(repo(1, first), { sourceRevision: REV, digest: REV }, T1), undefined, T1);
    expect(second.conditions?.map((c) => c.lastTransitionTime)).toEqual(['2026-11-24T10:00:00Z', '2026-11-24T10:00:00Z']);
    // The same artifact is not stored again: it keeps its lastUpdateTime.
    expect(second.artifact?.lastUpdateTime).toBe('2026-11-24T10:00:00Z');
    const failed = settleSourceStatus(repo(1, second), sourceFailedStatus(repo(1, second), 'Failed', 'failed to fetch Helm repository index: boom', T1), undefined, T1);
    expect(failed.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2026-11-24T10:05:00Z');
    expect(failed.conditions?.find((c) => c.type === 'ArtifactInStorage')?.lastTransitionTime).toBe('2026-11-24T10:00:00Z');
  });

  it('a retried failure: Reconciling=True ProgressingWithRetry, the last artifact kept, observedGeneration not advanced', () => {
    const stored = settleSourceStatus(repo(1), sourceReadyStatus(repo(1), { sourceRevision: REV, digest: REV }, T0), undefined, T0);
    const obj = repo(2, stored);
    const settled = settleSourceStatus(obj, sourceFailedStatus(obj, 'Failed', 'failed to fetch Helm repository index: 404 Not Found', T1), 'req-2', T1);
    expect(settled.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Ready', 'False', 'Failed', 'failed to fetch Helm repository index: 404 Not Found'],
      ['ArtifactInStorage', 'True', 'Succeeded', `stored artifact: revision '${REV}'`],
      ['FetchFailed', 'True', 'Failed', 'failed to fetch Helm repository index: 404 Not Found'],
      ['Reconciling', 'True', 'ProgressingWithRetry', 'processing object: new generation 1 -> 2'],
    ]);
    expect(settled.observedGeneration).toBe(1);
    expect(settled.artifact?.revision).toBe(REV);
    expect(settled.lastHandledReconcileAt).toBe('req-2');
    expect(outcomeOf(settled)).toBe('retry');
  });

  it('a stalled failure: Stalled=True, no Reconciling, observedGeneration advanced', () => {
    const obj = repo(1);
    const settled = settleSourceStatus(obj, sourceStalledStatus(obj, 'URLInvalid', 'invalid Helm repository URL: bad', T0), undefined, T0);
    expect(settled.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'URLInvalid'],
      ['FetchFailed', 'True', 'URLInvalid'],
      ['Stalled', 'True', 'URLInvalid'],
    ]);
    expect(settled.observedGeneration).toBe(1);
    expect(outcomeOf(settled)).toBe('stalled');
  });
});
