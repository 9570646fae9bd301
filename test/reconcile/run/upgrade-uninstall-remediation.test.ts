// Upgrade remediation with strategy `uninstall` against the API test server (an image matching
// `:does-not-exist` never becomes ready): the failed upgrade is uninstalled and, even with no
// upgrade retries left, a fresh install follows; it answers to the install remediation.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import type { ChartRepoServer } from '../../support/servers/chart-repo.js';
import { chartRepoWith, helmRelease, helmRepository, HR_API, namespace, type EventLike } from './support.js';

const CHART = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));

describe('upgrade remediation by uninstall', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  let repo: ChartRepoServer;

  const hr = () => server.store.get(HR_API, 'HelmRelease', 'grade', 'apps') as unknown as HelmRelease;
  const condition = (type: string) => hr().status?.conditions?.find((c) => c.type === type);
  const reasons = () => (server.store.list('v1', 'Event', 'apps') as unknown as EventLike[]).filter((e) => e.involvedObject.name === 'grade').map((e) => e.reason);
  const reconcile = () => reconcileHelmRelease({ cluster, namespace: 'apps', name: 'grade' });

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds(), simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /:does-not-exist$/ });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    repo = await chartRepoWith([{ dir: CHART, name: 'grade-api', version: '1.0.0' }]);
    for (const o of [namespace('apps'), helmRepository('charts', 'apps', repo.url), helmRelease('grade', 'apps', 'grade-api', '1.0.0')]) server.store.put(o as never);
    await reconcile();
  });
  afterAll(async () => {
    cluster.close?.();
    await repo.stop();
    await server.close();
  });

  it('uninstalls the failed upgrade, reinstalls, and stalls when that install fails without retries', async () => {
    expect(condition('Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    await cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', {
      spec: { timeout: '1s', values: { image: { tag: 'does-not-exist' } }, upgrade: { remediation: { retries: 0, remediateLastFailure: true, strategy: 'uninstall' } } },
    });
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'stalled' } });
    expect(reasons()).toEqual(['InstallSucceeded', 'UpgradeFailed', 'UninstallSucceeded', 'InstallFailed']);
    expect(hr().status).toMatchObject({ upgradeFailures: 1, installFailures: 1, lastAttemptedReleaseAction: 'install' });
    expect(condition('Stalled')).toMatchObject({ status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 1 attempt(s)' });
    // The reinstall starts a new history at revision 1.
    expect((await new ReleaseStorage(cluster, 'apps').history('grade')).map((r) => `${r.version}:${r.info.status}`)).toEqual(['1:failed']);
    expect(hr().status?.history?.map((h) => `${h.version}:${h.status}`)).toEqual(['1:failed']);
  });
});
