// GET and LIST at a resourceVersion the server has not reached: the watch cache waits for it,
// then gives up with 504 "Too large resource version" (the cause client-go re-lists on).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { kubectlBin } from '../support/tools.js';
import { call, helmRelease, HR } from './http.js';

let server: TestApiServer;
let dir: string;
const HRS = `${HR}/namespaces/default/helmreleases`;

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(kubectlBin, ['--kubeconfig', server.kubeconfigPath, ...args], { env: { ...process.env, HOME: dir, KUBECACHEDIR: join(dir, 'cache') }, timeout: 20_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apiserver-fresh-'));
  server = await startApiServer({ objects: loadFluxCrds(), tooLargeRvWaitMs: 300 });
  expect((await call(server.url, 'POST', HRS, helmRelease('podinfo'))).status).toBe(201);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reads at a future resourceVersion', () => {
  it('a list gives up with 504 Timeout and the ResourceVersionTooLarge cause', async () => {
    const current = Number(server.store.resourceVersion());
    const r = await call(server.url, 'GET', `${HRS}?resourceVersion=${current + 1000}`);
    expect(r.status).toBe(504);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Timeout: Too large resource version: ${current + 1000}, current: ${current}`,
      reason: 'Timeout',
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
      code: 504,
    });
  });

  it('kubectl prints the timeout for a get of one object', async () => {
    const current = Number(server.store.resourceVersion());
    const r = await kubectl('get', '--raw', `${HRS}/podinfo?resourceVersion=${current + 5}`);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(`Error from server (Timeout): Timeout: Too large resource version: ${current + 5}, current: ${current}`);
  });

  it('a read answers as soon as a write reaches the resourceVersion', async () => {
    const next = Number(server.store.resourceVersion()) + 1;
    const pending = call<{ items: unknown[] }>(server.url, 'GET', `${HRS}?resourceVersion=${next}`);
    setTimeout(() => void call(server.url, 'POST', HRS, helmRelease('later')), 50);
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(2);
  });

  it('resourceVersion 0 and reached ones answer at once', async () => {
    for (const rv of ['0', server.store.resourceVersion()]) {
      expect((await call(server.url, 'GET', `${HRS}?resourceVersion=${rv}`)).status).toBe(200);
      expect((await call(server.url, 'GET', `${HRS}/podinfo?resourceVersion=${rv}`)).status).toBe(200);
    }
  });
});
