import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { buildObjects } from '../../../src/helm/action/objects.js';
import { waitForDeletion, waitForReady } from '../../../src/helm/action/wait.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ unpullableImage: /unpullable/ });
});
afterAll(async () => {
  await h?.close();
});

const deployment = (name: string, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: "${image}"}]}
`;

async function applyAll(docs: string[]): Promise<Awaited<ReturnType<typeof buildObjects>>> {
  const objs = await buildObjects(h.cluster, docs.map((doc, i) => ({ doc, source: `doc${i}` })), 'default');
  for (const o of objs) await h.cluster.apply<KubeObject>(o.ref, o.object, { fieldManager: 'test', force: true });
  return objs;
}

describe('waitForReady', () => {
  it('waits on several objects of one kind through one watch', async () => {
    const objs = await applyAll([deployment('w1', 'nginx:1'), deployment('w2', 'nginx:1'), deployment('w3', 'nginx:1')]);
    h.server.clearRequests();
    await waitForReady(h.cfg(), objs, 20_000);
    const watches = h.server.requests.filter((r) => r.query['watch'] === 'true' || r.path.includes('/watch/'));
    expect(watches.length).toBeLessThanOrEqual(1);
  });

  it('names every object still not ready when the time is up', async () => {
    const objs = await applyAll([deployment('ok', 'nginx:1'), deployment('stuck', 'nginx:unpullable')]);
    await expect(waitForReady(h.cfg(), objs, 1500)).rejects.toThrow(/^resource Deployment\/default\/stuck not ready\. status: InProgress, message: .*\ncontext deadline exceeded$/);
  });

  it('waits for deletion', async () => {
    const objs = await applyAll([deployment('gone', 'nginx:1')]);
    setTimeout(() => void h.cluster.delete(objs[0]!.ref, 'gone', 'default'), 200);
    await waitForDeletion(h.cfg(), objs, 20_000);
    expect(h.get('apps/v1', 'Deployment', 'gone', 'default')).toBeUndefined();
  });
});
