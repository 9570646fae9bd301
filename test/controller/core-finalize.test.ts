// The controller's finalizer when the uninstall fails (here: the recorded release cannot be read
// from storage): Released=False UninstallFailed and Ready=False are written to the object being
// deleted, with a Warning event, the failure is counted and the finalize returns the error so the
// controller retries; the history and storage namespace stay for the next attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../src/cluster/types.js';
import { coreReconciler } from '../../src/controller/core.js';
import type { HelmRelease } from '../../src/kinds/api-types.js';
import { HELMRELEASE_RESOURCE } from '../../src/reconcile/run/index.js';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';

const snapshot = {
  apiVersion: 'v2',
  digest: 'sha256:4b5a5f1e8cbb1d7a0f5e0c0fd3c0e1b2a3c4d5e6f708192a3b4c5d6e7f801234',
  name: 'broken',
  namespace: 'apps',
  version: 1,
  status: 'deployed',
  chartName: 'grade-api',
  chartVersion: '1.0.0',
  configDigest: 'sha256:6355e2f4fb8b00c08cdd25d1eaaf45c224f9cdf8ccfe2b80535819768de72cb6',
  firstDeployed: '2026-01-01T00:00:00Z',
  lastDeployed: '2026-01-01T00:00:00Z',
};

describe('controller finalizer, failed uninstall', () => {
  let server: TestApiServer;
  let cluster: Cluster;

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds() });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      // A release record that does not decode: Helm's uninstall cannot read it.
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'sh.helm.release.v1.broken.v1', namespace: 'apps', labels: { name: 'broken', owner: 'helm', status: 'deployed', version: '1' } },
        type: 'helm.sh/release.v1',
        data: { release: Buffer.from('not a release').toString('base64') },
      } as KubeObject,
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'broken', namespace: 'apps', generation: 1, finalizers: ['finalizers.fluxcd.io'] },
        spec: { interval: '1m', chart: { spec: { chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
        status: { observedGeneration: 1, storageNamespace: 'apps', history: [snapshot], conditions: [] },
      } as KubeObject,
    ];
    for (const o of objects) server.store.put(o as never);
  });
  afterAll(async () => {
    cluster.close?.();
    await server.close();
  });

  it('records UninstallFailed, keeps the history and returns the error for a retry', async () => {
    const hr = await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, 'broken', 'apps');
    const outcome = await coreReconciler({ cluster }).finalize(hr, { signal: new AbortController().signal, allowCrossNamespaceRefs: true });
    expect(outcome.error).toBeInstanceOf(Error);
    expect(outcome.terminal).toBeUndefined();
    const stored = server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'broken', 'apps') as unknown as HelmRelease;
    const released = stored.status?.conditions?.find((c) => c.type === 'Released');
    expect(released).toMatchObject({ status: 'False', reason: 'UninstallFailed' });
    expect(released?.message).toMatch(/^Helm uninstall failed for release apps\/broken\.v1 with chart grade-api@1\.0\.0: /);
    expect(stored.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'UninstallFailed' });
    expect(stored.status).toMatchObject({ failures: 1, storageNamespace: 'apps', history: [{ name: 'broken', version: 1 }] });
    const events = server.store.list('v1', 'Event', 'apps') as unknown as { type: string; reason: string; involvedObject: { name: string } }[];
    expect(events.filter((e) => e.involvedObject.name === 'broken').map((e) => [e.type, e.reason])).toEqual([['Warning', 'UninstallFailed']]);
  });
});
