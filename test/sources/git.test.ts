// GitRepository charts from a real `git http-backend`: refs (branch, tag, semver, commit,
// name), Flux revision strings, reconcileStrategy Revision, valuesFiles, auth and bad refs.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../src/sources/chart-archive.js';
import { SourceError } from '../../src/sources/errors.js';
import { fetchFromGitRepository, type FetchContext } from '../../src/sources/fetchers.js';
import { makeRepo, startGitServer, type GitServer } from '../support/servers/git-server.js';
import { startSshServer } from '../support/servers/ssh-server.js';
import { chartFixture, helmPackage, helmRepoIndex, runHelm, serveDir, tempDir } from './helpers.js';
import { startChartRepo } from '../support/servers/chart-repo.js';

const chartFiles = (version: string, extra: Record<string, string> = {}): Record<string, string> => {
  const files: Record<string, string> = {};
  for (const f of ['Chart.yaml', 'values.yaml', '.helmignore', 'templates/configmap.yaml']) {
    files[`charts/podinfo-lite/${f}`] = readFileSync(join(chartFixture, f), 'utf8');
  }
  files['charts/podinfo-lite/Chart.yaml'] = files['charts/podinfo-lite/Chart.yaml']!.replace(/^version: .*$/m, `version: ${version}`);
  return { ...files, ...extra };
};

let server: GitServer;
let secured: GitServer;
let shas: string[];
const ctx: FetchContext = { subject: 'GitRepository flux-system/podinfo' };

beforeAll(async () => {
  server = await startGitServer();
  secured = await startGitServer({ basicAuth: { username: 'git', password: 'pa55' } });
  const steps = [
    { files: chartFiles('1.0.0'), tag: 'v1.0.0', annotatedTag: true },
    { files: chartFiles('1.1.0', { 'charts/podinfo-lite/values-prod.yaml': 'message: prod\nextra:\n  a: 1\n' }), tag: 'v1.1.0' },
    { files: chartFiles('2.0.0-rc.1'), branch: 'dev' },
  ];
  shas = makeRepo(server.root, 'podinfo', steps);
  makeRepo(secured.root, 'podinfo', steps);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await secured?.stop();
});

const url = (): string => `${server.url}/podinfo.git`;

async function chartYaml(archive: Buffer): Promise<Record<string, unknown>> {
  const files = await readArchive(archive);
  return parse(files.find((f) => f.path === 'podinfo-lite/Chart.yaml')!.data.toString()) as Record<string, unknown>;
}

describe('GitRepository refs and revisions', () => {
  it('defaults to the master branch', async () => {
    const got = await fetchFromGitRepository(ctx, { url: url() }, './charts/podinfo-lite');
    expect(got.sourceRevision).toBe(`master@sha1:${shas[1]}`);
    expect(got.version).toBe('1.1.0');
    expect(got.chartName).toBe('podinfo-lite');
  });

  it('checks out a branch, an annotated tag, a semver range, a commit and a ref name', async () => {
    expect((await fetchFromGitRepository(ctx, { url: url(), ref: { branch: 'dev' } }, 'charts/podinfo-lite')).sourceRevision).toBe(`dev@sha1:${shas[2]}`);
    const tag = await fetchFromGitRepository(ctx, { url: url(), ref: { tag: 'v1.0.0' } }, 'charts/podinfo-lite');
    expect(tag.sourceRevision).toBe(`v1.0.0@sha1:${shas[0]}`);
    expect(tag.version).toBe('1.0.0');
    expect((await fetchFromGitRepository(ctx, { url: url(), ref: { semver: '~1.0' } }, 'charts/podinfo-lite')).sourceRevision).toBe(`v1.0.0@sha1:${shas[0]}`);
    expect((await fetchFromGitRepository(ctx, { url: url(), ref: { semver: '>=1.0.0' } }, 'charts/podinfo-lite')).sourceRevision).toBe(`v1.1.0@sha1:${shas[1]}`);
    expect((await fetchFromGitRepository(ctx, { url: url(), ref: { commit: shas[0]! } }, 'charts/podinfo-lite')).sourceRevision).toBe(`sha1:${shas[0]}`);
    expect((await fetchFromGitRepository(ctx, { url: url(), ref: { branch: 'dev', commit: shas[2]! } }, 'charts/podinfo-lite')).sourceRevision).toBe(`dev@sha1:${shas[2]}`);
    expect((await fetchFromGitRepository(ctx, { url: url(), ref: { name: 'refs/heads/dev' } }, 'charts/podinfo-lite')).sourceRevision).toBe(`refs/heads/dev@sha1:${shas[2]}`);
  });

  it('reconcileStrategy Revision suffixes the version with the first 12 of the commit', async () => {
    const got = await fetchFromGitRepository(ctx, { url: url() }, 'charts/podinfo-lite', 'Revision');
    expect(got.version).toBe(`1.1.0+${shas[1]!.slice(0, 12)}`);
    expect((await chartYaml(got.archive)).version).toBe(got.version);
    const plain = await fetchFromGitRepository(ctx, { url: url() }, 'charts/podinfo-lite', 'ChartVersion');
    expect((await chartYaml(plain.archive)).version).toBe('1.1.0');
  });

  it('packages with .helmignore and merges valuesFiles (paths from the repository root) into values.yaml', async () => {
    const got = await fetchFromGitRepository(ctx, { url: url() }, 'charts/podinfo-lite', 'ChartVersion', { valuesFiles: ['charts/podinfo-lite/values.yaml', 'charts/podinfo-lite/values-prod.yaml'] });
    const files = await readArchive(got.archive);
    expect(files.map((f) => f.path).sort()).toEqual(
      ['podinfo-lite/.helmignore', 'podinfo-lite/Chart.yaml', 'podinfo-lite/templates/configmap.yaml', 'podinfo-lite/values-prod.yaml', 'podinfo-lite/values.yaml'].sort(),
    );
    expect(parse(files.find((f) => f.path === 'podinfo-lite/values.yaml')!.data.toString())).toEqual({ extra: { a: 1 }, message: 'prod', replicaCount: 1 });
    expect(got.valuesFiles).toEqual(['charts/podinfo-lite/values.yaml', 'charts/podinfo-lite/values-prod.yaml']);
  });
});

