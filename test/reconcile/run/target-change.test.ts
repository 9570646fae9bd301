// A HelmRelease whose release target changes (target namespace, storage namespace): the release
// recorded in status.history is uninstalled from where it was stored before the new one installs,
// as helm-controller's releaseTargetChanged path does.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease, type ProgressSymbol } from '../../../src/reconcile/run/index.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import type { ChartRepoServer } from '../../support/servers/chart-repo.js';
import { chartRepoWith, helmRelease, helmRepository, HR_API, namespace, type EventLike } from './support.js';

const CHART = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));

describe('release target change', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  let repo: ChartRepoServer;
  const steps: string[] = [];

  const hr = () => server.store.get(HR_API, 'HelmRelease', 'grade', 'apps') as unknown as HelmRelease;
  const ready = () => hr().status?.conditions?.find((c) => c.type === 'Ready');
  const events = () => (server.store.list('v1', 'Event', 'apps') as unknown as EventLike[]).filter((e) => e.involvedObject.name === 'grade');
  const deployments = (ns: string) => server.store.list('apps/v1', 'Deployment', ns).map((d) => d.metadata.name);
  const releases = async (storageNs: string, name: string) => (await new ReleaseStorage(cluster, storageNs).history(name)).map((r) => `${r.namespace}/${r.name}.v${r.version}:${r.info.status}`);
  const reconcile = () => reconcileHelmRelease({ cluster, namespace: 'apps', name: 'grade', progress: (s: ProgressSymbol, m: string) => steps.push(`${s} ${m}`) });
  const patchSpec = async (spec: Record<string, unknown>) => {
    await cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec });
  };

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds(), simulateWorkloads: true, readyAfterMs: 100 });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    repo = await chartRepoWith([{ dir: CHART, name: 'grade-api', version: '1.0.0' }]);
    for (const o of [namespace('apps'), namespace('staging'), namespace('helm-storage'), helmRepository('charts', 'apps', repo.url), helmRelease('grade', 'apps', 'grade-api', '1.0.0')]) {
      server.store.put(o as never);
    }
    await reconcile();
  });
  afterAll(async () => {
    cluster.close?.();
    await repo.stop();
    await server.close();
  });

  it('starts from an installed release apps/grade.v1', async () => {
    expect(ready()).toMatchObject({ status: 'True', message: 'Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0' });
    expect(deployments('apps')).toEqual(['grade-grade-api']);
  });

  it('a new targetNamespace uninstalls the old release, then installs the new one', async () => {
    await patchSpec({ targetNamespace: 'staging' });
    steps.length = 0;
    const result = await reconcile();
    expect(result.kind).toBe('loop');
    expect(steps).toContain('► release target configuration changed (release namespace): running uninstall for current release');

    expect(await releases('apps', 'grade')).toEqual([]);
    expect(deployments('apps')).toEqual([]);
    expect(events().find((e) => e.reason === 'UninstallSucceeded')).toMatchObject({ type: 'Normal', message: 'Helm uninstall succeeded for release apps/grade.v1 with chart grade-api@1.0.0' });

    expect(await releases('apps', 'staging-grade')).toEqual(['staging/staging-grade.v1:deployed']);
    expect(deployments('staging')).toEqual(['staging-grade-grade-api']);
    expect(ready()).toMatchObject({ status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release staging/staging-grade.v1 with chart grade-api@1.0.0' });
    expect(hr().status?.history?.map((h) => `${h.namespace}/${h.name}.v${h.version}`)).toEqual(['staging/staging-grade.v1']);
    expect(hr().status?.storageNamespace).toBe('apps');
  });

  it('a new storageNamespace moves the release: uninstalled from the old storage, installed with the new', async () => {
    await patchSpec({ storageNamespace: 'helm-storage' });
    await reconcile();
    expect(await releases('apps', 'staging-grade')).toEqual([]);
    expect(await releases('helm-storage', 'staging-grade')).toEqual(['staging/staging-grade.v1:deployed']);
    expect(deployments('staging')).toEqual(['staging-grade-grade-api']);
    expect(hr().status).toMatchObject({ storageNamespace: 'helm-storage' });
    expect(ready()).toMatchObject({ status: 'True', message: 'Helm install succeeded for release staging/staging-grade.v1 with chart grade-api@1.0.0' });
    expect(events().filter((e) => e.reason === 'UninstallSucceeded').map((e) => e.message)).toEqual([
      'Helm uninstall succeeded for release apps/grade.v1 with chart grade-api@1.0.0',
      'Helm uninstall succeeded for release staging/staging-grade.v1 with chart grade-api@1.0.0',
    ]);
  });

  it('an unchanged target reconciles in place', async () => {
    await reconcile();
    expect(await releases('helm-storage', 'staging-grade')).toEqual(['staging/staging-grade.v1:deployed']);
    expect(events().filter((e) => e.reason === 'UninstallSucceeded')).toHaveLength(2);
  });
});
