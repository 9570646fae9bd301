import { describe, expect, it } from 'vitest';
import { forgetReleaseTarget, releaseTargetChanged } from '../../../src/reconcile/decide/index.js';
import { shortenReleaseName } from '../../../src/reconcile/release-name.js';
import { helmRelease, mockRelease, snap } from './releases.js';

// The snapshot helm-controller recorded for release mock-ns/release.v1 of chart `chart`.
const recorded = () => ({ storageNamespace: 'mock-ns', history: [snap(mockRelease(1, 'deployed'))] });

describe('releaseTargetChanged', () => {
  it('is unchanged for the recorded target, and when nothing was recorded', () => {
    expect(releaseTargetChanged(helmRelease({ releaseName: 'release' }, recorded()), 'chart')).toBeUndefined();
    expect(releaseTargetChanged(helmRelease({ releaseName: 'other' }, { storageNamespace: 'mock-ns' }), 'chart')).toBeUndefined();
    expect(releaseTargetChanged(helmRelease({ releaseName: 'other' }, { history: recorded().history }), 'chart')).toBeUndefined();
  });

  it('names the first difference in helm-controller order', () => {
    expect(releaseTargetChanged(helmRelease({ releaseName: 'other', storageNamespace: 'helm', targetNamespace: 'x' }, recorded()), 'c2')).toBe('storage namespace');
    expect(releaseTargetChanged(helmRelease({ releaseName: 'other', targetNamespace: 'x' }, recorded()), 'c2')).toBe('release namespace');
    expect(releaseTargetChanged(helmRelease({ releaseName: 'other' }, recorded()), 'c2')).toBe('release name');
    expect(releaseTargetChanged(helmRelease({ releaseName: 'release' }, recorded()), 'c2')).toBe('chart name');
  });

  it('compares the shortened release name, as stored', () => {
    const long = 'a'.repeat(60);
    const hr = helmRelease({ releaseName: long }, recorded());
    expect(releaseTargetChanged(hr, 'chart')).toBe('release name');
    hr.status!.history![0]!.name = shortenReleaseName(long);
    expect(releaseTargetChanged(hr, 'chart')).toBeUndefined();
  });

  it('forgetting the target clears history, failure counters and the storage namespace', () => {
    const hr = helmRelease({}, { ...recorded(), failures: 2, installFailures: 1, upgradeFailures: 1, lastAttemptedRevision: '1.0.0' });
    forgetReleaseTarget(hr);
    expect(hr.status).toEqual({ lastAttemptedRevision: '1.0.0' });
  });
});
