// Facts from helm-controller api/v2 annotations_test.go and internal/action/reset_test.go.
import { describe, expect, it } from 'vitest';
import { digestValues } from '../../../src/reconcile/digest/index.js';
import { mustResetFailures, remediationFor, activeRemediation, activeRetry, shouldHandleForceRequest, shouldHandleResetRequest } from '../../../src/reconcile/decide/index.js';
import { helmRelease } from './releases.js';

describe('force and reset requests', () => {
  it.each([
    ['handled: matches requestedAt, not handled before', { 'reconcile.fluxcd.io/requestedAt': 'a', 'reconcile.fluxcd.io/forceAt': 'a' }, {}, true],
    ['not handled: differs from requestedAt', { 'reconcile.fluxcd.io/requestedAt': 'a', 'reconcile.fluxcd.io/forceAt': 'b' }, {}, false],
    ['not handled: requestedAt already handled', { 'reconcile.fluxcd.io/requestedAt': 'a', 'reconcile.fluxcd.io/forceAt': 'a' }, { lastHandledReconcileAt: 'a' }, false],
    ['not handled: request already handled', { 'reconcile.fluxcd.io/requestedAt': 'a', 'reconcile.fluxcd.io/forceAt': 'a' }, { lastHandledForceAt: 'a' }, false],
    ['not handled: no requestedAt', { 'reconcile.fluxcd.io/forceAt': 'a' }, {}, false],
    ['not handled: no annotation', { 'reconcile.fluxcd.io/requestedAt': 'a' }, {}, false],
  ] as const)('%s', (_n, annotations, status, want) => {
    const hr = helmRelease({}, { ...status });
    hr.metadata.annotations = { ...annotations };
    expect(shouldHandleForceRequest(hr)).toBe(want);
    if ('reconcile.fluxcd.io/forceAt' in annotations) expect(hr.status!.lastHandledForceAt).toBe(annotations['reconcile.fluxcd.io/forceAt']);
    else expect(hr.status!.lastHandledForceAt).toBe((status as { lastHandledForceAt?: string }).lastHandledForceAt);
  });

  it('reset uses its own annotation and field', () => {
    const hr = helmRelease();
    hr.metadata.annotations = { 'reconcile.fluxcd.io/requestedAt': 'r', 'reconcile.fluxcd.io/resetAt': 'r' };
    expect(shouldHandleResetRequest(hr)).toBe(true);
    expect(hr.status!.lastHandledResetAt).toBe('r');
    expect(hr.status!.lastHandledForceAt).toBeUndefined();
  });
});

describe('mustResetFailures (reset_test.go)', () => {
  const values = { foo: 'bar' };
  const base = () => helmRelease({}, { lastAttemptedGeneration: 1, lastAttemptedRevision: '1.0.0', lastAttemptedConfigDigest: digestValues(values) });

  it('no reset when nothing changed', () => {
    expect(mustResetFailures(base(), '1.0.0', values)).toBeUndefined();
  });
  it('different generation', () => {
    const hr = base();
    hr.metadata.generation = 2;
    expect(mustResetFailures(hr, '1.0.0', values)).toBe('generation differs from last attempt');
  });
  it('different revision', () => {
    expect(mustResetFailures(base(), '1.1.0', values)).toBe('chart version differs from last attempt');
  });
  it('different values, and the legacy checksum never verifies', () => {
    expect(mustResetFailures(base(), '1.0.0', { foo: 'baz' })).toBe('values differ from last attempt');
    const legacy = helmRelease({}, { lastAttemptedGeneration: 1, lastAttemptedRevision: '1.0.0', lastAttemptedValuesChecksum: 'a856118fc2c8a5ac8c7b2cea3c5ba5e0ee9b9b9e' });
    expect(mustResetFailures(legacy, '1.0.0', values)).toBe('values differ from last attempt');
  });
  it('reset requested, recorded even when something else differs', () => {
    const hr = base();
    hr.metadata.annotations = { 'reconcile.fluxcd.io/requestedAt': 'now', 'reconcile.fluxcd.io/resetAt': 'now' };
    expect(mustResetFailures(hr, '1.0.0', values)).toBe('reset requested through annotation');
    const other = base();
    other.metadata.annotations = { 'reconcile.fluxcd.io/requestedAt': 'now', 'reconcile.fluxcd.io/resetAt': 'now' };
    expect(mustResetFailures(other, '2.0.0', values)).toBe('chart version differs from last attempt');
    expect(other.status!.lastHandledResetAt).toBe('now');
  });
});

describe('remediation defaults (helmrelease_types.go getters)', () => {
  it('install: no retries, no last-failure remediation, always uninstall', () => {
    const r = remediationFor(helmRelease(), 'install');
    expect(r).toMatchObject({ retries: 0, mustRemediateLastFailure: false, strategy: 'uninstall', retriesExhausted: false });
    expect(remediationFor(helmRelease({}, { installFailures: 1 }), 'install').retriesExhausted).toBe(true);
  });
  it('upgrade: rollback, and remediateLastFailure defaults to retries > 0', () => {
    expect(remediationFor(helmRelease(), 'upgrade')).toMatchObject({ strategy: 'rollback', mustRemediateLastFailure: false });
    expect(remediationFor(helmRelease({ upgrade: { remediation: { retries: 1 } } }), 'upgrade').mustRemediateLastFailure).toBe(true);
    expect(remediationFor(helmRelease({ upgrade: { remediation: { retries: 1, remediateLastFailure: false, strategy: 'uninstall' } } }), 'upgrade')).toMatchObject({
      mustRemediateLastFailure: false,
      strategy: 'uninstall',
    });
  });
  it('negative retries never run out', () => {
    expect(remediationFor(helmRelease({ install: { remediation: { retries: -1 } } }, { installFailures: 100 }), 'install').retriesExhausted).toBe(false);
  });
  it('ignoreTestFailures falls back to test.ignoreFailures', () => {
    const r = remediationFor(helmRelease({ test: { ignoreFailures: true } }), 'upgrade');
    expect(r.mustIgnoreTestFailures(true)).toBe(true);
    expect(remediationFor(helmRelease({ upgrade: { remediation: { ignoreTestFailures: false } } }), 'upgrade').mustIgnoreTestFailures(true)).toBe(false);
  });
  it('the active remediation follows lastAttemptedReleaseAction; RetryOnFailure has a retry instead', () => {
    expect(activeRemediation(helmRelease())).toBeUndefined();
    expect(activeRemediation(helmRelease({}, { lastAttemptedReleaseAction: 'upgrade' }))?.action).toBe('upgrade');
    const retry = helmRelease({ upgrade: { strategy: { name: 'RetryOnFailure', retryInterval: '1m0s' } } }, { lastAttemptedReleaseAction: 'upgrade' });
    expect(activeRemediation(retry)).toBeUndefined();
    expect(activeRetry(retry)).toEqual({ action: 'upgrade', retryInterval: '1m0s' });
    expect(activeRetry(helmRelease({ install: { strategy: { name: 'RetryOnFailure' } } }, { lastAttemptedReleaseAction: 'install' }))?.retryInterval).toBe('5m0s');
  });
});
