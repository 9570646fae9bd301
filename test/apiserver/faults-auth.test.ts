import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call, HR } from './http.js';

type Obj = Record<string, any>;

describe('fault injection', () => {
  let server: TestApiServer;
  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds() });
  });
  afterAll(() => server.close());

  it('fails the next N matching requests with the code, Status and Retry-After', async () => {
    server.faults.failNext({ status: 429, count: 2, method: 'GET', path: /helmreleases/, retryAfter: 3 });
    const other = await call(server.url, 'GET', '/api/v1/namespaces');
    expect(other.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await call<Obj>(server.url, 'GET', `${HR}/helmreleases`);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('3');
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 3 } });
    }
    expect((await call(server.url, 'GET', `${HR}/helmreleases`)).status).toBe(200);
  });

  it('answers 5xx with the apiserver reasons', async () => {
    server.faults.failNext({ status: 503 });
    expect((await call<Obj>(server.url, 'GET', '/version')).body).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    server.faults.failNext({ status: 500, message: 'etcdserver: request timed out' });
    expect((await call<Obj>(server.url, 'GET', '/version')).body).toMatchObject({ reason: 'InternalError', message: 'etcdserver: request timed out', code: 500 });
  });

  it('drops the connection without an answer', async () => {
    server.faults.failNext({ status: 'reset' });
    await expect(fetch(`${server.url}/version`)).rejects.toThrow();
    expect((await call(server.url, 'GET', '/version')).status).toBe(200);
  });

  it('delays matching requests (only as many as asked)', async () => {
    server.faults.delay({ ms: 1000, count: 1, path: /^\/version$/ });
    const order: string[] = [];
    const delayed = call(server.url, 'GET', '/version').then(() => order.push('delayed'));
    await new Promise((r) => setTimeout(r, 50));
    const prompt = call(server.url, 'GET', '/version').then(() => order.push('prompt'));
    await Promise.all([delayed, prompt]);
    expect(order).toEqual(['prompt', 'delayed']);
  });

  it('denies a verb with the RBAC Forbidden message', async () => {
    server.faults.forbid({ verb: 'list', resource: 'helmreleases', namespace: 'flux-system' });
    const r = await call<Obj>(server.url, 'GET', `${HR}/namespaces/flux-system/helmreleases`);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      reason: 'Forbidden',
      message: 'helmreleases.helm.toolkit.fluxcd.io is forbidden: User "test-user" cannot list resource "helmreleases" in API group "helm.toolkit.fluxcd.io" in the namespace "flux-system"',
      details: { group: 'helm.toolkit.fluxcd.io', kind: 'helmreleases' },
    });
    server.faults.forbid({ verb: 'patch', resource: 'helmreleases' });
    const p = await call<Obj>(server.url, 'PATCH', `${HR}/namespaces/default/helmreleases/podinfo/status`, {}, { contentType: 'application/merge-patch+json' });
    expect(p.body.message).toBe(
      'helmreleases.helm.toolkit.fluxcd.io "podinfo" is forbidden: User "test-user" cannot patch resource "helmreleases/status" in API group "helm.toolkit.fluxcd.io" in the namespace "default"',
    );
    server.faults.clear();
    expect((await call(server.url, 'GET', `${HR}/namespaces/flux-system/helmreleases`)).status).toBe(200);
  });

  it('logs every request with method, path, query and content type', async () => {
    server.clearRequests();
    await call(server.url, 'PATCH', `${HR}/namespaces/default/helmreleases/x?fieldManager=flux-ts`, { spec: { suspend: true } }, { contentType: 'application/merge-patch+json' });
    expect(server.requests).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: `${HR}/namespaces/default/helmreleases/x`,
        query: { fieldManager: 'flux-ts' },
        contentType: 'application/merge-patch+json',
        body: { spec: { suspend: true } },
        status: 404,
      }),
    ]);
  });
});

describe('bearer-token authentication', () => {
  let server: TestApiServer;
  beforeAll(async () => {
    server = await startApiServer({ token: 's3cret', user: 'system:serviceaccount:flux-system:flux-ts' });
  });
  afterAll(() => server.close());

  it('accepts the token', async () => {
    expect((await call(server.url, 'GET', '/api/v1/namespaces', undefined, { token: 's3cret' })).status).toBe(200);
  });

  it('answers 401 Unauthorized for a wrong token', async () => {
    const r = await call<Obj>(server.url, 'GET', '/api/v1/namespaces', undefined, { token: 'nope' });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('treats a request without a token as system:anonymous (forbidden except /version)', async () => {
    expect((await call(server.url, 'GET', '/version')).status).toBe(200);
    const r = await call<Obj>(server.url, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "default"');
  });

  it('writes the token into its kubeconfig', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(server.kubeconfigPath, 'utf8')).toContain('token: s3cret');
  });
});
