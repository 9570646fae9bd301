// JSON patches applied as kube-apiserver applies them (evanphx/json-patch v4): its error texts,
// which kubectl prints after `The request is invalid: : `, and its lenient corners that a client
// tested here will meet on a real cluster.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { applyJsonPatch, JsonPatchDecodeError, JsonPatchError } from '../support/apiserver/patch/json-patch.js';
import { kubectlBin } from '../support/tools.js';
import { call, helmRelease, HR } from './http.js';

const doc = (): Record<string, unknown> => ({ spec: { interval: '5m', list: ['a', 'b'] }, metadata: { name: 'x' } });

function errorOf(ops: unknown): string {
  try {
    applyJsonPatch(doc(), ops);
  } catch (e) {
    if (e instanceof JsonPatchError || e instanceof JsonPatchDecodeError) return e.message;
    throw e;
  }
  throw new Error('the patch applied');
}

describe('JSON patch errors (library wording)', () => {
  it.each([
    [{ op: 'remove', path: '/spec/nope' }, "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value"],
    [{ op: 'remove', path: '/status/x' }, 'remove operation does not apply: doc is missing path: "/status/x": missing value'],
    [{ op: 'remove', path: '/spec/list/5' }, "error in remove for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced"],
    [{ op: 'add', path: '/status/x', value: 1 }, 'add operation does not apply: doc is missing path: "/status/x": missing value'],
    [{ op: 'add', path: '/spec/list/9', value: 'c' }, "error in add for path: '/spec/list/9': Unable to access invalid index: 9: invalid index referenced"],
    [{ op: 'add', path: '/spec/list/x', value: 'c' }, `error in add for path: '/spec/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`],
    [{ op: 'replace', path: '/status/x', value: 1 }, 'replace operation does not apply: doc is missing path: /status/x: missing value'],
    [{ op: 'replace', path: '/spec/list/7', value: 1 }, 'replace operation does not apply: doc is missing key: /spec/list/7: missing value'],
    [{ op: 'move', from: '/status/a', path: '/spec/a' }, 'move operation does not apply: doc is missing from path: /status/a: missing value'],
    [{ op: 'move', from: '/spec/nope', path: '/spec/a' }, "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value"],
    [{ op: 'copy', from: '/spec/interval', path: '/status/a' }, 'copy operation does not apply: doc is missing destination path: /status/a: missing value'],
    [{ op: 'test', path: '/spec/interval', value: '1m' }, 'testing value /spec/interval failed: test failed'],
    [{ op: 'test', path: '/status/x', value: 1 }, 'test operation does not apply: is missing path: /status/x: missing value'],
    [{ op: 'frobnicate', path: '/spec' }, 'Unexpected kind: frobnicate'],
    [{ path: '/spec' }, 'Unexpected kind: unknown'],
  ])('%j', (op, message) => {
    expect(errorOf([op])).toBe(message);
  });

  it('a body that is not a list of operations is a decode error', () => {
    expect(errorOf({ op: 'add' })).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });
});

describe('JSON patch leniencies of the library', () => {
  it('replace of a missing object key adds it', () => {
    expect(applyJsonPatch(doc(), [{ op: 'replace', path: '/spec/timeout', value: '1m' }])).toMatchObject({ spec: { timeout: '1m' } });
  });

  it('test of a missing key against null passes', () => {
    expect(applyJsonPatch(doc(), [{ op: 'test', path: '/spec/nope', value: null }])).toEqual(doc());
  });

  it('copy from a missing key copies null', () => {
    expect(applyJsonPatch(doc(), [{ op: 'copy', from: '/spec/nope', path: '/spec/other' }])).toMatchObject({ spec: { other: null } });
  });

  it('negative array indices count from the end (of the grown list, for add)', () => {
    expect(applyJsonPatch(doc(), [{ op: 'remove', path: '/spec/list/-1' }])).toMatchObject({ spec: { list: ['a'] } });
    expect(applyJsonPatch(doc(), [{ op: 'add', path: '/spec/list/-1', value: 'z' }])).toMatchObject({ spec: { list: ['a', 'b', 'z'] } });
    expect(applyJsonPatch(doc(), [{ op: 'add', path: '/spec/list/-3', value: 'z' }])).toMatchObject({ spec: { list: ['z', 'a', 'b'] } });
  });

  it('operations apply in order to the result of the previous ones', () => {
    const out = applyJsonPatch(doc(), [
      { op: 'add', path: '/spec/list/-', value: 'c' },
      { op: 'move', from: '/spec/list/0', path: '/spec/first' },
      { op: 'copy', from: '/spec/first', path: '/metadata/labels' },
    ]);
    expect(out).toEqual({ spec: { interval: '5m', list: ['b', 'c'], first: 'a' }, metadata: { name: 'x', labels: 'a' } });
  });
});

describe('kubectl patch --type json against the server', () => {
  let server: TestApiServer;
  let dir: string;
  const kubectl = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(kubectlBin, ['--kubeconfig', server.kubeconfigPath, ...args], { env: { ...process.env, HOME: dir, KUBECACHEDIR: join(dir, 'cache') }, timeout: 20_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apiserver-jsonpatch-'));
    server = await startApiServer({ objects: loadFluxCrds() });
    expect((await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('podinfo'))).status).toBe(201);
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the library error after "The request is invalid"', async () => {
    const r = await kubectl('patch', 'hr', 'podinfo', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/suspend"}]');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe("The request is invalid: : error in remove for path: '/spec/suspend': Unable to remove nonexistent key: suspend: missing value");
  });

  it('replace of an unset field succeeds, as on a real cluster', async () => {
    const r = await kubectl('patch', 'hr', 'podinfo', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/suspend","value":true}]');
    expect(r.stdout.trim()).toBe('helmrelease.helm.toolkit.fluxcd.io/podinfo patched');
    expect(server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'podinfo', 'default')?.['spec']).toMatchObject({ suspend: true });
  });

  it('a patch that is not a list is a 400', async () => {
    const r = await call<{ reason: string; message: string }>(server.url, 'PATCH', `${HR}/namespaces/default/helmreleases/podinfo`, { op: 'add' }, { contentType: 'application/json-patch+json' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ reason: 'BadRequest', message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
  });
});
