// The controller with the real reconciliation core (src/controller/core.ts): a chart that calls
// `lookup` sees the cluster, and deleting the HelmRelease uninstalls the release recorded in its
// status (not one named by a spec edited since) with Flux's uninstall Event. Rendering blocks
// this thread while the lookup worker asks the API server, so the server runs in its own process.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject, ResourceRef } from '../../src/cluster/types.js';
import { coreReconciler } from '../../src/controller/core.js';
import { startInProcessController, type InProcessController } from './support/core-controller.js';
import { ReleaseStorage } from '../../src/helm/release/storage.js';
import type { HelmRelease } from '../../src/kinds/api-types.js';
import { acquireRunLock, bridgeLookupProvider, HELMRELEASE_RESOURCE } from '../../src/reconcile/run/index.js';
import { spawnedLookupEnv } from '../reconcile/run/support.js';
import { until } from './support/recording-reconciler.js';

const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };
const EVENTS: ResourceRef = { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true };
const env = spawnedLookupEnv('flux-ts-controller-core-', (repoUrl) => `apiVersion: v1
kind: Namespace
metadata:
  name: apps
---
apiVersion: v1
kind: Namespace
metadata:
  name: flux-system
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: apps
data:
  color: green
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  interval: 1m
  url: ${repoUrl}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: live
  namespace: apps
spec:
  interval: 1m
  chart:
    spec:
      chart: lookup
      version: 0.1.0
      sourceRef:
        kind: HelmRepository
        name: charts
`);

/** The controller in this process, with the core reconciler and a live lookup worker. */
function startController(): InProcessController {
  const reconciler = coreReconciler({
    cluster: env.cluster,
    cacheDir: join(env.dir, 'cache'),
    lookup: bridgeLookupProvider({
      clusterModule: new URL('../../src/cluster/connect.ts', import.meta.url).href,
      clusterOptions: { flags: { kubeconfig: env.kubeconfig }, env: {} },
      // From source the worker is TypeScript: a bootstrap registers tsx first.
      workerUrl: new URL('../fixtures/render/ts-worker-bootstrap.mjs', import.meta.url),
      extraWorkerData: { tsWorker: new URL('../../src/helm/funcs/helm/lookup-worker.ts', import.meta.url).href },
    }),
  });
  return startInProcessController(env.cluster, reconciler);
}

const getHr = () => env.cluster.tryGet<HelmRelease>(HELMRELEASE_RESOURCE, 'live', 'apps');
const copied = async () => (await env.cluster.tryGet<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS, 'live-copy', 'apps'))?.data;

describe('flux-ts controller with the reconciliation core', () => {
  it('renders a chart that calls lookup against the cluster', { timeout: 60_000 }, async () => {
    const c = startController();
    try {
      await until(async () => (await getHr())?.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false, 45_000, 'live Ready');
    } finally {
      expect(await c.stop()).toBe(0);
    }
    expect(await copied()).toEqual({ found: 'true', color: 'green', namespace: 'default', configMaps: '1' });
  });

  it('a reconcile or finalize while another run (reconcile hr --local) holds the run Lease reports it in progress', async () => {
    const reconciler = coreReconciler({ cluster: env.cluster, cacheDir: join(env.dir, 'cache') });
    const hr = (await getHr())!;
    const ctx = { signal: new AbortController().signal, allowCrossNamespaceRefs: true };
    const other = await acquireRunLock(env.cluster, 'apps', 'live');
    try {
      expect((await reconciler.reconcile(hr, ctx)).error?.message).toBe('another operation (install/upgrade/rollback) is in progress');
      expect((await reconciler.finalize(hr, ctx)).error?.message).toBe('another operation (install/upgrade/rollback) is in progress');
    } finally {
      await other.release();
    }
    // Nothing was uninstalled meanwhile.
    expect(await copied()).toMatchObject({ found: 'true' });
    expect((await getHr())?.status?.history?.map((h) => `${h.name}.v${h.version}:${h.status}`)).toEqual(['live.v1:deployed']);
  });

  it('on deletion uninstalls the release recorded in status, with the UninstallSucceeded event', { timeout: 60_000 }, async () => {
    // The spec now names another release; deletion must still remove the one it installed.
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'live', 'apps', { spec: { releaseName: 'renamed' } });
    await env.cluster.delete(HELMRELEASE_RESOURCE, 'live', 'apps');
    expect((await getHr())?.metadata.deletionTimestamp).toBeDefined();
    const c = startController();
    try {
      await until(async () => (await getHr()) === undefined, 45_000, 'HelmRelease gone');
    } finally {
      expect(await c.stop()).toBe(0);
    }
    expect(await copied()).toBeUndefined();
    expect(await new ReleaseStorage(env.cluster, 'apps').history('live')).toEqual([]);
    const events = (await env.cluster.list<KubeObject & { reason: string; message: string; involvedObject: { name: string } }>(EVENTS, { namespace: 'apps' })).items;
    expect(events.filter((e) => e.involvedObject.name === 'live').map((e) => [e.reason, e.message])).toContainEqual([
      'UninstallSucceeded',
      'Helm uninstall succeeded for release apps/live.v1 with chart lookup@0.1.0',
    ]);
    expect(c.logs.some((l) => l.includes('uninstalled Helm release for deleted resource'))).toBe(true);
  });
});
