// Upgrade remediation with strategy `uninstall` against the API test server (an image matching
// `:does-not-exist` never becomes ready): the failed upgrade is uninstalled and, even with no
// upgrade retries left, a fresh install follows; it answers to the install remediation.
import { beforeAll, describe, expect, it } from 'vitest';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { defaultObjects, type EventLike, helmRelease, reconcileEnv } from './support.js';

describe('upgrade remediation by uninstall', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /:does-not-exist$/ },
    objects: (url) => [...defaultObjects(url), helmRelease('grade', 'apps', 'grade-api', '1.0.0')],
  });
  const { hr, condition } = env;

  const reasons = () => (env.server.store.list('v1', 'Event', 'apps') as unknown as EventLike[]).filter((e) => e.involvedObject.name === 'grade').map((e) => e.reason);
  const reconcile = () => reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' });

  beforeAll(async () => {
    await reconcile();
  });

  it('uninstalls the failed upgrade, reinstalls, and stalls when that install fails without retries', async () => {
    expect(condition('Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', {
      spec: { timeout: '1s', values: { image: { tag: 'does-not-exist' } }, upgrade: { remediation: { retries: 0, remediateLastFailure: true, strategy: 'uninstall' } } },
    });
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'stalled' } });
    expect(reasons()).toEqual(['InstallSucceeded', 'UpgradeFailed', 'UninstallSucceeded', 'InstallFailed']);
    expect(hr().status).toMatchObject({ upgradeFailures: 1, installFailures: 1, lastAttemptedReleaseAction: 'install' });
    expect(condition('Stalled')).toMatchObject({ status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 1 attempt(s)' });
    // The reinstall starts a new history at revision 1.
    expect((await new ReleaseStorage(env.cluster, 'apps').history('grade')).map((r) => `${r.version}:${r.info.status}`)).toEqual(['1:failed']);
    expect(hr().status?.history?.map((h) => `${h.version}:${h.status}`)).toEqual(['1:failed']);
  });
});
