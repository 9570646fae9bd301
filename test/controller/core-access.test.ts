// The cross-namespace policy through the controller's core reconciler: the core's refusal (its
// AccessDenied status is pinned in test/reconcile/run) becomes a terminal outcome for a chartRef
// and a retried one for a chart template; on deletion the HelmChart recorded in status is deleted
// only when the policy allows access to it, with helm-controller's HelmChartDeleted Event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../src/cluster/types.js';
import { coreReconciler } from '../../src/controller/core.js';
import type { HelmRelease } from '../../src/kinds/api-types.js';
import { HELMRELEASE_RESOURCE } from '../../src/reconcile/run/index.js';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';

const HR = 'helm.toolkit.fluxcd.io/v2';
type Event = { type: string; reason: string; message: string; involvedObject: { name: string } };

describe('controller core reconciler and the cross-namespace policy', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  const ctx = (allowCrossNamespaceRefs: boolean) => ({ signal: new AbortController().signal, allowCrossNamespaceRefs });
  const stored = (name: string) => server.store.get(HR, 'HelmRelease', name, 'apps') as unknown as HelmRelease;
  const events = (name: string) => (server.store.list('v1', 'Event', 'apps') as unknown as Event[]).filter((e) => e.involvedObject.name === name).map((e) => [e.type, e.reason, e.message]);
  const helmChart = () => server.store.get('source.toolkit.fluxcd.io/v1', 'HelmChart', 'apps-web', 'flux-system');

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds() });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } },
      {
        apiVersion: HR,
        kind: 'HelmRelease',
        metadata: { name: 'remote', namespace: 'apps', generation: 1, finalizers: ['finalizers.fluxcd.io'] },
        spec: { interval: '1m', chartRef: { kind: 'OCIRepository', name: 'podinfo', namespace: 'flux-system' } },
      } as KubeObject,
      {
        apiVersion: HR,
        kind: 'HelmRelease',
        metadata: { name: 'web', namespace: 'apps', generation: 1, finalizers: ['finalizers.fluxcd.io'] },
        spec: { interval: '1m', chart: { spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'flux-system' } } } },
      } as KubeObject,
    ];
    for (const o of objects) server.store.put(o as never);
  });
  afterAll(async () => {
    cluster.close?.();
    await server.close();
  });

  it('a refused chartRef is a terminal error; the core has marked it AccessDenied and Stalled', async () => {
    const hr = await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'remote', 'apps');
    const outcome = await coreReconciler({ cluster }).reconcile(hr, ctx(false));
    const message = 'cross-namespace references are not allowed: cannot access OCIRepository flux-system/podinfo';
    expect(outcome.error?.message).toBe(message);
    expect(outcome.terminal).toBe(true);
    const conditions = stored('remote').status?.conditions ?? [];
    expect(conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'AccessDenied', message });
    expect(conditions.find((c) => c.type === 'Stalled')).toMatchObject({ status: 'True', reason: 'AccessDenied', message });
    expect(events('remote')).toEqual([['Warning', 'AccessDenied', message]]);
  });

  it('a refused chart template source is an error retried with backoff', async () => {
    const hr = await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'web', 'apps');
    const outcome = await coreReconciler({ cluster }).reconcile(hr, ctx(false));
    expect(outcome.error?.message).toMatch(/^cross-namespace references are not allowed: cannot access /);
    expect(outcome.terminal).toBe(false);
    expect(stored('web').status?.conditions?.find((c) => c.type === 'Stalled')).toBeUndefined();
  });

  it('on deletion keeps a HelmChart in another namespace while cross-namespace references are disallowed', async () => {
    server.store.put({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmChart', metadata: { name: 'apps-web', namespace: 'flux-system' }, spec: { chart: 'web', interval: '1m', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } as never);
    await cluster.statusPatch(HELMRELEASE_RESOURCE, 'web', 'apps', { status: { helmChart: 'flux-system/apps-web' } });
    const before = events('web').length;
    const hr = await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'web', 'apps');
    const outcome = await coreReconciler({ cluster }).finalize(hr, ctx(false));
    expect(outcome.error?.message).toBe('cross-namespace references are not allowed: cannot access HelmChart flux-system/apps-web');
    expect(outcome.terminal).toBeUndefined();
    expect(helmChart()).toBeDefined();
    expect(stored('web').status?.helmChart).toBe('flux-system/apps-web');
    expect(events('web').length).toBe(before);
  });

  it('on deletion deletes the HelmChart it recorded, with a HelmChartDeleted event, and clears the reference', async () => {
    const before = events('web').length;
    const hr = await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'web', 'apps');
    expect(await coreReconciler({ cluster }).finalize(hr, ctx(true))).toEqual({});
    expect(helmChart()).toBeUndefined();
    expect(stored('web').status?.helmChart).toBeUndefined();
    expect(events('web').slice(before)).toEqual([['Normal', 'HelmChartDeleted', "deleted HelmChart 'flux-system/apps-web'"]]);
  });

  it('a recorded HelmChart that is already gone is no error and no event', async () => {
    await cluster.statusPatch(HELMRELEASE_RESOURCE, 'web', 'apps', { status: { helmChart: 'flux-system/apps-web' } });
    const before = events('web').length;
    const hr = await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'web', 'apps');
    expect(await coreReconciler({ cluster }).finalize(hr, ctx(true))).toEqual({});
    expect(stored('web').status?.helmChart).toBeUndefined();
    expect(events('web').length).toBe(before);
  });
});
