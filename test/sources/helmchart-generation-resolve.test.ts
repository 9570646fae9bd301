// The HelmChart generation in the version of a chart built with valuesFiles, through the two
// callers: source-controller's HelmChart reconcile (reconcileSource on the HelmChart object) and
// the HelmRelease core (resolveChart, whose HelmChart is helm-controller's template: the one on
// the cluster gives its generation, a HelmChart not created yet is generation 1).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../../src/sources/cache.js';
import { HELMCHART_RESOURCE, helmChartFor } from '../../src/sources/helmchart.js';
import { reconcileSource } from '../../src/sources/reconcile-source.js';
import { HELMREPOSITORY_RESOURCE, resolveChart, type ResolveOptions } from '../../src/sources/resolve.js';
import type { HelmChart, HelmChartStatus, HelmReleaseChartSource } from '../../src/sources/types.js';
import { startChartRepo, type ChartRepoServer } from '../support/servers/chart-repo.js';
import { helmPackage, helmRepoIndex, serveDir, tempDir } from './helpers.js';
import { MemoryCluster } from './memory-cluster.js';

let repo: ChartRepoServer;
let dir: string;
let cacheDir: string;
const now = new Date('2026-11-24T05:00:00Z');

function cluster(): MemoryCluster {
  const c = new MemoryCluster();
  c.put(HELMREPOSITORY_RESOURCE, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'podinfo', namespace: 'apps' },
    spec: { url: repo.url, interval: '10m' },
  });
  return c;
}

const opts = (c: MemoryCluster): ResolveOptions => ({ cluster: c, cache: new ArtifactCache({ dir: cacheDir }), allowCrossNamespace: false, now: () => now });

const hr = (valuesFiles?: string[]): HelmReleaseChartSource => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'apps' },
  spec: { interval: '5m', chart: { spec: { chart: 'podinfo-lite', version: '6.3.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' }, ...(valuesFiles ? { valuesFiles } : {}) } } },
});

beforeAll(async () => {
  dir = tempDir();
  cacheDir = tempDir();
  helmPackage(dir, '6.3.5');
  helmRepoIndex(dir);
  repo = await startChartRepo();
  serveDir(repo.files, dir);
}, 120_000);

afterAll(async () => {
  await repo?.stop();
  for (const d of [dir, cacheDir]) rmSync(d, { recursive: true, force: true });
});

describe('the HelmRelease core: the templated HelmChart', () => {
  it('is generation 1 when the cluster has no HelmChart yet', async () => {
    const got = await resolveChart(hr(['values.yaml']), opts(cluster()));
    expect([got.version, got.artifactRevision, got.helmChart?.status?.artifact?.revision]).toEqual(['6.3.5+1', '6.3.5+1', '6.3.5+1']);
    expect(got.helmChart?.status?.artifact?.path).toBe('helmchart/apps/apps-podinfo/podinfo-lite-6.3.5+1.tgz');
  });

  it("takes the live HelmChart's generation", async () => {
    const c = cluster();
    const live = helmChartFor(hr(['values.yaml']));
    c.put(HELMCHART_RESOURCE, { ...live, metadata: { ...live.metadata, generation: 3 } });
    const got = await resolveChart(hr(['values.yaml']), opts(c));
    expect(got.version).toBe('6.3.5+3');
    expect(got.helmChart?.status?.conditions?.[0]?.message).toBe("packaged 'podinfo-lite' chart with version '6.3.5+3' and merged values files [values.yaml]");
  });

  it('keeps the plain version without valuesFiles, without reading the HelmChart', async () => {
    const c = cluster();
    const got = await resolveChart(hr(), opts(c));
    expect(got.version).toBe('6.3.5');
    expect(c.reads.filter((r) => r.startsWith('HelmChart'))).toEqual([]);
  });
});

describe("source-controller's HelmChart reconcile", () => {
  it('builds the version with the HelmChart generation', async () => {
    const chart: HelmChart = helmChartFor(hr(['values.yaml']));
    chart.metadata.generation = 2;
    const status = (await reconcileSource(chart, opts(cluster()))) as HelmChartStatus;
    expect(status.artifact?.revision).toBe('6.3.5+2');
    expect(status.observedGeneration).toBe(2);
  });
});
