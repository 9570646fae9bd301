// ObjectMeta goes through its Go struct on every write (all fields omitempty): empty labels,
// annotations, finalizers and ownerReferences are not kept, for custom resources too.
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

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(kubectlBin, ['--kubeconfig', server.kubeconfigPath, '-n', 'default', ...args], { env: { ...process.env, HOME: dir, KUBECACHEDIR: join(dir, 'cache') }, timeout: 20_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apiserver-meta-'));
  server = await startApiServer({ objects: loadFluxCrds() });
  expect((await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('podinfo'))).status).toBe(201);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('empty metadata fields', () => {
  it('removing the last label leaves no labels map (kubectl label a-)', async () => {
    expect((await kubectl('label', 'hr', 'podinfo', 'team=web')).code).toBe(0);
    expect((await kubectl('label', 'hr', 'podinfo', 'team-')).stdout.trim()).toBe('helmrelease.helm.toolkit.fluxcd.io/podinfo unlabeled');
    const meta = JSON.parse((await kubectl('get', 'hr', 'podinfo', '-o', 'json')).stdout).metadata as Record<string, unknown>;
    expect(meta).not.toHaveProperty('labels');
  });

  it('empty annotations and finalizers sent in a patch are dropped, on built-ins too', async () => {
    const hr = await call<{ metadata: Record<string, unknown> }>(server.url, 'PATCH', `${HR}/namespaces/default/helmreleases/podinfo`, { metadata: { annotations: {}, finalizers: [] } }, { contentType: 'application/merge-patch+json' });
    expect(hr.status).toBe(200);
    expect(hr.body.metadata).not.toHaveProperty('annotations');
    expect(hr.body.metadata).not.toHaveProperty('finalizers');
    const cm = await call<{ metadata: Record<string, unknown> }>(server.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: {}, ownerReferences: [] } });
    expect(cm.status).toBe(201);
    expect(cm.body.metadata).not.toHaveProperty('labels');
    expect(cm.body.metadata).not.toHaveProperty('ownerReferences');
  });
});

describe('uid on updates', () => {
  const path = `${HR}/namespaces/default/helmreleases/podinfo`;

  it('a PUT carrying another uid fails its precondition with 409', async () => {
    const live = (await call<{ metadata: Record<string, string> }>(server.url, 'GET', path)).body;
    const uid = live.metadata['uid'];
    live.metadata['uid'] = '00000000-0000-0000-0000-000000000000';
    const r = await call<{ reason: string; message: string }>(server.url, 'PUT', path, live);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on helmreleases.helm.toolkit.fluxcd.io "podinfo": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: ${uid}`,
    });
  });

  it('a patch changing the uid is refused as an immutable field (kubectl patch)', async () => {
    const r = await kubectl('patch', 'hr', 'podinfo', '--type', 'merge', '-p', '{"metadata":{"uid":"x"}}');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('The HelmRelease "podinfo" is invalid: metadata.uid: Invalid value: "x": field is immutable');
  });

  it('a PUT with the same uid, or none, goes through', async () => {
    const live = (await call<{ metadata: Record<string, string> }>(server.url, 'GET', path)).body;
    expect((await call(server.url, 'PUT', path, live)).status).toBe(200);
    const fresh = (await call<{ metadata: Record<string, string> }>(server.url, 'GET', path)).body;
    delete fresh.metadata['uid'];
    expect((await call(server.url, 'PUT', path, fresh)).status).toBe(200);
  });
});

describe('finalizer warnings on custom resources', () => {
  it('adding a finalizer without a path warns, as Flux controllers see for finalizers.fluxcd.io (kubectl patch)', async () => {
    const r = await kubectl('patch', 'hr', 'podinfo', '--type', 'merge', '-p', '{"metadata":{"finalizers":["finalizers.fluxcd.io","example.com/cleanup"]}}');
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe('Warning: metadata.finalizers: "finalizers.fluxcd.io": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers');
  });

  it('only newly added finalizers warn', async () => {
    const r = await kubectl('label', 'hr', 'podinfo', 'again=yes');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const clear = await kubectl('patch', 'hr', 'podinfo', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}');
    expect(clear).toMatchObject({ code: 0, stderr: '' });
  });
});
