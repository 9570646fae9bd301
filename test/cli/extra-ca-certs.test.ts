// NODE_EXTRA_CA_CERTS is trusted as node trusts it, but read on the first TLS connection instead
// of at start-up (bin/flux-ts hands it over as FLUX_TS_EXTRA_CA_CERTS): src/cluster/extra-ca-certs.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { SecureContext, SecureContextOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptDeferredExtraCaCerts, deferExtraCaCerts } from '../../src/cluster/extra-ca-certs.js';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { startChartRepo, type ChartRepoServer } from '../support/servers/chart-repo.js';
import { fixturesDir } from '../support/servers/ports.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CA = join(fixturesDir, 'tls', 'ca.crt');
const run = promisify(execFile);

/** bin/flux-ts run with exactly `env` (no NODE_OPTIONS): its exit code and output, failed or not. */
function launcher(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(join(ROOT, 'bin/flux-ts'), args, { cwd: ROOT, env: { ...env, NODE_OPTIONS: '' } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** A stand-in for node:tls that records which certificates each context was given. */
function fakeTls() {
  const made: { options: SecureContextOptions | undefined; added: string[] }[] = [];
  const tls = {
    createSecureContext(options?: SecureContextOptions): SecureContext {
      const record = { options, added: [] as string[] };
      made.push(record);
      return { context: { addCACert: (pem: string) => record.added.push(pem) } } as unknown as SecureContext;
    },
  };
  return { tls, made };
}

describe('deferred extra CA certificates', () => {
  it('adds the file’s certificates to default-trust contexts only, once per set of context options', () => {
    const { tls, made } = fakeTls();
    deferExtraCaCerts(tls, CA);
    const pem = readFileSync(CA, 'utf8').trim();
    const first = tls.createSecureContext({ minVersion: 'TLSv1.2' });
    expect(tls.createSecureContext({ minVersion: 'TLSv1.2' })).toBe(first);
    tls.createSecureContext({ minVersion: 'TLSv1.3' });
    tls.createSecureContext({ ca: 'explicit' });
    expect(made.map((m) => m.added.map((p) => p.trim()))).toEqual([[pem], [pem], []]);
  });

  it('warns as node does when the file cannot be read, and connects without it', () => {
    const { tls, made } = fakeTls();
    const warnings: string[] = [];
    deferExtraCaCerts(tls, '/nonexistent/ca.pem', (l) => warnings.push(l));
    tls.createSecureContext();
    expect(made[0]!.added).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/^Warning: Ignoring extra certs from `\/nonexistent\/ca.pem`, load failed: .*no such file or directory/)]);
  });

  it('gives child processes NODE_EXTRA_CA_CERTS back, and stands aside when node loaded it itself', () => {
    const handed: NodeJS.ProcessEnv = { FLUX_TS_EXTRA_CA_CERTS: '/nonexistent/ca.pem' };
    adoptDeferredExtraCaCerts(handed, false);
    expect(handed).toEqual({ FLUX_TS_EXTRA_CA_CERTS: '/nonexistent/ca.pem' });
    const both: NodeJS.ProcessEnv = { FLUX_TS_EXTRA_CA_CERTS: '/a.pem', NODE_EXTRA_CA_CERTS: '/a.pem' };
    adoptDeferredExtraCaCerts(both);
    expect(both).toEqual({ NODE_EXTRA_CA_CERTS: '/a.pem' });
  });
});

describe('bin/flux-ts with NODE_EXTRA_CA_CERTS', () => {
  let repo: ChartRepoServer;
  beforeAll(async () => {
    repo = await startChartRepo({ tls: true });
    repo.files.set('/index.yaml', Buffer.from('apiVersion: v1\nentries:\n  grade-api:\n    - apiVersion: v2\n      name: grade-api\n      version: 1.0.0\n      urls: [charts/grade-api-1.0.0.tgz]\n'));
    repo.files.set('/charts/grade-api-1.0.0.tgz', readFileSync(join(ROOT, 'test/fixtures/charts/archives/grade-api-1.0.0.tgz')));
  });
  afterAll(() => repo.stop());

  const template = (env: NodeJS.ProcessEnv) => launcher(['template', 'grade-api', '--repo', repo.url, '--version', '1.0.0'], env);

  it('trusts a repository whose CA is only in NODE_EXTRA_CA_CERTS', async () => {
    const { NODE_EXTRA_CA_CERTS: _unset, ...env } = process.env;
    const trusted = await template({ ...env, NODE_EXTRA_CA_CERTS: CA });
    expect(trusted.stderr).toBe('');
    expect(trusted.stdout).toContain('# Source: grade-api/templates/deployment.yaml');
    const untrusted = await template(env);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('x509: certificate signed by unknown authority');
  });

  it('does not read the file for a command that makes no TLS connection (node would warn at start-up)', async () => {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem', NODE_OPTIONS: '' };
    const local = await run(join(ROOT, 'bin/flux-ts'), ['template', join(ROOT, 'examples/charts/grade-api')], { cwd: ROOT, env });
    expect(local.stderr).toBe('');
    const plainNode = await run(process.execPath, ['-e', '0'], { env });
    expect(plainNode.stderr).toContain('Warning: Ignoring extra certs from `/nonexistent/ca.pem`');
  });
});

describe('bin/flux-ts with NODE_EXTRA_CA_CERTS, against an API server', () => {
  let api: TestApiServer;
  let front: https.Server;
  let dir: string;
  let kubeconfig: string;
  beforeAll(async () => {
    api = await startApiServer({ objects: loadFluxCrds() });
    const upstream = new URL(api.url);
    // The test API server speaks plain HTTP: a TLS front whose certificate only CA signed.
    front = https.createServer({ cert: readFileSync(join(fixturesDir, 'tls', 'server.crt')), key: readFileSync(join(fixturesDir, 'tls', 'server.key')) }, (req, res) => {
      const up = http.request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'flux-ts-extra-ca-'));
    kubeconfig = join(dir, 'kubeconfig');
    const server = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: t, cluster: {server: '${server}'}}]\ncontexts: [{name: t, context: {cluster: t, user: t}}]\ncurrent-context: t\nusers: [{name: t, user: {}}]\n`);
  });
  afterAll(async () => {
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (env: NodeJS.ProcessEnv) => launcher(['get', 'helmreleases', '-A', '--kubeconfig', kubeconfig], env);

  it('trusts a cluster whose CA is only in NODE_EXTRA_CA_CERTS', async () => {
    const { NODE_EXTRA_CA_CERTS: _unset, ...env } = process.env;
    const trusted = await get({ ...env, NODE_EXTRA_CA_CERTS: CA });
    // The server answered (flux exits 1 when the list is empty, as here).
    expect(trusted.stderr).toBe('✗ no HelmRelease objects found in any namespace\n');
    const untrusted = await get(env);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('x509: certificate signed by unknown authority');
  });
});
