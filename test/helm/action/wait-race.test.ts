// Waits on workloads that become ready (almost) at once: readiness must never be undone by a
// late progress report, so every wait ends when the objects are ready, not at the timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../../src/cluster/types.js';
import { buildObjects } from '../../../src/helm/action/objects.js';
import { waitForReady } from '../../../src/helm/action/wait.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';

let server: TestApiServer | undefined;
let cluster: Cluster | undefined;
afterEach(async () => {
  cluster?.close?.();
  await server?.close();
});

const deployment = (name: string, ns: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: "nginx:1"}]}
`;

describe.each([0, 10])('waitForReady with workloads ready after %i ms', (readyAfterMs) => {
  it('20 releases installed at once all finish waiting', async () => {
    server = await startApiServer({ simulateWorkloads: true, readyAfterMs });
    ({ cluster } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} }));
    const c = cluster;
    const releases = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const objs = await buildObjects(c, [{ doc: deployment(`app${i}`, 'default'), source: `release${i}` }], 'default');
        for (const o of objs) await c.apply<KubeObject>(o.ref, o.object, { fieldManager: 'helm', force: true });
        return objs;
      }),
    );
    // Let every rollout's status reports land before the waits' first GET.
    await new Promise((r) => setTimeout(r, 100));
    const cfg = { cluster: c, storage: new ReleaseStorage(c, 'default') };
    const results = await Promise.allSettled(releases.map((objs) => waitForReady(cfg, objs, 5000)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });
});
