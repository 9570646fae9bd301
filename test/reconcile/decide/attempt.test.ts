import { describe, expect, it } from 'vitest';
import { ExceededMaxRetriesError, finishAttempt, prepareAttempt } from '../../../src/reconcile/decide/index.js';
import { digestValues } from '../../../src/reconcile/digest/index.js';
import { helmRelease } from './releases.js';

describe('prepareAttempt', () => {
  it('records the attempt and keeps counters when nothing changed', () => {
    const values = { a: 1 };
    const hr = helmRelease({ storageNamespace: 'helm' }, { lastAttemptedGeneration: 1, lastAttemptedRevision: '1.0.0', lastAttemptedConfigDigest: digestValues(values), upgradeFailures: 2, lastAttemptedValuesChecksum: 'old', lastReleaseRevision: 3 });
    expect(prepareAttempt(hr, { chartVersion: '1.0.0', values })).toBeUndefined();
    expect(hr.status).toMatchObject({ storageNamespace: 'helm', upgradeFailures: 2, lastAttemptedGeneration: 1, lastAttemptedRevision: '1.0.0', lastAttemptedConfigDigest: digestValues(values) });
    expect(hr.status!.lastAttemptedValuesChecksum).toBeUndefined();
    expect(hr.status!.lastReleaseRevision).toBeUndefined();
  });

  it('clears the counters when the chart version changed', () => {
    const hr = helmRelease({}, { lastAttemptedGeneration: 1, lastAttemptedRevision: '1.0.0', installFailures: 1, upgradeFailures: 2, failures: 3 });
    expect(prepareAttempt(hr, { chartVersion: '1.0.1+abcdef012345', chartDigest: 'sha256:abc', values: {} })).toBe('chart version differs from last attempt');
    expect(hr.status).toMatchObject({ storageNamespace: 'mock-ns', lastAttemptedRevision: '1.0.1+abcdef012345', lastAttemptedRevisionDigest: 'sha256:abc' });
    expect(hr.status!.upgradeFailures).toBeUndefined();
    expect(hr.status!.failures).toBeUndefined();
  });
});

describe('finishAttempt', () => {
  it('writes observedGeneration only for final outcomes', () => {
    const hr = helmRelease({}, {}, 4);
    finishAttempt(hr, { kind: 'requeue' });
    expect(hr.status!.observedGeneration).toBeUndefined();
    finishAttempt(hr, { kind: 'done' });
    expect(hr.status!.observedGeneration).toBe(4);
  });

  it('observes the generation of a RetryOnFailure retry and of a stalled release', () => {
    const retry = helmRelease({}, {}, 5);
    finishAttempt(retry, { kind: 'retry-after', interval: '5m0s' });
    expect(retry.status!.observedGeneration).toBe(5);
    const stalled = helmRelease({}, {}, 6);
    finishAttempt(stalled, { kind: 'stalled', error: new ExceededMaxRetriesError('cannot install release') });
    expect(stalled.status!.observedGeneration).toBe(6);
  });
});

describe('durations in messages', () => {
  it('prints timeouts and retry intervals as Go does', async () => {
    const { timeoutForAction, activeRetry } = await import('../../../src/reconcile/decide/index.js');
    const hr = helmRelease({ timeout: '10m', upgrade: { timeout: '90s', strategy: { name: 'RetryOnFailure', retryInterval: '1m' } } }, { lastAttemptedReleaseAction: 'upgrade' });
    expect(timeoutForAction({ kind: 'install' }, hr)).toBe('10m0s');
    expect(timeoutForAction({ kind: 'upgrade' }, hr)).toBe('1m30s');
    expect(timeoutForAction({ kind: 'unlock' }, helmRelease())).toBe('5m0s');
    expect(activeRetry(hr)?.retryInterval).toBe('1m0s');
  });
});
