// Facts from helm-controller internal/reconcile/state_test.go (drift cases with an injected diff).
import { describe, expect, it } from 'vitest';
import type { Release } from '../../../src/helm/release/types.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { determineReleaseState, releaseTargetChanged, StateError, type DriftResult } from '../../../src/reconcile/state/index.js';
import { helmRelease, mockRelease, snap, storage } from '../decide/releases.js';

const chart = { name: 'chart', version: '1.0.0' };
const values = { foo: 'bar' };

async function stateOf(hr: HelmRelease, records: Release[], opts: { chart?: typeof chart; values?: Record<string, unknown>; drift?: DriftResult } = {}) {
  const s = storage(records);
  return determineReleaseState({
    object: hr,
    lastRelease: s.last,
    chart: opts.chart ?? chart,
    values: (opts.values ?? values) as never,
    ...(opts.drift ? { detectDrift: async () => opts.drift! } : {}),
  });
}

describe('determineReleaseState', () => {
  it('Absent without a release in storage', async () => {
    expect(await stateOf(helmRelease(), [])).toMatchObject({ status: 'Absent', reason: 'no release in storage for object' });
  });

  it.each(['pending-install', 'pending-upgrade', 'pending-rollback'] as const)('Locked for %s', async (st) => {
    const rel = mockRelease(1, st);
    expect(await stateOf(helmRelease({}, { history: [snap(rel)] }), [rel])).toMatchObject({ status: 'Locked', reason: `release with status '${st}'` });
  });

  it('Unmanaged with a release but no history, Absent when it is uninstalled', async () => {
    expect(await stateOf(helmRelease(), [mockRelease(1, 'deployed')])).toMatchObject({ status: 'Unmanaged', reason: 'found existing release in storage' });
    expect(await stateOf(helmRelease(), [mockRelease(1, 'uninstalled')])).toMatchObject({ status: 'Absent', reason: 'found uninstalled release in storage' });
  });

  it('Unmanaged when the stored release does not match the recorded digest', async () => {
    const rel = mockRelease(1, 'deployed');
    const tampered = { ...rel, manifest: 'changed' };
    expect(await stateOf(helmRelease({}, { history: [snap(rel)] }), [tampered])).toMatchObject({ status: 'Unmanaged', reason: 'release not observed to be made for object' });
    expect(await stateOf(helmRelease({}, { history: [snap(rel, { digest: 'sha256:invalid' })] }), [rel])).toMatchObject({
      status: 'Unmanaged',
      reason: 'release digest verification error',
    });
  });

  it('Failed and Absent from the stored status', async () => {
    const failed = mockRelease(1, 'failed');
    expect(await stateOf(helmRelease({}, { history: [snap(failed)] }), [failed])).toMatchObject({ status: 'Failed' });
    const gone = mockRelease(1, 'uninstalled');
    expect(await stateOf(helmRelease({}, { history: [snap(gone)] }), [gone])).toMatchObject({ status: 'Absent', reason: 'found uninstalled release in storage' });
  });

  it('InSync when chart and values match', async () => {
    const rel = mockRelease(1, 'deployed');
    expect(await stateOf(helmRelease({}, { history: [snap(rel)] }), [rel])).toMatchObject({ status: 'InSync' });
  });

  it('OutOfSync when the chart or the values changed', async () => {
    const rel = mockRelease(1, 'deployed');
    const hr = helmRelease({}, { history: [snap(rel)] });
    expect(await stateOf(hr, [rel], { chart: { name: 'chart', version: '1.1.0' } })).toMatchObject({ status: 'OutOfSync', reason: 'release chart changed' });
    expect(await stateOf(hr, [rel], { values: { foo: 'baz' } })).toMatchObject({ status: 'OutOfSync', reason: 'release config values changed' });
  });

  it('OutOfSync when post-renderers or commonMetadata changed for a generation not yet observed', async () => {
    const rel = mockRelease(1, 'deployed');
    const hr = helmRelease({}, { history: [snap(rel)], observedGeneration: 1, observedPostRenderersDigest: 'sha256:old', observedCommonMetadataDigest: 'sha256:cm' }, 2);
    const s = storage([rel]);
    const base = { object: hr, lastRelease: s.last, chart, values, postRenderersDigest: 'sha256:old', commonMetadataDigest: 'sha256:cm' };
    expect(await determineReleaseState({ ...base, postRenderersDigest: 'sha256:new' })).toMatchObject({ status: 'OutOfSync', reason: 'postrenderers digest has changed' });
    expect(await determineReleaseState({ ...base, commonMetadataDigest: '' })).toMatchObject({ status: 'OutOfSync', reason: 'common metadata digest has changed' });
    expect(await determineReleaseState(base)).toMatchObject({ status: 'InSync' });
    // Observed: a mismatch can only be a digest the last run recorded for this generation.
    hr.status!.observedGeneration = 2;
    expect(await determineReleaseState({ ...base, postRenderersDigest: 'sha256:new' })).toMatchObject({ status: 'InSync' });
  });

  it('guards the digest check with status.observedGeneration, not the Ready condition (fluxcd/helm-controller#1412)', async () => {
    const rel = mockRelease(1, 'deployed');
    // A spec change during the last run: Ready was written with the new generation, the run
    // itself observed the generation it read.
    const ready = { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: '', observedGeneration: 3 };
    const hr = helmRelease({}, { history: [snap(rel)], conditions: [ready], observedGeneration: 2, observedPostRenderersDigest: 'sha256:old' }, 3);
    const s = storage([rel]);
    expect(await determineReleaseState({ object: hr, lastRelease: s.last, chart, values, postRenderersDigest: 'sha256:new' })).toMatchObject({
      status: 'OutOfSync',
      reason: 'postrenderers digest has changed',
    });
    // Without any Ready condition the check still runs.
    hr.status!.conditions = [];
    expect(await determineReleaseState({ object: hr, lastRelease: s.last, chart, values, postRenderersDigest: 'sha256:new' })).toMatchObject({ status: 'OutOfSync' });
  });

  it('Untested when tests are enabled and have not run; Failed when a test failed and failures count', async () => {
    const rel = mockRelease(1, 'deployed');
    expect(await stateOf(helmRelease({ test: { enable: true } }, { history: [snap(rel)] }), [rel])).toMatchObject({ status: 'Untested' });
    const failedTests = snap(rel, { testHooks: { t: { phase: 'Failed' } } });
    expect(await stateOf(helmRelease({ test: { enable: true } }, { history: [failedTests], lastAttemptedReleaseAction: 'install' }), [rel])).toMatchObject({
      status: 'Failed',
      reason: 'release has test in failed phase',
    });
    expect(
      await stateOf(helmRelease({ test: { enable: true }, install: { remediation: { ignoreTestFailures: true } } }, { history: [failedTests], lastAttemptedReleaseAction: 'install' }), [rel]),
    ).toMatchObject({ status: 'InSync' });
    // Without an active remediation a failed test does not fail the release.
    expect(await stateOf(helmRelease({ test: { enable: true } }, { history: [failedTests] }), [rel])).toMatchObject({ status: 'InSync' });
  });

  it('Drifted when detection is on and the diff has changes', async () => {
    const rel = mockRelease(1, 'deployed');
    const drift: DriftResult = { entries: [{ type: 'create', kind: 'ConfigMap', namespace: 'mock-ns', name: 'v1' }], hasChanges: true };
    expect(await stateOf(helmRelease({ driftDetection: { mode: 'warn' } }, { history: [snap(rel)] }), [rel], { drift })).toMatchObject({ status: 'Drifted', drift });
    expect(await stateOf(helmRelease({ driftDetection: { mode: 'disabled' } }, { history: [snap(rel)] }), [rel], { drift })).toMatchObject({ status: 'InSync' });
    expect(await stateOf(helmRelease({ driftDetection: { mode: 'enabled' } }, { history: [snap(rel)] }), [rel], { drift: { entries: [], hasChanges: false } })).toMatchObject({
      status: 'InSync',
    });
  });

  it('fails when the diff errors without finding changes, or for an unexpected status', async () => {
    const rel = mockRelease(1, 'deployed');
    await expect(
      stateOf(helmRelease({ driftDetection: { mode: 'enabled' } }, { history: [snap(rel)] }), [rel], { drift: { entries: [], hasChanges: false, error: new Error('forbidden') } }),
    ).rejects.toThrow('unable to determine cluster state: forbidden');
    const sup = mockRelease(1, 'superseded');
    await expect(stateOf(helmRelease({}, { history: [snap(sup)] }), [sup])).rejects.toThrow(StateError);
    await expect(stateOf(helmRelease({}, { history: [snap(sup)] }), [sup])).rejects.toThrow("unable to determine state for release with status 'superseded'");
  });
});

