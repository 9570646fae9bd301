// Facts from helm-controller internal/reconcile/atomic_release_test.go
// (TestAtomicRelease_actionForState), ported: state X leads to action Y.
import { describe, expect, it } from 'vitest';
import type { Release } from '../../../src/helm/release/types.js';
import type { Condition, HelmReleaseSpec, HelmReleaseStatus, Snapshot } from '../../../src/kinds/api-types.js';
import * as conditions from '../../../src/reconcile/conditions/index.js';
import { actionForState, ExceededMaxRetriesError, MissingRollbackTargetError, type ActionKind } from '../../../src/reconcile/decide/index.js';
import type { ReleaseState } from '../../../src/reconcile/state/index.js';
import { helmRelease, mockRelease, snap, storage } from './releases.js';

const FORCE = { 'reconcile.fluxcd.io/requestedAt': 'force', 'reconcile.fluxcd.io/forceAt': 'force' };
const T0 = '2024-01-01T00:00:00Z';
const cond = (type: string, status: string, reason: string, message: string): Condition => ({ type, status, reason, message, lastTransitionTime: T0 });
const v1: Snapshot = { name: 'release', namespace: 'mock-ns', version: 1, digest: 'sha256:x', status: 'deployed', chartName: 'chart', chartVersion: '1.0.0', configDigest: '', firstDeployed: T0, lastDeployed: T0 };

interface Case {
  name: string;
  state: ReleaseState;
  annotations?: Record<string, string>;
  spec?: Partial<HelmReleaseSpec>;
  status?: (releases: Release[]) => HelmReleaseStatus;
  releases?: Release[];
  want?: ActionKind;
  wantErr?: typeof ExceededMaxRetriesError | typeof MissingRollbackTargetError;
  wantEvent?: { type: string; reason: string; message: string };
  assertCondition?: Partial<Condition>;
}

const superseded1 = mockRelease(1, 'superseded');
const failed2 = mockRelease(2, 'failed');

