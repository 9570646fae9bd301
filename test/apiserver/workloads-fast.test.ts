import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call, eventually } from './http.js';

type Obj = Record<string, any>;

let server: TestApiServer | undefined;
afterEach(() => server?.close());

function deployment(name: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } } },
  };
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// A rollout's "progressing" status must never land after its "ready" status: with a ready
// delay shorter than the progress report, the Deployment would otherwise fall back to
// InProgress for good and every Helm wait on it would time out.
describe.each([0, 10])('--simulate-workloads with readyAfterMs %i', (readyAfterMs) => {
  it('a Deployment ends ready and stays ready', async () => {
    server = await startApiServer({ simulateWorkloads: true, readyAfterMs });
    const r = await call<Obj>(server.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
    expect(r.status).toBe(201);
    await eventually(async () => {
      const d = (await call<Obj>(server!.url, 'GET', '/apis/apps/v1/namespaces/default/deployments/web')).body;
      expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 });
    });
    // Longer than the simulator's progress report (20 ms): nothing may undo readiness.
    await settle(100);
    const d = (await call<Obj>(server.url, 'GET', '/apis/apps/v1/namespaces/default/deployments/web')).body;
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 });
    expect(d.status.unavailableReplicas).toBeUndefined();
  });
});
