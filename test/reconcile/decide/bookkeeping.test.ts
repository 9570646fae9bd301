// What install/upgrade/test/remediation record on the HelmRelease (install.go, upgrade.go,
// test.go, rollback_remediation.go, uninstall_remediation.go, unlock.go).
import { describe, expect, it } from 'vitest';
import * as conditions from '../../../src/reconcile/conditions/index.js';
import {
  beginReleaseAction,
  recordReleaseResult,
  recordRollbackResult,
  recordTestResult,
  recordUninstallRemediationResult,
  recordUnlockResult,
  recordUninstallResult,
} from '../../../src/reconcile/decide/index.js';
import { helmRelease, mockRelease, snap } from './releases.js';

const now = () => new Date('2024-01-01T00:00:00Z');
const target = { releaseNamespace: 'mock-ns', releaseName: 'release', chartName: 'chart', chartVersion: '1.0.0' };

describe('install and upgrade results', () => {
  it('an install starts a new history and drops TestSuccess and Remediated', () => {
    const hr = helmRelease({}, { history: [snap(mockRelease(1, 'deployed'))], conditions: [{ type: 'Remediated', status: 'True', reason: 'r', message: 'm' }] });
    beginReleaseAction(hr, 'install');
    expect(hr.status).toMatchObject({ lastAttemptedReleaseAction: 'install', history: [] });
    expect(conditions.has(hr, 'Remediated')).toBe(false);
  });

  it('success: snapshot in front (no action field: not in the CRD schema), Released=True, AwaitingTests when tests are on, counters kept', () => {
    const hr = helmRelease({ test: { enable: true } }, { installFailures: 1, failures: 1 });
    beginReleaseAction(hr, 'install');
    expect(recordReleaseResult(hr, { action: 'install', observed: [snap(mockRelease(1, 'deployed'))], duration: '3.2s', target, now })).toBeUndefined();
    expect(hr.status!.history).toMatchObject([{ version: 1, status: 'deployed' }]);
    expect(hr.status!.history![0]).not.toHaveProperty('action');
    expect(hr.status!.lastAttemptedReleaseActionDuration).toBe('3.2s');
    expect(conditions.get(hr, 'Released')).toMatchObject({ status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release mock-ns/release.v1 with chart chart@1.0.0' });
    expect(conditions.get(hr, 'TestSuccess')).toMatchObject({ status: 'Unknown', reason: 'AwaitingTests' });
    expect(hr.status!.installFailures).toBe(1);
  });

  it('success under RetryOnFailure clears the counters', () => {
    const hr = helmRelease({ upgrade: { strategy: { name: 'RetryOnFailure' } } }, { upgradeFailures: 3, failures: 3 });
    beginReleaseAction(hr, 'upgrade');
    recordReleaseResult(hr, { action: 'upgrade', observed: [snap(mockRelease(2, 'deployed'))], target, now });
    expect(hr.status!.upgradeFailures).toBeUndefined();
  });

  it('a failure that wrote a release counts against retries; one that wrote nothing is returned', () => {
    const hr = helmRelease();
    beginReleaseAction(hr, 'upgrade');
    expect(recordReleaseResult(hr, { action: 'upgrade', observed: [snap(mockRelease(2, 'failed'))], error: new Error('timed out waiting\n'), target, now })).toBeUndefined();
    expect(hr.status).toMatchObject({ failures: 1, upgradeFailures: 1 });
    expect(conditions.get(hr, 'Released')).toMatchObject({
      status: 'False',
      reason: 'UpgradeFailed',
      message: 'Helm upgrade failed for release mock-ns/release with chart chart@1.0.0: timed out waiting',
    });
    const err = new Error('rendering failed');
    expect(recordReleaseResult(hr, { action: 'upgrade', observed: [], error: err, target, now })).toBe(err);
    expect(hr.status).toMatchObject({ failures: 2, upgradeFailures: 1 });
  });
});

describe('test, remediation and unlock results', () => {
  it('records test hooks on the latest snapshot and the TestSuccess condition', () => {
    const hr = helmRelease({ test: { enable: true } }, { history: [snap(mockRelease(1, 'deployed'))], lastAttemptedReleaseAction: 'install' });
    recordTestResult(hr, { hooks: { 'test-a': { phase: 'Succeeded' }, 'test-b': { phase: 'Succeeded' } }, now });
    expect(hr.status!.history![0]!.testHooks).toEqual({ 'test-a': { phase: 'Succeeded' }, 'test-b': { phase: 'Succeeded' } });
    expect(conditions.get(hr, 'TestSuccess')?.message).toBe('Helm test succeeded for release mock-ns/release.v1 with chart chart@1.0.0: 2 test hooks completed successfully');
    recordTestResult(hr, { hooks: { 'test-a': { phase: 'Failed' } }, error: new Error('pod test-a failed'), now });
    expect(conditions.get(hr, 'TestSuccess')).toMatchObject({ status: 'False', reason: 'TestFailed' });
    expect(hr.status!.installFailures).toBe(1);
  });

  it('a rollback remediation marks Remediated', () => {
    const prev = snap(mockRelease(1, 'superseded'));
    const hr = helmRelease({}, { history: [snap(mockRelease(2, 'failed')), prev] });
    recordRollbackResult(hr, prev, [snap(mockRelease(3, 'deployed'))], undefined, now);
    expect(conditions.get(hr, 'Remediated')).toMatchObject({ status: 'True', reason: 'RollbackSucceeded', message: 'Helm rollback to previous release mock-ns/release.v1 with chart chart@1.0.0 succeeded' });
    expect(hr.status!.history!.map((s) => [s.version, s.status])).toEqual([
      [3, 'deployed'],
      [2, 'failed'],
      [1, 'superseded'],
    ]);
  });

  it('an uninstall remediation and an unlock', () => {
    const hr = helmRelease({}, { history: [snap(mockRelease(1, 'failed'))] });
    recordUninstallRemediationResult(hr, [snap(mockRelease(1, 'uninstalled'))], undefined, now);
    expect(conditions.get(hr, 'Remediated')?.message).toBe('Helm uninstall remediation for release mock-ns/release.v1 with chart chart@1.0.0 succeeded');
    expect(hr.status!.history![0]).toMatchObject({ version: 1, status: 'uninstalled' });
    const locked = helmRelease({}, { history: [snap(mockRelease(2, 'pending-upgrade'))] });
    recordUnlockResult(locked, 'pending-upgrade', [snap(mockRelease(2, 'failed'))], undefined, now);
    expect(conditions.get(locked, 'Released')).toMatchObject({ status: 'False', reason: 'PendingRelease', message: 'Unlocked Helm release mock-ns/release.v2 with chart chart@1.0.0 in pending-upgrade state' });
  });
});

describe('failed actions, as helm-controller counts and returns them', () => {
  it('a failed test counts in failures; against retries only when results were observed', () => {
    const hr = helmRelease({ test: { enable: true } }, { history: [snap(mockRelease(1, 'deployed'))], lastAttemptedReleaseAction: 'upgrade' });
    const err = new Error('timed out waiting for the test pod');
    // Nothing observed: the test did not run, the error is returned to be retried.
    expect(recordTestResult(hr, { error: err, now })).toBe(err);
    expect(hr.status).toMatchObject({ failures: 1 });
    expect(hr.status!.upgradeFailures).toBeUndefined();
    // Observed results: counted against the upgrade remediation, left to the next state.
    expect(recordTestResult(hr, { hooks: { smoke: { phase: 'Failed' } }, error: err, now })).toBeUndefined();
    expect(hr.status).toMatchObject({ failures: 2, upgradeFailures: 1 });
  });

  it('a failed test is not counted against retries when the remediation ignores test failures', () => {
    const hr = helmRelease({ test: { enable: true }, upgrade: { remediation: { ignoreTestFailures: true } } }, { history: [snap(mockRelease(1, 'deployed'))], lastAttemptedReleaseAction: 'upgrade' });
    recordTestResult(hr, { hooks: { smoke: { phase: 'Failed' } }, error: new Error('failed'), now });
    expect(hr.status).toMatchObject({ failures: 1 });
    expect(hr.status!.upgradeFailures).toBeUndefined();
  });

  it('a failed rollback returns its error only when it wrote nothing', () => {
    const prev = snap(mockRelease(1, 'superseded'));
    const err = new Error('timed out');
    const wrote = helmRelease({}, { history: [snap(mockRelease(2, 'failed')), prev] });
    expect(recordRollbackResult(wrote, prev, [snap(mockRelease(3, 'failed'))], err, now)).toBeUndefined();
    expect(conditions.get(wrote, 'Remediated')).toMatchObject({ status: 'False', reason: 'RollbackFailed', message: 'Helm rollback to previous release mock-ns/release.v1 with chart chart@1.0.0 failed: timed out' });
    const nothing = helmRelease({}, { history: [snap(mockRelease(2, 'failed')), prev] });
    expect(recordRollbackResult(nothing, prev, [], err, now)).toBe(err);
    expect(nothing.status).toMatchObject({ failures: 1 });
  });

  it('an uninstall remediation that did not update storage is an error', () => {
    const hr = helmRelease({}, { history: [snap(mockRelease(1, 'failed'))] });
    const result = recordUninstallRemediationResult(hr, [], undefined, now);
    expect(result?.message).toBe('uninstall completed with error: release not updated in Helm storage');
    expect(conditions.get(hr, 'Remediated')).toMatchObject({
      status: 'False',
      reason: 'UninstallFailed',
      message: 'Helm uninstall remediation for release mock-ns/release.v1 with chart chart@1.0.0 failed: uninstall completed with error: release not updated in Helm storage',
    });
    expect(hr.status).toMatchObject({ failures: 1 });
  });

  it('a failed unlock counts and names the locked release', () => {
    const locked = helmRelease({}, { history: [snap(mockRelease(2, 'pending-install'))] });
    const err = new Error('conflict');
    expect(recordUnlockResult(locked, 'pending-install', [], err, now)).toBe(err);
    expect(conditions.get(locked, 'Released')?.message).toBe('Unlock of Helm release mock-ns/release.v2 with chart chart@1.0.0 in pending-install state failed: conflict');
    expect(locked.status).toMatchObject({ failures: 1 });
  });

  it('an unlock only updates releases already in the history', () => {
    const hr = helmRelease({}, { history: [] });
    const subject = snap(mockRelease(4, 'pending-upgrade'));
    recordUnlockResult(hr, 'pending-upgrade', [snap(mockRelease(4, 'failed'))], undefined, now, subject);
    expect(hr.status!.history).toEqual([]);
    expect(conditions.get(hr, 'Released')?.message).toBe('Unlocked Helm release mock-ns/release.v4 with chart chart@1.0.0 in pending-upgrade state');
  });

  it('uninstalling a changed release target: Released=False with Flux messages', () => {
    const hr = helmRelease({}, { history: [snap(mockRelease(1, 'deployed'))] });
    expect(recordUninstallResult(hr, { observed: [snap(mockRelease(1, 'uninstalling'))], now })).toBeUndefined();
    expect(conditions.get(hr, 'Released')).toMatchObject({ status: 'False', reason: 'UninstallSucceeded', message: 'Helm uninstall succeeded for release mock-ns/release.v1 with chart chart@1.0.0' });
    const gone = helmRelease({}, { history: [snap(mockRelease(1, 'deployed'))] });
    expect(recordUninstallResult(gone, { observed: [], error: new Error('uninstall: Release not loaded: release: release: not found'), now })).toBeUndefined();
    expect(conditions.get(gone, 'Released')?.message).toBe('Release mock-ns/release.v1 was not found, assuming it is uninstalled');
    const kept = helmRelease({ uninstall: { keepHistory: true } }, { history: [snap(mockRelease(1, 'uninstalled'))] });
    expect(recordUninstallResult(kept, { observed: [], error: new Error('the release named "release" is already deleted'), keepHistory: true, now })).toBeUndefined();
    expect(conditions.get(kept, 'Released')?.message).toBe('Release mock-ns/release.v1 was already uninstalled');
    const failed = helmRelease({}, { history: [snap(mockRelease(1, 'deployed'))] });
    const err = new Error('uninstallation completed with 1 error(s): forbidden');
    expect(recordUninstallResult(failed, { observed: [snap(mockRelease(1, 'uninstalling'))], error: err, now })).toBe(err);
    expect(conditions.get(failed, 'Released')).toMatchObject({ reason: 'UninstallFailed', message: 'Helm uninstall failed for release mock-ns/release.v1 with chart chart@1.0.0: uninstallation completed with 1 error(s): forbidden' });
    expect(failed.status).toMatchObject({ failures: 1 });
  });
});

describe('release writes on the history (observedReleases.recordOnObject)', () => {
  it('an upgrade puts the new release in front and updates the superseded one in place', () => {
    const hr = helmRelease({}, { history: [{ ...snap(mockRelease(1, 'deployed')), testHooks: {} }] });
    recordReleaseResult(hr, { action: 'upgrade', observed: [snap(mockRelease(2, 'deployed')), snap(mockRelease(1, 'superseded'))], target, now });
    expect(hr.status!.history!.map((h) => `${h.version}:${h.status}`)).toEqual(['2:deployed', '1:superseded']);
    expect(hr.status!.history![1]!.testHooks).toEqual({});
  });

  it('an older release that is not in the history stays out of it (Unmanaged upgrade)', () => {
    const hr = helmRelease({}, { history: [] });
    recordReleaseResult(hr, { action: 'upgrade', observed: [snap(mockRelease(1, 'superseded')), snap(mockRelease(2, 'deployed'))], target, now });
    expect(hr.status!.history!.map((h) => `${h.version}:${h.status}`)).toEqual(['2:deployed']);
  });
});
