// The atomic release loop (atomic_release.go Reconcile + cleanReleaseStrategy) with scripted
// states and actions: which actions run, in which order, and how the loop ends.
import { describe, expect, it } from 'vitest';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import * as conditions from '../../../src/reconcile/conditions/index.js';
import { runAtomicRelease, type NextAction } from '../../../src/reconcile/decide/index.js';
import type { ReleaseState } from '../../../src/reconcile/state/index.js';
import { helmRelease, mockRelease, snap, storage } from './releases.js';

const T0 = '2024-01-01T00:00:00Z';

function harness(hr: HelmRelease, states: ReleaseState[], run: (a: NextAction, hr: HelmRelease) => void | Promise<void> = () => {}) {
  const ran: string[] = [];
  let patches = 0;
  const deps = {
    getRelease: storage([]).get,
    now: () => new Date(T0),
    determineState: async () => {
      const s = states.shift();
      if (!s) throw new Error('no more states scripted');
      return s;
    },
    runAction: async (a: NextAction) => {
      ran.push(a.kind);
      await run(a, hr);
    },
    patchStatus: async () => {
      patches++;
    },
  };
  return { deps, ran, patches: () => patches };
}

const inSync: ReleaseState = { status: 'InSync', reason: '' };

describe('runAtomicRelease', () => {
  it('installs, then finds the release in sync and summarizes Ready', async () => {
    const rel = mockRelease(1, 'deployed');
    const hr = helmRelease();
    const h = harness(hr, [{ status: 'Absent', reason: 'no release in storage for object' }, inSync], (_a, o) => {
      o.status!.history = [snap(rel)];
      conditions.markTrue(o, 'Released', 'InstallSucceeded', 'Helm install succeeded for release mock-ns/release.v1 with chart chart@1.0.0', () => new Date(T0));
    });
    expect(await runAtomicRelease(hr, h.deps)).toEqual({ kind: 'done' });
    expect(h.ran).toEqual(['install']);
    expect(conditions.get(hr, 'Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    expect(conditions.has(hr, 'Reconciling')).toBe(false);
    expect(h.patches()).toBe(2);
  });

  it('marks Reconciling and Ready=Unknown with the running message before a release action', async () => {
    const hr = helmRelease({ install: { timeout: '2m0s' } });
    let seen: unknown;
    const h = harness(hr, [{ status: 'Absent', reason: '' }, inSync], (_a, o) => {
      seen = { reconciling: conditions.get(o, 'Reconciling'), ready: conditions.get(o, 'Ready') };
    });
    await runAtomicRelease(hr, h.deps);
    expect(seen).toMatchObject({
      reconciling: { status: 'True', reason: 'Progressing', message: "Running 'install' action with timeout of 2m0s" },
      ready: { status: 'Unknown', reason: 'Progressing', message: "Running 'install' action with timeout of 2m0s" },
    });
  });

  it('runs each reconciler type once: a second upgrade requeues with the Ready message', async () => {
    const hr = helmRelease();
    const h = harness(hr, [{ status: 'OutOfSync', reason: '' }, { status: 'OutOfSync', reason: '' }]);
    expect(await runAtomicRelease(hr, h.deps)).toEqual({ kind: 'requeue' });
    expect(h.ran).toEqual(['upgrade']);
    expect(conditions.get(hr, 'Reconciling')).toMatchObject({ reason: 'ProgressingWithRetry', message: "Running 'upgrade' action with timeout of 5m0s" });
  });

  it('stops after a remediation and requeues while retries remain', async () => {
    const prev = mockRelease(1, 'superseded');
    const failed = mockRelease(2, 'failed');
    const hr = helmRelease({ upgrade: { remediation: { retries: 2 } } }, { history: [snap(failed), snap(prev)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 1 });
    const h = harness(hr, [{ status: 'Failed', reason: '' }]);
    h.deps.getRelease = storage([prev, failed]).get;
    expect(await runAtomicRelease(hr, h.deps)).toEqual({ kind: 'requeue' });
    expect(h.ran).toEqual(['rollback-remediation']);
  });

  it('stalls after the last remediation when retries are exhausted', async () => {
    const prev = mockRelease(1, 'superseded');
    const failed = mockRelease(2, 'failed');
    const hr = helmRelease({ upgrade: { remediation: { retries: 1 } } }, { history: [snap(failed), snap(prev)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 2 });
    const h = harness(hr, [{ status: 'Failed', reason: '' }]);
    h.deps.getRelease = storage([prev, failed]).get;
    const out = await runAtomicRelease(hr, h.deps);
    expect(out.kind).toBe('stalled');
    expect(h.ran).toEqual(['rollback-remediation']);
    expect(conditions.get(hr, 'Stalled')).toMatchObject({ status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 2 attempt(s)' });
    expect(conditions.has(hr, 'Reconciling')).toBe(false);
  });

  it('stalls at once with the default remediation (no retries) after a failed install', async () => {
    const failed = mockRelease(1, 'failed');
    const hr = helmRelease({}, { history: [snap(failed)], lastAttemptedReleaseAction: 'install', installFailures: 1 });
    const h = harness(hr, [{ status: 'Failed', reason: '' }]);
    const out = await runAtomicRelease(hr, h.deps);
    expect(out).toMatchObject({ kind: 'stalled' });
    expect(conditions.get(hr, 'Stalled')?.message).toBe('Failed to install after 1 attempt(s)');
    expect(h.ran).toEqual([]);
  });

  it('requeues after an uninstall remediation of an upgrade so a reinstall follows', async () => {
    const failed = mockRelease(2, 'failed');
    const hr = helmRelease({ upgrade: { remediation: { retries: 1, strategy: 'uninstall' } } }, { history: [snap(failed)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 2 });
    const h = harness(hr, [{ status: 'Failed', reason: '' }]);
    expect(await runAtomicRelease(hr, h.deps)).toEqual({ kind: 'requeue' });
    expect(h.ran).toEqual(['uninstall-remediation']);
  });

  it('retries after the interval under RetryOnFailure', async () => {
    const hr = helmRelease({ upgrade: { strategy: { name: 'RetryOnFailure', retryInterval: '30s' } } }, { lastAttemptedReleaseAction: 'upgrade' });
    const h = harness(hr, [{ status: 'OutOfSync', reason: '' }], () => {
      throw new Error('upgrade failed');
    });
    expect(await runAtomicRelease(hr, h.deps)).toEqual({ kind: 'retry-after', interval: '30s' });
    expect(conditions.get(hr, 'Reconciling')).toMatchObject({ reason: 'ProgressingWithRetry', message: 'retrying after 30s' });
  });

  it('rethrows an action error, turning a Ready=True into ReconcileError', async () => {
    const hr = helmRelease({}, { conditions: [{ type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'ok', lastTransitionTime: T0 }] });
    const h = harness(hr, [{ status: 'Untested', reason: '' }], () => {
      throw new Error('test runner crashed');
    });
    await expect(runAtomicRelease(hr, h.deps)).rejects.toThrow('test runner crashed');
    expect(conditions.get(hr, 'Ready')).toMatchObject({ status: 'False', reason: 'ReconcileError', message: 'test runner crashed' });
  });

  it('marks Ready=False StateError when the state cannot be determined', async () => {
    const hr = helmRelease();
    const h = harness(hr, []);
    await expect(runAtomicRelease(hr, h.deps)).rejects.toThrow('cannot determine release state: no more states scripted');
    expect(conditions.get(hr, 'Ready')).toMatchObject({ status: 'False', reason: 'StateError', message: 'Could not determine release state: no more states scripted' });
  });

  it('unlocks, then upgrades, then tests in one reconcile', async () => {
    const hr = helmRelease({ test: { enable: true } });
    const h = harness(hr, [{ status: 'Locked', reason: '' }, { status: 'Failed', reason: '' }, { status: 'Untested', reason: '' }, inSync]);
    expect(await runAtomicRelease(hr, h.deps)).toEqual({ kind: 'done' });
    expect(h.ran).toEqual(['unlock', 'upgrade', 'test']);
  });
});

describe('observed digests (summarize at fluxcd/helm-controller#1412)', () => {
  it('are recorded when the loop settles, and cleared when the spec has none', async () => {
    const hr = helmRelease({}, { observedCommonMetadataDigest: 'sha256:stale', conditions: [{ type: 'Released', status: 'True', reason: 'UpgradeSucceeded', message: 'ok', observedGeneration: 1 }] });
    const h = harness(hr, [inSync]);
    await runAtomicRelease(hr, { ...h.deps, postRenderersDigest: 'sha256:pr', commonMetadataDigest: '' });
    expect(hr.status!.observedPostRenderersDigest).toBe('sha256:pr');
    expect(hr.status!.observedCommonMetadataDigest).toBeUndefined();
  });

  it('are recorded whatever Ready says (no longer only once Ready)', async () => {
    const hr = helmRelease({}, { conditions: [{ type: 'Released', status: 'False', reason: 'UpgradeFailed', message: 'no', observedGeneration: 1 }] });
    const h = harness(hr, [inSync]);
    await runAtomicRelease(hr, { ...h.deps, postRenderersDigest: 'sha256:pr' });
    expect(conditions.get(hr, 'Ready')?.status).toBe('False');
    expect(hr.status!.observedPostRenderersDigest).toBe('sha256:pr');
  });

  it('are left alone when the caller does not track them', async () => {
    const hr = helmRelease({}, { observedPostRenderersDigest: 'sha256:kept', conditions: [{ type: 'Released', status: 'True', reason: 'UpgradeSucceeded', message: 'ok', observedGeneration: 1 }] });
    const h = harness(hr, [inSync]);
    await runAtomicRelease(hr, h.deps);
    expect(hr.status!.observedPostRenderersDigest).toBe('sha256:kept');
  });
});

describe('stalled without a recorded attempt', () => {
  it('names the install and its failures for an absent release out of retries', async () => {
    const hr = helmRelease({}, { installFailures: 1 });
    const h = harness(hr, [{ status: 'Absent', reason: '' }]);
    expect((await runAtomicRelease(hr, h.deps)).kind).toBe('stalled');
    expect(conditions.get(hr, 'Stalled')?.message).toBe('Failed to install after 1 attempt(s)');
  });
});