describe('GitRepository chart dependencies', () => {
  it('packages file:// dependencies and downloads remote ones, so helm can render the chart', async () => {
    const repo = await startChartRepo();
    const pkgDir = tempDir();
    const out = tempDir();
    try {
      for (const v of ['1.0.0', '1.5.0', '2.0.0']) helmPackage(pkgDir, v);
      helmRepoIndex(pkgDir);
      serveDir(repo.files, pkgDir);
      const app = [
        'apiVersion: v2',
        'name: app',
        'version: 0.3.0',
        'dependencies:',
        '  - name: lib',
        '    version: ~0.1.0',
        '    repository: file://../lib',
        '  - name: podinfo-lite',
        '    version: ^1',
        `    repository: ${repo.url}`,
        '',
      ].join('\n');
      makeRepo(server.root, 'withdeps', [
        {
          files: {
            'charts/app/Chart.yaml': app,
            'charts/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n',
            'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.2\n',
            'charts/lib/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lib\n',
          },
        },
      ]);
      const got = await fetchFromGitRepository(ctx, { url: `${server.url}/withdeps.git` }, 'charts/app');
      const files = (await readArchive(got.archive)).map((f) => f.path).sort();
      expect(files).toEqual(['app/Chart.yaml', 'app/charts/lib-0.1.2.tgz', 'app/charts/podinfo-lite-1.5.0.tgz', 'app/templates/cm.yaml']);
      const tgz = join(out, 'app.tgz');
      writeFileSync(tgz, got.archive);
      const rendered = await runHelm(['template', 'rel', tgz], out);
      expect(rendered.stderr).toBe('');
      expect(rendered.stdout).toContain('name: lib');
      expect(rendered.stdout).toContain('name: rel-podinfo-lite');
    } finally {
      await repo.stop();
      rmSync(pkgDir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('GitRepository over SSH', () => {
  it('authenticates with the identity and checks the host against known_hosts', async () => {
    const sshd = await startSshServer();
    try {
      const u = `ssh://${sshd.user}@127.0.0.1:${sshd.port}${server.root}/podinfo.git`;
      const got = await fetchFromGitRepository(ctx, { url: u, auth: { ssh: { identity: sshd.identity, knownHosts: sshd.knownHosts } } }, 'charts/podinfo-lite');
      expect(got.sourceRevision).toBe(`master@sha1:${shas[1]}`);
      const otherHost = `[127.0.0.1]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMZ3eSxWjB0uSv4p0lFAHvnJ3DPNrOaVoZtb9nAcWNf5\n`;
      const spoofed = (await fetchFromGitRepository(ctx, { url: u, auth: { ssh: { identity: sshd.identity, knownHosts: otherHost } } }, 'charts/podinfo-lite').catch((e: unknown) => e)) as SourceError;
      expect(spoofed.reason).toBe('AuthenticationFailed');
      expect(spoofed.message).not.toContain('PRIVATE KEY');
      const noKnownHosts = (await fetchFromGitRepository(ctx, { url: u, auth: { ssh: { identity: sshd.identity } } }, 'charts/podinfo-lite').catch((e: unknown) => e)) as SourceError;
      expect(noKnownHosts.message).toBe("GitRepository flux-system/podinfo: invalid 'ssh' auth option: 'known_hosts' is required");
    } finally {
      await sshd.stop();
    }
  });
});

describe('GitRepository auth and bad input', () => {
  it('uses basic auth from the secret', async () => {
    const u = `${secured.url}/podinfo.git`;
    const denied = (await fetchFromGitRepository(ctx, { url: u }, 'charts/podinfo-lite').catch((e: unknown) => e)) as SourceError;
    expect(denied).toBeInstanceOf(SourceError);
    expect(denied.reason).toBe('AuthenticationFailed');
    const ok = await fetchFromGitRepository(ctx, { url: u, auth: { basic: { username: 'git', password: 'pa55' } } }, 'charts/podinfo-lite');
    expect(ok.version).toBe('1.1.0');
    // The password never reaches the command line: the server saw it only as a header.
    expect(secured.requests.some((r) => r.authorization === `Basic ${Buffer.from('git:pa55').toString('base64')}`)).toBe(true);
  });

  it('goes through the proxy of proxySecretRef, with its credentials, kept out of the command line', async () => {
    const seen: { url: string; auth?: string }[] = [];
    const want = `Basic ${Buffer.from('proxy-user:s3cret').toString('base64')}`;
    const proxy = http.createServer((req, res) => {
      const auth = req.headers['proxy-authorization'];
      seen.push({ url: req.url ?? '', ...(auth ? { auth } : {}) });
      if (auth !== want) {
        res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"' }).end();
        return;
      }
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      delete headers['proxy-connection'];
      const upstream = http.request(req.url ?? '', { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const got = await fetchFromGitRepository(ctx, { url: url(), auth: { proxy: `http://proxy-user:s3cret@127.0.0.1:${port}/` } }, 'charts/podinfo-lite');
      expect(got.sourceRevision).toBe(`master@sha1:${shas[1]}`);
      expect(seen.some((r) => r.auth === want && r.url.startsWith(`${server.url}/podinfo.git/`))).toBe(true);
      const wrong = (await fetchFromGitRepository(ctx, { url: url(), auth: { proxy: `http://proxy-user:nope@127.0.0.1:${port}/` } }, 'charts/podinfo-lite').catch((e: unknown) => e)) as SourceError;
      expect(wrong).toBeInstanceOf(SourceError);
      expect(wrong.message).not.toContain('nope');
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it.each([
    [{ branch: 'nope' }, 'NotFound'],
    [{ tag: 'v9.9.9' }, 'NotFound'],
    [{ semver: '>=5.0.0' }, 'NotFound'],
    [{ semver: '>>1' }, 'InvalidSpec'],
    [{ commit: 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef' }, 'NotFound'],
  ])('refuses ref %j with %s, in one line naming the source', async (ref, reason) => {
    const err = (await fetchFromGitRepository(ctx, { url: url(), ref }, 'charts/podinfo-lite').catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.reason).toBe(reason);
    expect(err.message.startsWith('GitRepository flux-system/podinfo: ')).toBe(true);
    expect(err.message).not.toContain('\n');
  });

  it('reports a missing chart path and an unreachable server', async () => {
    const missing = (await fetchFromGitRepository(ctx, { url: url() }, 'charts/nope').catch((e: unknown) => e)) as SourceError;
    expect(missing.message).toBe(`GitRepository flux-system/podinfo: chart path 'charts/nope' not found in master@sha1:${shas[1]}`);
    const outside = (await fetchFromGitRepository(ctx, { url: url() }, '../../etc').catch((e: unknown) => e)) as SourceError;
    expect(outside.reason).toBe('InvalidSpec');
    const down = (await fetchFromGitRepository(ctx, { url: 'http://127.0.0.1:1/x.git' }, 'charts/podinfo-lite').catch((e: unknown) => e)) as SourceError;
    expect(down.reason).toBe('Unreachable');
  });
});
