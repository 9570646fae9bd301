// Request options are validated and read as the apiserver's handlers read them: a bad list,
// watch, write or delete option is a 422 naming the options kind (kubectl prints `The ListOptions
// "" is invalid: ...`), and a DELETE with a body takes its options from the body only.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { kubectlBin } from '../support/tools.js';
import { call, helmRelease, HR } from './http.js';

let server: TestApiServer;
let dir: string;
const HRS = `${HR}/namespaces/apps/helmreleases`;

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      kubectlBin,
      ['--kubeconfig', server.kubeconfigPath, ...args],
      { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache'), HOME: dir }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apiserver-options-'));
  server = await startApiServer({ objects: loadFluxCrds() });
  server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  if (!server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'podinfo', 'apps')) {
    const r = await call(server.url, 'POST', HRS, helmRelease('podinfo', 'apps'));
    expect(r.status).toBe(201);
  }
});

const exists = (): boolean => server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'podinfo', 'apps') !== undefined;

describe('list and watch options', () => {
  it('resourceVersionMatch without a resourceVersion is refused (kubectl get --raw)', async () => {
    const r = await kubectl('get', '--raw', `${HRS}?resourceVersionMatch=NotOlderThan`);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('The ListOptions "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  });

  it('the Status names ListOptions in meta.k8s.io, with one cause per field error', async () => {
    const r = await call(server.url, 'GET', `${HRS}?resourceVersion=0&resourceVersionMatch=Exact`);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'ListOptions',
        causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"', field: 'resourceVersionMatch' }],
      },
      code: 422,
    });
  });

  it('an unknown resourceVersionMatch lists the supported ones', async () => {
    const r = await call<{ message: string }>(server.url, 'GET', `${HRS}?resourceVersion=1&resourceVersionMatch=Newest`);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""');
  });

  it('sendInitialEvents is for watches only', async () => {
    const r = await call<{ message: string }>(server.url, 'GET', `${HRS}?sendInitialEvents=false`);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
  });

  it('a watch with sendInitialEvents needs resourceVersionMatch=NotOlderThan (kubectl get --raw)', async () => {
    const r = await kubectl('get', '--raw', `${HRS}?watch=true&sendInitialEvents=true`);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('The ListOptions "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  });

  it('a watch with resourceVersionMatch but no sendInitialEvents is refused', async () => {
    const r = await call<{ message: string }>(server.url, 'GET', `${HRS}?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan`);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
  });

  it('valid combinations still list', async () => {
    for (const q of ['resourceVersion=0', 'resourceVersion=0&resourceVersionMatch=NotOlderThan', `resourceVersion=1&resourceVersionMatch=NotOlderThan`]) {
      const r = await call<{ items: unknown[] }>(server.url, 'GET', `${HRS}?${q}`);
      expect(r.status, q).toBe(200);
      expect(r.body.items).toHaveLength(1);
    }
  });
});

describe('write options', () => {
  it('dryRun takes only All: `dryRun=true` is refused, not taken for a real write', async () => {
    const r = await call<{ message: string; details: { kind: string } }>(server.url, 'POST', `${HRS}?dryRun=true`, helmRelease('other', 'apps'));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"true"}: supported values: "All"');
    expect(server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'other', 'apps')).toBeUndefined();
  });

  it('fieldValidation takes Ignore, Strict or Warn (kubectl patch sees UpdateOptions/PatchOptions errors)', async () => {
    const r = await call<{ message: string }>(server.url, 'PATCH', `${HRS}/podinfo?fieldValidation=strict`, { metadata: { labels: { a: 'b' } } }, { contentType: 'application/merge-patch+json' });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"');
    const u = await call<{ message: string }>(server.url, 'PUT', `${HRS}/podinfo?dryRun=All&dryRun=Client`, helmRelease('podinfo', 'apps'));
    expect(u.body.message).toBe('UpdateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"All", "Client"}: supported values: "All"');
  });

  it('PatchOptions errors are reported together', async () => {
    const r = await call<{ message: string }>(server.url, 'PATCH', `${HRS}/podinfo?force=true&dryRun=x`, {}, { contentType: 'application/merge-patch+json' });
    expect(r.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: [force: Forbidden: may not be specified for non-apply patch, dryRun: Unsupported value: []string{"x"}: supported values: "All"]',
    );
  });

  it('an unknown patch type is a 415 before any option is looked at', async () => {
    const r = await call(server.url, 'PATCH', `${HRS}/podinfo?dryRun=x`, {}, { contentType: 'text/plain' });
    expect(r.status).toBe(415);
  });
});

describe('delete options', () => {
  it('kubectl delete --dry-run=server sends dryRun in the body: nothing is deleted', async () => {
    const r = await kubectl('delete', 'hr', 'podinfo', '-n', 'apps', '--dry-run=server');
    expect(r.stdout.trim()).toBe('helmrelease.helm.toolkit.fluxcd.io "podinfo" deleted from apps namespace (server dry run)');
    expect(exists()).toBe(true);
  });

  it('bad propagationPolicy and dryRun values are refused (kubectl delete --raw)', async () => {
    const r = await kubectl('delete', '--raw', `${HRS}/podinfo?propagationPolicy=Bogus&dryRun=Bogus`);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      [
        'The DeleteOptions "" is invalid: ',
        '* propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"',
        '* dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"',
      ].join('\n'),
    );
    expect(exists()).toBe(true);
  });

  it('orphanDependents and propagationPolicy together are refused', async () => {
    const r = await call<{ message: string }>(server.url, 'DELETE', `${HRS}/podinfo`, { kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: true, propagationPolicy: 'Orphan' });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set');
  });

  it('with a DeleteOptions body, ?dryRun=All in the query is ignored and the delete is real', async () => {
    const r = await call(server.url, 'DELETE', `${HRS}/podinfo?dryRun=All`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    expect(r.status).toBe(200);
    expect(exists()).toBe(false);
  });

  it('without a body, the query options apply', async () => {
    const r = await call(server.url, 'DELETE', `${HRS}/podinfo?dryRun=All&propagationPolicy=Background`);
    expect(r.status).toBe(200);
    expect(exists()).toBe(true);
  });

  it('with a body, dryRun goes in the body', async () => {
    const r = await call(server.url, 'DELETE', `${HRS}/podinfo`, { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'], propagationPolicy: 'Foreground' });
    expect(r.status).toBe(200);
    expect(exists()).toBe(true);
  });
});
