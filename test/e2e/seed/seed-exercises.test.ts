// The seed tutorial's three exercises end to end, with `flux-ts reconcile hr --local` against the
// API test server (workloads become ready about as a kubelet would make them; an image matching
// `:does-not-exist` never does) and a real OCI registry serving the chart.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../../src/cluster/types.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { pushChartFrom } from '../../../src/sources/index.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { startRegistry, type Registry } from '../../support/servers/registry.js';
import { runCli } from '../../cli/io.js';

const CHART = fileURLToPath(new URL('./fixtures/podinfo', import.meta.url));
const HR = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true };
const CM = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };

describe('seed exercises', () => {
  let server: TestApiServer;
  let registry: Registry;
  let cluster: Cluster;

  const fluxTs = (args: string[]) => runCli(args, { KUBECONFIG: server.kubeconfigPath, FLUX_TS_CACHE_DIR: '/tmp/flux-ts-seed-cache' });
  const reconcile = (name: string) => fluxTs(['reconcile', 'hr', name, '-n', 'apps', '--local']);
  const hr = (name: string) => server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', name, 'apps') as unknown as HelmRelease;
  const history = (name: string) => hr(name).status?.history?.map((h) => `${h.version}:${h.status}`);
  const deployment = (name: string) => server.store.get('apps/v1', 'Deployment', name, 'apps') as unknown as { spec: { replicas: number; template: { spec: { containers: { image: string; env: { value: string }[] }[] } } } };
  const condition = (name: string, type: string) => hr(name).status?.conditions?.find((c) => c.type === type);
  const storage = () => new ReleaseStorage(cluster, 'apps');

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds(), simulateWorkloads: true, readyAfterMs: 300, unpullableImage: /:does-not-exist$/ });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    registry = await startRegistry();
    await pushChartFrom({ chart: CHART, destination: `oci://${registry.host}/charts`, plainHttp: true });
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'podinfo', namespace: 'apps' }, spec: { type: 'oci', url: `oci://${registry.host}/charts`, insecure: true, interval: '1m' } },
    ];
    for (const o of objects) server.store.put(o as never);
  }, 60_000);
  afterAll(async () => {
    cluster?.close?.();
    await registry?.stop();
    await server?.close();
  });

  const release = (name: string, spec: Record<string, unknown>): HelmRelease => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: 'apps' },
    spec: { interval: '5m', chart: { spec: { chart: 'podinfo', version: '6.5.0', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } }, ...spec } as HelmRelease['spec'],
  });

  it('1. inline replicaCount 2 installs from the OCI HelmRepository; changing it to 3 upgrades (revision 2)', async () => {
    await cluster.create(HR, release('podinfo', { values: { replicaCount: 2 } }));
    const first = await reconcile('podinfo');
    expect(first.stderr).toContain('✔ applied revision 6.5.0\n');
    expect(first.code).toBe(0);
    expect(history('podinfo')).toEqual(['1:deployed']);
    expect(deployment('podinfo').spec.replicas).toBe(2);
    expect(condition('podinfo', 'Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release apps/podinfo.v1 with chart podinfo@6.5.0' });

    await cluster.mergePatch(HR, 'podinfo', 'apps', { spec: { values: { replicaCount: 3 } } });
    expect((await reconcile('podinfo')).code).toBe(0);
    expect(history('podinfo')).toEqual(['2:deployed', '1:superseded']);
    expect(deployment('podinfo').spec.replicas).toBe(3);
    expect(condition('podinfo', 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/podinfo.v2 with chart podinfo@6.5.0' });
    expect((await storage().history('podinfo')).map((r) => `${r.version}:${r.info.status}`)).toEqual(['1:superseded', '2:deployed']);
  }, 60_000);

  it('2. values from a ConfigMap; changing only the ConfigMap upgrades', async () => {
    await cluster.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'podinfo-values', namespace: 'apps' }, data: { 'values.yaml': 'ui:\n  message: hello\n' } });
    await cluster.create(HR, release('podinfo-cm', { valuesFrom: [{ kind: 'ConfigMap', name: 'podinfo-values' }] }));
    expect((await reconcile('podinfo-cm')).code).toBe(0);
    expect(deployment('podinfo-cm').spec.template.spec.containers[0]!.env[0]!.value).toBe('hello');
    const generation = hr('podinfo-cm').metadata.generation;

    await cluster.mergePatch(CM, 'podinfo-values', 'apps', { data: { 'values.yaml': 'ui:\n  message: goodbye\n' } });
    expect((await reconcile('podinfo-cm')).code).toBe(0);
    expect(hr('podinfo-cm').metadata.generation).toBe(generation);
    expect(history('podinfo-cm')).toEqual(['2:deployed', '1:superseded']);
    expect(deployment('podinfo-cm').spec.template.spec.containers[0]!.env[0]!.value).toBe('goodbye');
  }, 60_000);

  it('3. an invalid image tag fails the upgrade, retries run, the last failure is rolled back; fixing the tag recovers', async () => {
    await cluster.create(
      HR,
      release('podinfo-bad', { timeout: '2s', upgrade: { remediation: { retries: 1, remediateLastFailure: true } } }),
    );
    expect((await reconcile('podinfo-bad')).code).toBe(0);
    expect(history('podinfo-bad')).toEqual(['1:deployed']);

    await cluster.mergePatch(HR, 'podinfo-bad', 'apps', { spec: { values: { image: { tag: 'does-not-exist' } } } });
    const failed = await reconcile('podinfo-bad');
    expect(failed.code).toBe(1);
    expect(condition('podinfo-bad', 'Released')).toMatchObject({ status: 'False', reason: 'UpgradeFailed' });
    expect(hr('podinfo-bad').status?.upgradeFailures).toBeGreaterThanOrEqual(1);
    expect((await storage().history('podinfo-bad')).map((r) => r.info.status)).toContain('failed');

    // Retry until the retries are used up and the last failure is remediated by a rollback.
    for (let i = 0; i < 4 && condition('podinfo-bad', 'Remediated')?.reason !== 'RollbackSucceeded'; i++) await reconcile('podinfo-bad');
    expect(condition('podinfo-bad', 'Remediated')).toMatchObject({ status: 'True', reason: 'RollbackSucceeded' });
    const last = await storage().last('podinfo-bad');
    expect(last?.info.status).toBe('deployed');
    expect(deployment('podinfo-bad').spec.template.spec.containers[0]!.image).toBe('ghcr.io/stefanprodan/podinfo:6.5.0');
    expect(condition('podinfo-bad', 'Ready')?.status).toBe('False');

    await cluster.mergePatch(HR, 'podinfo-bad', 'apps', { spec: { values: { image: { tag: '6.5.1' } } } });
    const fixed = await reconcile('podinfo-bad');
    expect(fixed.code).toBe(0);
    expect(condition('podinfo-bad', 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded' });
    expect(deployment('podinfo-bad').spec.template.spec.containers[0]!.image).toBe('ghcr.io/stefanprodan/podinfo:6.5.1');
    expect(hr('podinfo-bad').status?.history?.[0]).toMatchObject({ status: 'deployed' });
  }, 120_000);
});
