import { describe, expect, it } from 'vitest';
import * as msg from '../../../src/reconcile/messages/index.js';

const cur = { namespace: 'apps', name: 'podinfo', version: 3, chartName: 'podinfo', chartVersion: '6.3.5' };
const prev = { ...cur, version: 2, chartVersion: '6.3.4' };

describe('condition and event messages', () => {
  it.each([
    [msg.installSucceeded(cur), 'Helm install succeeded for release apps/podinfo.v3 with chart podinfo@6.3.5'],
    [msg.upgradeSucceeded(cur), 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.3.5'],
    [
      msg.upgradeFailed({ releaseNamespace: 'apps', releaseName: 'a-very-long-name', chartName: 'podinfo', chartVersion: '6.3.5' }, 'timed out\n'),
      'Helm upgrade failed for release apps/a-very-long-name with chart podinfo@6.3.5: timed out',
    ],
    [
      msg.installFailed({ releaseNamespace: 'apps', releaseName: 'podinfo', chartName: 'podinfo', chartVersion: '6.3.5' }, ' boom '),
      'Helm install failed for release apps/podinfo with chart podinfo@6.3.5: boom',
    ],
    [msg.awaitingTests(cur), 'Helm release apps/podinfo.v3 with chart podinfo@6.3.5 is awaiting tests'],
    [msg.testSucceeded(cur, 0), 'Helm test succeeded for release apps/podinfo.v3 with chart podinfo@6.3.5: no test hooks'],
    [msg.testSucceeded(cur, 1), 'Helm test succeeded for release apps/podinfo.v3 with chart podinfo@6.3.5: 1 test hook completed successfully'],
    [msg.testSucceeded(cur, 3), 'Helm test succeeded for release apps/podinfo.v3 with chart podinfo@6.3.5: 3 test hooks completed successfully'],
    [msg.testFailed(cur, 'pod x failed'), 'Helm test failed for release apps/podinfo.v3 with chart podinfo@6.3.5: pod x failed'],
    [msg.rollbackSucceeded(prev), 'Helm rollback to previous release apps/podinfo.v2 with chart podinfo@6.3.4 succeeded'],
    [msg.rollbackFailed(prev, 'nope'), 'Helm rollback to previous release apps/podinfo.v2 with chart podinfo@6.3.4 failed: nope'],
    [msg.uninstallRemediationSucceeded(cur), 'Helm uninstall remediation for release apps/podinfo.v3 with chart podinfo@6.3.5 succeeded'],
    [msg.uninstallSucceeded(cur), 'Helm uninstall succeeded for release apps/podinfo.v3 with chart podinfo@6.3.5'],
    [msg.releaseNotFound(cur), 'Release apps/podinfo.v3 was not found, assuming it is uninstalled'],
    [msg.unlockSucceeded(cur, 'pending-upgrade'), 'Unlocked Helm release apps/podinfo.v3 with chart podinfo@6.3.5 in pending-upgrade state'],
    [msg.unlockDescription('pending-install'), "Release unlocked from stale 'pending-install' state"],
    [msg.retriesExceeded('upgrade', 2), 'Failed to upgrade after 2 attempt(s)'],
    [msg.runningAction('install', '5m0s'), "Running 'install' action with timeout of 5m0s"],
    [msg.stateError('boom'), 'Could not determine release state: boom'],
    [msg.dependencyNotReady('apps/redis'), "dependency 'apps/redis' is not ready"],
    [msg.crossNamespaceDenied('OCIRepository', 'flux-system', 'podinfo'), 'cross-namespace references are not allowed: cannot access OCIRepository flux-system/podinfo'],
  ])('%s', (got, want) => {
    expect(got).toBe(want);
  });
});

describe('drift summaries (internal/diff summarize_test.go shapes)', () => {
  const entries: msg.DriftEntry[] = [
    { type: 'update', kind: 'Deployment', namespace: 'default', name: 'hello-world', additions: 1, changes: 1, removals: 1 },
    { type: 'create', kind: 'Deployment', namespace: 'default', name: 'hello-world2' },
    { type: 'exclude', kind: 'Deployment', namespace: 'default', name: 'hello-world3' },
    { type: 'none', kind: 'Deployment', namespace: 'default', name: 'hello-world4' },
  ];

  it('lists changed, removed and excluded objects', () => {
    expect(msg.summarizeDrift(entries)).toBe(
      'Deployment/default/hello-world changed (1 additions, 1 changes, 1 removals)\nDeployment/default/hello-world2 removed\nDeployment/default/hello-world3 excluded',
    );
    expect(msg.summarizeDrift(entries, ['none'])).toBe('Deployment/default/hello-world4 unchanged');
    expect(msg.summarizeDriftBrief(entries)).toBe('removed: 1, changed: 1, excluded: 1');
  });

  it('frames the drift event', () => {
    expect(msg.driftDetected(cur, entries.slice(1, 2))).toBe('Cluster state of release apps/podinfo.v3 has drifted from the desired state:\nDeployment/default/hello-world2 removed');
    expect(msg.driftCorrectionFailed(cur, ['e1'], ['Deployment/default/x configured'])).toBe(
      'Failed to partially correct cluster state of release apps/podinfo.v3:\ne1\n\nSuccessful corrections:\nDeployment/default/x configured',
    );
  });

  it('appends Helm logs to failure events and builds event annotations', () => {
    expect(msg.eventMessageWithLog('failed', '')).toBe('failed');
    expect(msg.eventMessageWithLog('failed', 'l1\nl2')).toBe('failed\n\nLast Helm logs:\n\nl1\nl2');
    expect(msg.eventMetadata('6.3.5', 'sha256:x', '6.3.5')).toEqual({
      'helm.toolkit.fluxcd.io/revision': '6.3.5',
      'helm.toolkit.fluxcd.io/token': 'sha256:x',
      'helm.toolkit.fluxcd.io/app-version': '6.3.5',
    });
    expect(msg.eventMetadata('', '', '1.0', 'sha256:d')).toBeUndefined();
  });
});
