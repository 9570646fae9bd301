// Test harness: the API test server (workloads simulated), a Cluster connected to it, release
// storage, and a ReleaseSource rendering the fixture chart with the real engine.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster, KubeObject, ResourceRef } from '../../../src/cluster/types.js';
import type { ActionConfig, ReleaseSource } from '../../../src/helm/action/index.js';
import { loadChart } from '../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderResources } from '../../../src/helm/engine/index.js';
import { releaseChartOf } from '../../../src/helm/release/chart-json.js';
import { modTimesOfDir } from '../../../src/helm/release/chart-modtimes.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { processDependencies, toRenderValues } from '../../../src/helm/values/index.js';
import type { GoMap } from '../../../src/gotemplate/value.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';

export const CHART_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/charts/app');

export interface Harness {
  server: TestApiServer;
  cluster: Cluster;
  cfg: (namespace?: string) => ActionConfig;
  source: (name: string, namespace: string, values?: Record<string, unknown>, chartDir?: string) => ReleaseSource;
  get: (apiVersion: string, kind: string, name: string, namespace?: string) => KubeObject | undefined;
  close: () => Promise<void>;
}

export async function startHarness(opts: { unpullableImage?: RegExp } = {}): Promise<Harness> {
  const server = await startApiServer({ simulateWorkloads: true, readyAfterMs: 200, ...(opts.unpullableImage ? { unpullableImage: opts.unpullableImage } : {}) });
  const { cluster } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} });
  return {
    server,
    cluster,
    cfg: (namespace = 'default') => ({ cluster, storage: new ReleaseStorage(cluster, namespace) }),
    source: (name, namespace, values = {}, chartDir = CHART_DIR) => ({
      chart: { metadata: null, lock: null, templates: null, values: null, schema: null, files: null },
      config: values,
      async render(ctx) {
        const chart = await loadChart(chartDir);
        this.chart = releaseChartOf(chart, modTimesOfDir(chartDir, chart));
        const vals = structuredClone(values) as GoMap;
        processDependencies(chart, vals);
        const caps = makeCapabilities();
        const top = toRenderValues(chart, vals, { name, namespace, revision: ctx.revision, isInstall: ctx.isInstall, isUpgrade: ctx.isUpgrade }, caps);
        return renderResources(chart, { ...top, Capabilities: caps }, helmRenderOptions());
      },
    }),
    get: (apiVersion, kind, name, namespace) => server.store.get(apiVersion, kind, name, namespace) as KubeObject | undefined,
    async close() {
      cluster.close?.();
      await server.close();
    },
  };
}

export const SECRETS: ResourceRef = { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true };