describe('releaseTargetChanged (verify_test.go)', () => {
  const rel = mockRelease(1, 'deployed', { name: 'release', namespace: 'mock-ns' });
  const base = () => helmRelease({}, { history: [snap(rel)], storageNamespace: 'mock-ns' });

  it('is unchanged for the same target, or without a storage namespace or history', () => {
    expect(releaseTargetChanged(base(), 'chart')).toBeUndefined();
    expect(releaseTargetChanged(helmRelease({}, { history: [snap(rel)] }), 'other')).toBeUndefined();
  });

  it('names what changed', () => {
    expect(releaseTargetChanged({ ...base(), spec: { ...base().spec!, storageNamespace: 'other' } }, 'chart')).toBe('storage namespace');
    expect(releaseTargetChanged({ ...base(), spec: { ...base().spec!, targetNamespace: 'other' } }, 'chart')).toBe('release namespace');
    expect(releaseTargetChanged({ ...base(), spec: { ...base().spec!, releaseName: 'other' } }, 'chart')).toBe('release name');
    expect(releaseTargetChanged(base(), 'other-chart')).toBe('chart name');
  });
});

describe('snapshot formats', () => {
  it('verifies v2 snapshots only', async () => {
    const rel = mockRelease(1, 'deployed');
    const tampered = { ...rel, manifest: 'changed' };
    expect(await stateOf(helmRelease({}, { history: [snap(rel, { apiVersion: undefined })] }), [tampered])).toMatchObject({ status: 'InSync' });
  });
});
