// helm-controller's HelmChart template against the API test server: created once with the owner
// labels and a Created event and recorded in status.helmChart, in-sync afterwards (no write, no
// event), configured on a template change, the old HelmChart deleted when the source namespace
// moves it, kept for a suspended HelmRelease, and not applied where the cross-namespace
// policy refuses it (the core reports that).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../src/cluster/types.js';
import { reconcileChartTemplate, templatedHelmChart, type ChartTemplateOptions } from '../../src/controller/helmchart-template.js';
import type { HelmRelease } from '../../src/kinds/api-types.js';
import { clusterEventRecorder, flushEvents } from '../../src/reconcile/run/events.js';
import { HELMRELEASE_RESOURCE } from '../../src/reconcile/run/index.js';
import { HELMCHART_RESOURCE } from '../../src/sources/helmchart.js';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';

let server: TestApiServer;
let cluster: Cluster;

beforeAll(async () => {
  server = await startApiServer({ objects: loadFluxCrds() });
  for (const name of ['apps', 'shared']) server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as never);
  cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
});

afterAll(async () => {
  cluster?.close?.();
  await server?.close();
});

function release(name: string, sourceNamespace?: string): HelmRelease {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: 'apps' },
    spec: {
      interval: '5m',
      chart: {
        metadata: { labels: { team: 'web' }, annotations: { note: 'templated' } },
        spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'charts', ...(sourceNamespace ? { namespace: sourceNamespace } : {}) }, valuesFiles: ['values-prod.yaml'] },
      },
    },
  } as HelmRelease;
}

/** The HelmRelease as stored (the template reconciler runs on what the watch delivers). */
async function stored(hr: HelmRelease): Promise<HelmRelease> {
  const existing = await cluster.tryGet<HelmRelease>(HELMRELEASE_RESOURCE, hr.metadata.name, 'apps');
  if (existing) return (await cluster.mergePatch<HelmRelease>(HELMRELEASE_RESOURCE, hr.metadata.name, 'apps', { spec: hr.spec }));
  return cluster.create<HelmRelease>(HELMRELEASE_RESOURCE, hr);
}

function opts(allow = true): ChartTemplateOptions {
  return { cluster, fieldManager: 'helm-controller', allowCrossNamespaceRefs: allow, events: clusterEventRecorder(cluster) };
}

async function events(name: string): Promise<string[]> {
  await flushEvents(cluster);
  return (server.store.list('v1', 'Event', 'apps') as unknown as Array<KubeObject & { reason: string; message: string; involvedObject: { name: string } }>)
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.reason}: ${e.message}`);
}

describe('templatedHelmChart', () => {
  it('is buildHelmChartFromTemplate plus the owner labels, without the sourceRef apiVersion', () => {
    const hr = release('web');
    hr.spec!.chart!.spec.sourceRef.apiVersion = 'source.toolkit.fluxcd.io/v1';
    expect(templatedHelmChart(hr)).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmChart',
      metadata: {
        name: 'apps-web',
        namespace: 'apps',
        labels: { team: 'web', 'helm.toolkit.fluxcd.io/name': 'web', 'helm.toolkit.fluxcd.io/namespace': 'apps' },
        annotations: { note: 'templated' },
      },
      spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '5m', reconcileStrategy: 'ChartVersion', valuesFiles: ['values-prod.yaml'] },
    });
  });
});

describe('reconcileChartTemplate', () => {
  it('creates, then leaves an in-sync HelmChart alone, then configures it', async () => {
    const hr = await stored(release('web'));
    expect(await reconcileChartTemplate(hr, opts())).toBe('created');
    // Recorded at once, so the finalizer finds the HelmChart even if the reconcile stops early.
    expect((await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'web', 'apps')).status?.helmChart).toBe('apps/apps-web');
    const chart = await cluster.get(HELMCHART_RESOURCE, 'apps-web', 'apps');
    expect(chart.metadata.labels?.['helm.toolkit.fluxcd.io/name']).toBe('web');
    const rv = chart.metadata.resourceVersion;
    expect(await reconcileChartTemplate(hr, opts())).toBe('unchanged');
    expect((await cluster.get(HELMCHART_RESOURCE, 'apps-web', 'apps')).metadata.resourceVersion).toBe(rv);
    const changed = release('web');
    changed.spec!.chart!.spec.version = '6.5.x';
    expect(await reconcileChartTemplate(await stored(changed), opts())).toBe('configured');
    expect((await cluster.get<KubeObject & { spec: { version: string } }>(HELMCHART_RESOURCE, 'apps-web', 'apps')).spec.version).toBe('6.5.x');
    expect(await events('web')).toEqual([
      "HelmChartCreated: Created HelmChart/apps/apps-web with SourceRef 'HelmRepository/apps/charts'",
      "HelmChartConfigured: Configured HelmChart/apps/apps-web with SourceRef 'HelmRepository/apps/charts'",
    ]);
  });

  it('deletes the recorded HelmChart when the source namespace moves it, then records the new one', async () => {
    const hr = await stored(release('moved'));
    await reconcileChartTemplate(hr, opts());
    const moved = await stored(release('moved', 'shared'));
    expect(moved.status?.helmChart).toBe('apps/apps-moved');
    expect(await reconcileChartTemplate(moved, opts())).toBe('created');
    expect((await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'moved', 'apps')).status?.helmChart).toBe('shared/apps-moved');
    expect(await cluster.tryGet(HELMCHART_RESOURCE, 'apps-moved', 'apps')).toBeUndefined();
    expect(await cluster.tryGet(HELMCHART_RESOURCE, 'apps-moved', 'shared')).toBeDefined();
    expect(await events('moved')).toContain("HelmChartDeleted: deleted HelmChart 'apps/apps-moved'");
  });

  it('keeps the recorded HelmChart of a suspended HelmRelease', async () => {
    const hr = await stored(release('paused'));
    await reconcileChartTemplate(hr, opts());
    const suspended = release('paused', 'shared');
    suspended.spec!.suspend = true;
    await reconcileChartTemplate(await stored(suspended), opts());
    expect(await cluster.tryGet(HELMCHART_RESOURCE, 'apps-paused', 'apps')).toBeDefined();
  });

  it('applies nothing the cross-namespace policy refuses', async () => {
    const hr = await stored(release('far', 'shared'));
    expect(await reconcileChartTemplate(hr, opts(false))).toBe('none');
    expect(await cluster.tryGet(HELMCHART_RESOURCE, 'apps-far', 'shared')).toBeUndefined();
  });
});
