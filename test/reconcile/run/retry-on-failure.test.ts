// The RetryOnFailure strategy against the API test server (an image matching `:does-not-exist`
// never becomes ready): a failed install is retried with an upgrade after retryInterval, never
// remediated; failures are counted while it fails and cleared by the release that succeeds.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import type { ChartRepoServer } from '../../support/servers/chart-repo.js';
import { chartRepoWith, helmRelease, helmRepository, HR_API, namespace } from './support.js';

const CHART = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));
const retry = { name: 'RetryOnFailure', retryInterval: '1m' };

describe('RetryOnFailure', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  let repo: ChartRepoServer;

  const hr = () => server.store.get(HR_API, 'HelmRelease', 'grade', 'apps') as unknown as HelmRelease;
  const condition = (type: string) => hr().status?.conditions?.find((c) => c.type === type);
  const history = () => hr().status?.history?.map((h) => `${h.version}:${h.status}`);
  const reconcile = () => reconcileHelmRelease({ cluster, namespace: 'apps', name: 'grade' });

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds(), simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /:does-not-exist$/ });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    repo = await chartRepoWith([{ dir: CHART, name: 'grade-api', version: '1.0.0' }]);
    const release = helmRelease('grade', 'apps', 'grade-api', '1.0.0', {
      timeout: '1s',
      install: { strategy: retry, remediation: { retries: 0 } },
      upgrade: { strategy: retry },
      values: { image: { tag: 'does-not-exist' } },
    } as Partial<NonNullable<HelmRelease['spec']>>);
    for (const o of [namespace('apps'), helmRepository('charts', 'apps', repo.url), release]) server.store.put(o as never);
  });
  afterAll(async () => {
    cluster.close?.();
    await repo.stop();
    await server.close();
  });

  it('a failed install is not remediated: the run ends asking to retry after the interval', async () => {
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'retry-after', interval: '1m0s' } });
    expect(history()).toEqual(['1:failed']);
    expect(hr().status).toMatchObject({ failures: 1, installFailures: 1, lastAttemptedReleaseAction: 'install', observedGeneration: 1 });
    expect(condition('Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry', message: 'retrying after 1m0s' });
    expect(condition('Ready')).toMatchObject({ status: 'False', reason: 'InstallFailed' });
    expect(condition('Ready')?.message).toMatch(/^Helm install failed for release apps\/grade with chart grade-api@1\.0\.0: /);
    expect(condition('Stalled')).toBeUndefined();
    expect(condition('Remediated')).toBeUndefined();
  });

  it('the retry is an upgrade of the failed release, counted as an upgrade failure', async () => {
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'retry-after' } });
    expect(history()).toEqual(['2:failed', '1:failed']);
    expect(hr().status).toMatchObject({ failures: 2, installFailures: 1, upgradeFailures: 1, lastAttemptedReleaseAction: 'upgrade' });
    expect(condition('Ready')).toMatchObject({ status: 'False', reason: 'UpgradeFailed' });
  });

  it('once the release succeeds the failures are cleared', async () => {
    // A generous timeout for the good image: the shared machine may be slow to report it ready.
    await cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec: { timeout: '60s', values: { image: { tag: '1.0.0' } } } });
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'done' } });
    expect(history()).toEqual(['3:deployed', '2:superseded', '1:failed']);
    expect(condition('Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/grade.v3 with chart grade-api@1.0.0' });
    expect(hr().status?.failures).toBeUndefined();
    expect(hr().status?.upgradeFailures).toBeUndefined();
    expect(condition('Reconciling')).toBeUndefined();
  });
});
