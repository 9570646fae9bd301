// The controller's watches on a cluster of a Flux before 2.6 (OCIRepository served only as
// v1beta2), and across a watch gap that expired its resourceVersion: a source changed or deleted
// meanwhile still re-queues the HelmReleases that use it.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/types.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { loadFluxCrdsServing } from '../support/apiserver/flux-crds.js';
import { until } from './support/recording-reconciler.js';
import { startController, type RunningController } from './support/rig.js';

const NS = 'flux-system';
const KEY = `${NS}/podinfo`;
const OCI = 'source.toolkit.fluxcd.io/v1beta2';

const ociRepo: KubeObject = {
  apiVersion: OCI,
  kind: 'OCIRepository',
  metadata: { name: 'podinfo', namespace: NS },
  spec: { interval: '5m', url: 'oci://ghcr.io/stefanprodan/charts/podinfo', ref: { tag: '6.3.5' } },
  status: { artifact: { revision: '6.3.5@sha256:1', digest: 'sha256:1', path: 'p', url: 'u', lastUpdateTime: '2026-01-01T00:00:00Z' } },
};

const release: KubeObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: NS },
  spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } },
};

let server: TestApiServer | undefined;
let controller: RunningController | undefined;
afterEach(async () => {
  await controller?.stop();
  await server?.close();
  server = controller = undefined;
});

async function start(): Promise<{ server: TestApiServer; controller: RunningController }> {
  server = await startApiServer({ objects: [...loadFluxCrdsServing('OCIRepository', 'v1beta2'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, ociRepo, release] });
  controller = await startController(server);
  await until(() => controller!.reconciler.count('reconcile', KEY) === 1, 10_000, 'first reconcile');
  return { server, controller };
}

/** The source as the server holds it now, with another artifact. */
function newArtifact(s: TestApiServer, revision: string): KubeObject {
  const current = s.store.get(OCI, 'OCIRepository', 'podinfo', NS)!;
  return { ...current, status: { artifact: { revision, digest: revision, path: 'p', url: 'u', lastUpdateTime: '2026-01-02T00:00:00Z' } } };
}

describe('controller watches', () => {
  it('watches OCIRepository at v1beta2 when the cluster serves no v1: a new artifact re-queues its HelmRelease', async () => {
    const { server, controller } = await start();
    server.store.put(newArtifact(server, '6.3.6@sha256:2'));
    await until(() => controller.reconciler.count('reconcile', KEY) === 2, 5_000, 'reconcile on the new artifact');
    expect(controller.logs.filter((l) => l.includes('watch failed'))).toEqual([]);
    expect(server.requests.some((r) => r.path.startsWith(`/apis/${OCI}/ocirepositories`) && r.query['watch'] === 'true')).toBe(true);
  });

  it('a source deleted while the watch was away (resourceVersion expired) re-queues its HelmRelease', async () => {
    const { server, controller } = await start();
    // Drop every watch, delete in the gap and forget history: the resumed watch gets 410 and re-lists.
    server.faults.closeWatches();
    server.store.delete(OCI, 'OCIRepository', 'podinfo', NS);
    server.store.compact();
    await until(() => controller.reconciler.count('reconcile', KEY) === 2, 5_000, 'reconcile after the source went away');
  });
});
