// The HelmRelease reconcile in-process against the API test server (workloads become ready as a
// kubelet would make them) with the chart served by a real HTTP chart repository: install,
// upgrade on a values change, status and release storage checked at each step.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { reconcileHelmRelease, type ProgressSymbol } from '../../../src/reconcile/run/index.js';
import { defaultObjects, helmRelease, reconcileEnv } from './support.js';

describe('reconcile a HelmRelease in-process', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100 },
    objects: (url) => [
      ...defaultObjects(url),
      helmRelease('grade', 'apps', 'grade-api', '1.0.0', { values: { replicaCount: 2 }, valuesFrom: [{ kind: 'ConfigMap', name: 'grade-values' }] }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grade-values', namespace: 'apps' }, data: { 'values.yaml': 'postgresql:\n  database: first\n' } },
    ],
  });
  const { hr } = env;
  const steps: string[] = [];

  const reconcile = () =>
    reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade', progress: (s: ProgressSymbol, m: string) => steps.push(`${s} ${m}`) });

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
    const rel = await new ReleaseStorage(env.cluster, 'apps').last('grade');
    expect([rel?.version, rel?.info.status, rel?.config]).toEqual([1, 'deployed', { replicaCount: 2, postgresql: { database: 'first' } }]);
    expect((env.server.store.get('apps/v1', 'Deployment', 'grade-grade-api', 'apps') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(2);
    expect(steps).toContain('✔ Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0');
    const events = env.server.store.list('v1', 'Event', 'apps') as unknown as { reason: string; source: { component: string }; involvedObject: { name: string } }[];
    expect(events.map((e) => [e.reason, e.source.component, e.involvedObject.name])).toContainEqual(['InstallSucceeded', 'helm-controller', 'grade']);
  });

  it('does nothing when in sync', async () => {
    await reconcile();
    expect(hr().status?.history?.length).toBe(1);
  });

  it('upgrades when only the ConfigMap changes: revision 2, revision 1 superseded', async () => {
    env.server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grade-values', namespace: 'apps' }, data: { 'values.yaml': 'postgresql:\n  database: second\n' } } as never);
    await reconcile();
    const obj = hr();
    expect(obj.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/grade.v2 with chart grade-api@1.0.0' });
    expect(obj.status?.history?.map((h) => [h.version, h.status])).toEqual([
      [2, 'deployed'],
      [1, 'superseded'],
    ]);
    const cm = env.server.store.get('v1', 'ConfigMap', 'grade-grade-api', 'apps') as unknown as { data: Record<string, string> };
    expect(cm.data['DB_NAME']).toBe('second');
  });

  it('corrects drift when driftDetection is enabled, with a DriftCorrected event', async () => {
    await env.cluster.mergePatch({ group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true }, 'grade', 'apps', { spec: { driftDetection: { mode: 'enabled' } } });
    const cm = env.server.store.get('v1', 'ConfigMap', 'grade-grade-api', 'apps') as unknown as KubeObject & { data: Record<string, string> };
    cm.data['DB_NAME'] = 'edited-by-hand';
    env.server.store.put(cm as never);
    await reconcile();
    expect((env.server.store.get('v1', 'ConfigMap', 'grade-grade-api', 'apps') as unknown as { data: Record<string, string> }).data['DB_NAME']).toBe('second');
    const events = env.server.store.list('v1', 'Event', 'apps') as unknown as { reason: string; message: string }[];
    expect(events.find((e) => e.reason === 'DriftCorrected')?.message).toBe('Cluster state of release apps/grade.v2 has been corrected:\nConfigMap/apps/grade-grade-api configured');
    expect(hr().status?.history?.length).toBe(2);
  });

  it('reports a missing values ConfigMap as ValuesError and applies nothing', async () => {
    env.server.store.delete('v1', 'ConfigMap', 'grade-values', 'apps');
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
