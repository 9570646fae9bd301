// Clearing field ownership as Kubernetes documents it: an update that sets managedFields to
// `[{}]` (or `[]`) strips them and later updates start no tracking; the next server-side apply
// hands the fields already there to `before-first-apply` (the field manager's
// skipNonAppliedManager), so changing them conflicts until forced. Driven with kubectl v1.35.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { kubectlBin } from '../support/tools.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
interface Entry {
  manager: string;
  operation: string;
  fieldsV1: Record<string, unknown>;
}

let server: TestApiServer;
let dir: string;
let name = '';
let seq = 0;

function kubectl(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      kubectlBin,
      ['--kubeconfig', server.kubeconfigPath, '-n', 'default', ...args],
      { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache'), HOME: dir }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

function configMap(data: Record<string, string>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
}

async function apply(manager: string, data: Record<string, string>): Promise<Run> {
  return kubectl(['apply', '--server-side', `--field-manager=${manager}`, '-f', '-'], configMap(data));
}

async function patch(body: unknown): Promise<Run> {
  return kubectl(['patch', 'configmap', name, '--type=merge', '-p', JSON.stringify(body)]);
}

async function managedFields(): Promise<Entry[] | undefined> {
  const out = await kubectl(['get', 'configmap', name, '-o', 'yaml', '--show-managed-fields']);
  expect(out.stderr).toBe('');
  return (parse(out.stdout) as { metadata: { managedFields?: Entry[] } }).metadata.managedFields;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flux-ts-mf-'));
  server = await startApiServer({});
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  name = `owned-${++seq}`;
});

describe('resetting managedFields', () => {
  it('[{}] strips them: the object shows none, and the next apply meets before-first-apply', async () => {
    expect((await apply('alice', { a: '1' })).code).toBe(0);
    expect((await apply('bob', { a: '2' })).stderr).toContain('conflict with "alice"');

    expect((await patch({ metadata: { managedFields: [{}] } })).stdout).toBe(`configmap/${name} patched\n`);
    expect(await managedFields()).toBeUndefined();

    // alice no longer owns .data.a, but the fields already there now belong to before-first-apply.
    const bob = await apply('bob', { a: '2' });
    expect(bob.code).not.toBe(0);
    expect(bob.stderr).toContain('Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a');
    const forced = await kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=bob', '-f', '-'], configMap({ a: '2' }));
    expect(forced).toMatchObject({ code: 0, stderr: '' });
    expect((await managedFields())?.map((e) => [e.manager, e.operation, e.fieldsV1])).toEqual([
      ['bob', 'Apply', { 'f:data': { 'f:a': {} } }],
      ['before-first-apply', 'Update', { 'f:data': {} }],
    ]);
  });

  it('an apply that keeps the values already there shares them with before-first-apply', async () => {
    await apply('alice', { a: '1' });
    await patch({ metadata: { managedFields: [] } });
    expect(await managedFields()).toBeUndefined();
    expect(await apply('bob', { a: '1' })).toMatchObject({ code: 0, stderr: '' });
    expect((await managedFields())?.map((e) => `${e.manager}/${e.operation}`)).toEqual(['bob/Apply', 'before-first-apply/Update']);
  });

  it('changes sent with the reset, and updates after it, are not tracked until the next apply', async () => {
    await apply('alice', { a: '1' });
    await patch({ metadata: { managedFields: [{}] }, data: { b: 'x' } });
    await patch({ data: { c: 'y' } });
    expect(await managedFields()).toBeUndefined();
    // Nobody tracked b or c: the first apply gives all three to before-first-apply, and only the
    // changed ones conflict.
    const carol = await apply('carol', { a: '1', b: 'new', c: 'new' });
    expect(carol.stderr).toContain('Apply failed with 2 conflicts: conflicts with "before-first-apply" using v1:\n- .data.b\n- .data.c');
    expect(await managedFields()).toBeUndefined();
    const forced = await kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=carol', '-f', '-'], configMap({ a: '1', b: 'new', c: 'new' }));
    expect(forced).toMatchObject({ code: 0, stderr: '' });
    // Tracking has started again: an update now records its manager.
    await patch({ data: { d: 'z' } });
    expect(((await managedFields()) ?? []).map((e) => `${e.manager}/${e.operation}`)).toEqual(['carol/Apply', 'before-first-apply/Update', 'kubectl-patch/Update']);
  });

  it('an object seeded without managedFields (a fixture) is untracked the same way', async () => {
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: '1', b: '2' } });
    const r = await apply('flux-ts', { a: '9' });
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a');
    expect(await managedFields()).toBeUndefined();
  });

  it('an update without managedFields, or with entries the server cannot decode, keeps them', async () => {
    await apply('alice', { a: '1' });
    await patch({ data: { a: '1', b: 'x' } });
    const before = (await managedFields())?.map((e) => `${e.manager}/${e.operation}`);
    expect(before).toEqual(['alice/Apply', 'kubectl-patch/Update']);
    await patch({ metadata: { managedFields: [{ manager: 'mallory' }] } });
    expect((await managedFields())?.map((e) => `${e.manager}/${e.operation}`)).toEqual(before);
    expect((await apply('bob', { a: '2' })).stderr).toContain('conflict with "alice"');
  });
});