const cases: Case[] = [
  { name: 'in-sync release does not trigger any action', state: { status: 'InSync', reason: '' }, status: () => ({ history: [v1] }) },
  { name: 'in-sync release with force annotation triggers upgrade action', state: { status: 'InSync', reason: '' }, annotations: FORCE, status: () => ({ history: [v1] }), want: 'upgrade' },
  {
    name: 'in-sync release with stale remediated condition',
    state: { status: 'InSync', reason: '' },
    status: () => ({ history: [v1], conditions: [cond('Released', 'False', 'UpgradeFailed', 'upgrade failed'), cond('Remediated', 'True', 'RollbackSucceeded', 'rolled back')] }),
    assertCondition: { type: 'Released', status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release mock-ns/release.v1 with chart chart@1.0.0' },
  },
  { name: 'locked release triggers unlock action', state: { status: 'Locked', reason: '' }, want: 'unlock' },
  { name: 'absent release triggers install action', state: { status: 'Absent', reason: '' }, want: 'install' },
  {
    name: 'absent release without remaining retries and force annotation triggers install',
    state: { status: 'Absent', reason: '' },
    annotations: FORCE,
    status: () => ({ installFailures: 1 }),
    want: 'install',
  },
  { name: 'absent release without remaining retries returns error', state: { status: 'Absent', reason: '' }, status: () => ({ installFailures: 1 }), wantErr: ExceededMaxRetriesError },
  { name: 'unmanaged release triggers upgrade', state: { status: 'Unmanaged', reason: '' }, want: 'upgrade' },
  {
    name: 'drifted release triggers correction if enabled',
    state: { status: 'Drifted', reason: '', drift: { hasChanges: true, entries: [{ type: 'create', kind: 'Deployment', namespace: 'something', name: 'mock' }] } },
    spec: { driftDetection: { mode: 'enabled' } },
    status: () => ({ history: [v1] }),
    want: 'correct-cluster-drift',
    wantEvent: { type: 'Warning', reason: 'DriftDetected', message: 'Cluster state of release mock-ns/release.v1 has drifted from the desired state:\nDeployment/something/mock removed' },
  },
  {
    name: 'drifted release only triggers event if mode is warn',
    state: { status: 'Drifted', reason: '', drift: { hasChanges: true, entries: [{ type: 'update', kind: 'Deployment', namespace: 'something', name: 'mock', changes: 1 }] } },
    spec: { driftDetection: { mode: 'warn' } },
    status: () => ({ history: [v1] }),
    wantEvent: {
      type: 'Warning',
      reason: 'DriftDetected',
      message: 'Cluster state of release mock-ns/release.v1 has drifted from the desired state:\nDeployment/something/mock changed (0 additions, 1 changes, 0 removals)',
    },
  },
  { name: 'out-of-sync release triggers upgrade', state: { status: 'OutOfSync', reason: '' }, want: 'upgrade' },
  {
    name: 'out-of-sync release with no remaining retries and force annotation triggers upgrade',
    state: { status: 'OutOfSync', reason: '' },
    annotations: FORCE,
    status: () => ({ upgradeFailures: 1 }),
    want: 'upgrade',
  },
  { name: 'out-of-sync release with no remaining retries returns error', state: { status: 'OutOfSync', reason: '' }, status: () => ({ upgradeFailures: 1 }), wantErr: ExceededMaxRetriesError },
  { name: 'untested release triggers test action', state: { status: 'Untested', reason: '' }, want: 'test' },
  {
    name: 'untested release with stale remediated condition',
    state: { status: 'Untested', reason: '' },
    status: () => ({ history: [v1], conditions: [cond('Released', 'False', 'UpgradeFailed', 'upgrade failed'), cond('Remediated', 'True', 'RollbackSucceeded', 'rolled back')] }),
    want: 'test',
    assertCondition: { type: 'Released', status: 'True', reason: 'UpgradeSucceeded' },
  },
  { name: 'failed release without active remediation triggers upgrade', state: { status: 'Failed', reason: '' }, status: () => ({ installFailures: 1 }), want: 'upgrade' },
  {
    name: 'failed release without failure count triggers upgrade',
    state: { status: 'Failed', reason: '' },
    status: () => ({ lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 0 }),
    want: 'upgrade',
  },
  {
    name: 'failed release with exhausted retries and force annotation triggers upgrade',
    state: { status: 'Failed', reason: '' },
    annotations: FORCE,
    status: () => ({ lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 1 }),
    want: 'upgrade',
  },
  {
    name: 'failed release with exhausted retries returns error',
    state: { status: 'Failed', reason: '' },
    status: () => ({ lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 1 }),
    wantErr: ExceededMaxRetriesError,
  },
  {
    name: 'failed release with active install remediation triggers uninstall',
    state: { status: 'Failed', reason: '' },
    spec: { install: { remediation: { retries: 3 } } },
    status: () => ({ lastAttemptedReleaseAction: 'install', installFailures: 2 }),
    want: 'uninstall-remediation',
  },
  {
    name: 'failed release with active upgrade remediation triggers rollback',
    state: { status: 'Failed', reason: '' },
    releases: [superseded1, failed2],
    spec: { upgrade: { remediation: { retries: 2 } } },
    status: (r) => ({ history: [snap(r[1]!), snap(r[0]!)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 1 }),
    want: 'rollback-remediation',
  },
  {
    name: 'failed release with active upgrade remediation and no previous release triggers error',
    state: { status: 'Failed', reason: '' },
    releases: [failed2],
    spec: { upgrade: { remediation: { retries: 2 } } },
    status: (r) => ({ history: [snap(r[0]!)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 1 }),
    wantErr: MissingRollbackTargetError,
  },
  {
    name: 'failed release with active upgrade remediation and unverified previous triggers upgrade',
    state: { status: 'Failed', reason: '' },
    releases: [failed2],
    spec: { upgrade: { remediation: { retries: 2 } } },
    status: (r) => ({ history: [snap(r[0]!), snap(superseded1)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 1 }),
    want: 'upgrade',
  },
  {
    name: 'failed release under RetryOnFailure is retried with an upgrade',
    state: { status: 'Failed', reason: '' },
    spec: { install: { strategy: { name: 'RetryOnFailure' } } },
    status: () => ({ lastAttemptedReleaseAction: 'install', installFailures: 5 }),
    want: 'upgrade',
  },
  {
    name: 'failed release with exhausted retries but remediateLastFailure rolls back',
    state: { status: 'Failed', reason: '' },
    releases: [superseded1, failed2],
    spec: { upgrade: { remediation: { retries: 1 } } },
    status: (r) => ({ history: [snap(r[1]!), snap(r[0]!)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 2 }),
    want: 'rollback-remediation',
  },
];

describe('actionForState', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const releases = c.releases ?? [];
    const hr = helmRelease({ releaseName: 'release', targetNamespace: 'mock-ns', storageNamespace: 'mock-ns', ...c.spec }, c.status?.(releases) ?? {});
    if (c.annotations) hr.metadata.annotations = c.annotations;
    const events: Array<{ type: string; reason: string; message: string }> = [];
    const ctx = { getRelease: storage(releases).get, event: (type: string, reason: string, message: string) => events.push({ type, reason, message }), now: () => new Date(T0) };

    if (c.wantErr) {
      await expect(actionForState(hr, c.state, ctx)).rejects.toBeInstanceOf(c.wantErr);
      return;
    }
    const got = await actionForState(hr, c.state, ctx);
    expect(got?.kind).toBe(c.want);
    if (c.wantEvent) expect(events).toEqual([c.wantEvent]);
    else expect(events).toEqual([]);
    if (c.assertCondition) {
      expect(conditions.get(hr, c.assertCondition.type!)).toMatchObject(c.assertCondition);
      expect(conditions.has(hr, 'Remediated')).toBe(false);
    }
  });

  it('names the rollback target and the error texts', async () => {
    const hr = helmRelease({ upgrade: { remediation: { retries: 2 } } }, { history: [snap(failed2), snap(superseded1)], lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 1 });
    const got = await actionForState(hr, { status: 'Failed', reason: '' }, { getRelease: storage([superseded1, failed2]).get });
    expect(got).toMatchObject({ kind: 'rollback-remediation', name: 'rollback', type: 'remediate', rollbackTarget: { version: 1 } });
    expect(new ExceededMaxRetriesError('cannot install release').message).toBe('exceeded maximum retries: cannot install release');
    expect(new MissingRollbackTargetError('cannot remediate failed release').message).toBe('missing target release for rollback: cannot remediate failed release');
  });

  it('truncates history to the rollback target when in sync', async () => {
    const h = [3, 2, 1].map((v) => snap(mockRelease(v, v === 3 ? 'deployed' : 'superseded')));
    const hr = helmRelease({}, { history: h });
    await actionForState(hr, { status: 'InSync', reason: '' }, { getRelease: storage([]).get });
    expect(hr.status!.history!.map((s) => s.version)).toEqual([3, 2]);
  });

  it('records the force request as handled, so it is honoured once', async () => {
    const hr = helmRelease({}, { history: [v1] });
    hr.metadata.annotations = FORCE;
    const ctx = { getRelease: storage([]).get };
    expect((await actionForState(hr, { status: 'InSync', reason: '' }, ctx))?.kind).toBe('upgrade');
    expect(hr.status!.lastHandledForceAt).toBe('force');
    expect(await actionForState(hr, { status: 'InSync', reason: '' }, ctx)).toBeUndefined();
  });

  it('clears the history of an unmanaged release', async () => {
    const hr = helmRelease({}, { history: [v1] });
    await actionForState(hr, { status: 'Unmanaged', reason: 'found existing release in storage' }, { getRelease: storage([]).get });
    expect(hr.status!.history).toEqual([]);
  });
});
