// Test harness: the API test server (workloads simulated), a Cluster connected to it, release
// storage, and a ReleaseSource rendering the fixture chart with the real engine.
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster, KubeObject, ResourceRef } from '../../../src/cluster/types.js';
import type { ActionConfig, ReleaseSource } from '../../../src/helm/action/index.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { CHART_DIR, startSource } from './fixtures/source.js';

export { CHART_DIR };

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
    source: (name, namespace, values = {}, chartDir = CHART_DIR) => startSource(name, namespace, values, chartDir),
    get: (apiVersion, kind, name, namespace) => server.store.get(apiVersion, kind, name, namespace) as KubeObject | undefined,
    async close() {
      cluster.close?.();
      await server.close();
    },
  };
}

export const SECRETS: ResourceRef = { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true };
