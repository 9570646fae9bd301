// The HelmRelease reconcile in-process against the API test server (workloads become ready as a
// kubelet would make them) with the chart served by a real HTTP chart repository: install,
// upgrade on a values change, status and release storage checked at each step.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../../src/cluster/types.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { reconcileHelmRelease, type ProgressSymbol } from '../../../src/reconcile/run/index.js';
import { packageChartDir } from '../../../src/sources/chart-archive.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';

const CHART = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));

describe('reconcile a HelmRelease in-process', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  let repo: ChartRepoServer;
  const steps: string[] = [];

  const reconcile = () =>
    reconcileHelmRelease({ cluster, namespace: 'apps', name: 'grade', progress: (s: ProgressSymbol, m: string) => steps.push(`${s} ${m}`) });
  const hr = () => server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'grade', 'apps') as unknown as HelmRelease;

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds(), simulateWorkloads: true, readyAfterMs: 100 });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    repo = await startChartRepo();
    const { archive } = await packageChartDir(CHART);
    const digest = createHash('sha256').update(archive).digest('hex');
    repo.files.set('/grade-api-1.0.0.tgz', archive);
    repo.files.set(
      '/index.yaml',
      Buffer.from(`apiVersion: v1\nentries:\n  grade-api:\n  - name: grade-api\n    version: 1.0.0\n    appVersion: 1.0.0\n    digest: ${digest}\n    urls:\n    - ${repo.url}/grade-api-1.0.0.tgz\n`),
    );
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'charts', namespace: 'apps' }, spec: { url: repo.url, interval: '1m' } },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'grade', namespace: 'apps', generation: 1 },
        spec: {
          interval: '1m',
          chart: { spec: { chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
          values: { replicaCount: 2 },
          valuesFrom: [{ kind: 'ConfigMap', name: 'grade-values' }],
        },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grade-values', namespace: 'apps' }, data: { 'values.yaml': 'postgresql:\n  database: first\n' } },
    ];
    for (const o of objects) server.store.put(o as never);
  });
  afterAll(async () => {
    cluster.close?.();
    await repo.stop();
    await server.close();
  });

  it('installs: revision 1 deployed, Ready and Released True with Flux messages, history snapshot', async () => {
    const result = await reconcile();
    expect(result.kind).toBe('loop');
    const obj = hr();
    const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0' });
    expect(obj.status?.conditions?.find((c) => c.type === 'Released')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    expect(obj.status?.history?.map((h) => [h.version, h.status, h.chartVersion, h.name, h.namespace])).toEqual([[1, 'deployed', '1.0.0', 'grade', 'apps']]);
    expect(obj.status).toMatchObject({ observedGeneration: 1, lastAttemptedGeneration: 1, lastAttemptedRevision: '1.0.0', storageNamespace: 'apps', helmChart: 'apps/apps-grade' });
    expect(obj.status?.lastAttemptedConfigDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const rel = await new ReleaseStorage(cluster, 'apps').last('grade');
    expect([rel?.version, rel?.info.status, rel?.config]).toEqual([1, 'deployed', { replicaCount: 2, postgresql: { database: 'first' } }]);
    expect((server.store.get('apps/v1', 'Deployment', 'grade-grade-api', 'apps') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(2);
    expect(steps).toContain('✔ Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0');
    const events = server.store.list('v1', 'Event', 'apps') as unknown as { reason: string; source: { component: string }; involvedObject: { name: string } }[];
    expect(events.map((e) => [e.reason, e.source.component, e.involvedObject.name])).toContainEqual(['InstallSucceeded', 'helm-controller', 'grade']);
  });

  it('does nothing when in sync', async () => {
    await reconcile();
    expect(hr().status?.history?.length).toBe(1);
  });

  it('upgrades when only the ConfigMap changes: revision 2, revision 1 superseded', async () => {
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grade-values', namespace: 'apps' }, data: { 'values.yaml': 'postgresql:\n  database: second\n' } } as never);
    await reconcile();
    const obj = hr();
    expect(obj.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/grade.v2 with chart grade-api@1.0.0' });
    expect(obj.status?.history?.map((h) => [h.version, h.status])).toEqual([
      [2, 'deployed'],
      [1, 'superseded'],
    ]);
    const cm = server.store.get('v1', 'ConfigMap', 'grade-grade-api', 'apps') as unknown as { data: Record<string, string> };
    expect(cm.data['DB_NAME']).toBe('second');
  });

  it('corrects drift when driftDetection is enabled, with a DriftCorrected event', async () => {
    await cluster.mergePatch({ group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true }, 'grade', 'apps', { spec: { driftDetection: { mode: 'enabled' } } });
    const cm = server.store.get('v1', 'ConfigMap', 'grade-grade-api', 'apps') as unknown as KubeObject & { data: Record<string, string> };
    cm.data['DB_NAME'] = 'edited-by-hand';
    server.store.put(cm as never);
    await reconcile();
    expect((server.store.get('v1', 'ConfigMap', 'grade-grade-api', 'apps') as unknown as { data: Record<string, string> }).data['DB_NAME']).toBe('second');
    const events = server.store.list('v1', 'Event', 'apps') as unknown as { reason: string; message: string }[];
    expect(events.find((e) => e.reason === 'DriftCorrected')?.message).toBe('Cluster state of release apps/grade.v2 has been corrected:\nConfigMap/apps/grade-grade-api configured');
    expect(hr().status?.history?.length).toBe(2);
  });

  it('reports a missing values ConfigMap as ValuesError and applies nothing', async () => {
    server.store.delete('v1', 'ConfigMap', 'grade-values', 'apps');
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'ValuesError' });
    expect(hr().status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ValuesError',
      message: "could not resolve ConfigMap chart values reference 'apps/grade-values' with key 'values.yaml': configmaps \"grade-values\" not found",
    });
    expect(hr().status?.history?.length).toBe(2);
  });
});
