// `flux-ts template NAME REPO/CHART`: a repository added with `helm repo add` (repositories.yaml)
// and the index `helm repo update` cached, as helm v4.1.4 resolves them: version selection,
// Helm's errors for a missing cache, chart or version, and the archive download (with basic
// auth). The real helm runs against the same configuration and server in the same test.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, fluxCommand, helmEnv, helmTemplate, type Printed } from './helm-live.js';

const archive = readFileSync(join(import.meta.dirname, '../../fixtures/charts/archives/grade-api-1.0.0.tgz'));
const home = mkdtempSync(join(tmpdir(), 'flux-ts-repo-chart-'));
let server: Server;
const authSeen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    authSeen.push(req.headers.authorization ?? '');
    if (req.url === '/charts/grade-api-1.0.0.tgz' || req.url === '/charts/grade-api-2.0.0-rc.1.tgz') res.writeHead(200).end(archive);
    else if (req.url === '/other/grade-api-1.0.0.tgz') res.writeHead(200).end(archive);
    else if (req.url === '/other/index.yaml') res.writeHead(200).end(readFileSync(join(home, 'cache', 'repository', 'myrepo-index.yaml')));
    else res.writeHead(404, 'Not Found').end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts`;
  mkdirSync(join(home, 'config'), { recursive: true });
  mkdirSync(join(home, 'cache', 'repository'), { recursive: true });
  writeFileSync(
    join(home, 'config', 'repositories.yaml'),
    `apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: myrepo\n  url: ${url}\n  username: user\n  password: secret\n- name: nocache\n  url: ${url}\n`,
  );
  writeFileSync(
    join(home, 'cache', 'repository', 'myrepo-index.yaml'),
    [
      'apiVersion: v1',
      'entries:',
      '  grade-api:',
      '    - {apiVersion: v2, name: grade-api, version: 2.0.0-rc.1, urls: [grade-api-2.0.0-rc.1.tgz]}',
      '    - {apiVersion: v2, name: grade-api, version: 1.0.0, urls: [grade-api-1.0.0.tgz]}',
      '  gone:',
      '    - {apiVersion: v2, name: gone, version: 0.1.0, urls: [gone-0.1.0.tgz]}',
      'generated: "2024-01-01T00:00:00Z"',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(home, { recursive: true, force: true });
});

async function same(args: string[]): Promise<Printed> {
  const env = helmEnv({ HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache') });
  const helm = await helmTemplate(args, home, env);
  const ours = await fluxCommand(args, env);
  expect(comparable(ours)).toEqual(comparable(helm));
  return helm;
}

describe('charts of repositories in repositories.yaml', () => {
  it('renders the latest stable version, downloaded with the repository\'s credentials', async () => {
    authSeen.length = 0;
    expect((await same(['rel', 'myrepo/grade-api'])).status).toBe(0);
    expect(authSeen).toEqual([`Basic ${Buffer.from('user:secret').toString('base64')}`, `Basic ${Buffer.from('user:secret').toString('base64')}`]);
  });
  it('an exact --version', () => same(['rel', 'myrepo/grade-api', '--version', '1.0.0']));
  it('a constraint, or --devel, logs the version chosen instead', async () => {
    expect((await same(['rel', 'myrepo/grade-api', '--version', '>=1'])).stderr).toContain('falling back');
    await same(['rel', 'myrepo/grade-api', '--devel']);
  });
  it('a version, chart or repository that is not there', async () => {
    await same(['rel', 'myrepo/grade-api', '--version', '9.9.9']);
    await same(['rel', 'myrepo/nope']);
    await same(['rel', 'other/grade-api']);
    await same(['rel', 'nocache/grade-api']);
  });
  it('an archive the server does not have', () => same(['rel', 'myrepo/gone']));
});

describe('--repository-config, --repository-cache and --content-cache', () => {
  it('name the files helm reads and the cache it keeps downloaded charts in', async () => {
    const digest = createHash('sha256').update(archive).digest('hex');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts`;
    mkdirSync(join(home, 'flags', 'cache'), { recursive: true });
    writeFileSync(join(home, 'flags', 'repos.yaml'), `apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: flagged\n  url: ${url}\n`);
    writeFileSync(
      join(home, 'flags', 'cache', 'flagged-index.yaml'),
      `apiVersion: v1\nentries:\n  grade-api:\n    - {apiVersion: v2, name: grade-api, version: 1.0.0, digest: ${digest}, urls: [grade-api-1.0.0.tgz]}\ngenerated: "2024-01-01T00:00:00Z"\n`,
    );
    const content = join(home, 'flags', 'content');
    const args = ['rel', 'flagged/grade-api', '--repository-config', join(home, 'flags', 'repos.yaml'), '--repository-cache', join(home, 'flags', 'cache'), '--content-cache', content, '--debug'];
    const env = helmEnv();
    const cached = join(content, digest.slice(0, 2), `${digest}.chart`);
    // A first download puts the archive in the content cache...
    const helm = await helmTemplate(args, home, env);
    expect(helm.stderr).toContain('msg="put downloaded chart in cache"');
    expect(existsSync(cached)).toBe(true);
    rmSync(content, { recursive: true, force: true });
    expect(comparable(await fluxCommand(args, env))).toEqual(comparable(helm));
    expect(readFileSync(cached)).toEqual(archive);
    // ...where the next run finds it by the index digest, without downloading.
    const again = await helmTemplate(args, home, env);
    expect(again.stderr).toContain('msg="found chart in cache"');
    expect(comparable(await fluxCommand(args, env))).toEqual(comparable(again));
  });
});

describe('--debug of a chart downloaded with --repo', () => {
  it('logs the download and the content cache path as helm does', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/other`;
    const env = helmEnv({ HELM_CONFIG_HOME: join(home, 'flags'), HELM_CACHE_HOME: join(home, 'cache') });
    const helm = await helmTemplate(['rel', 'grade-api', '--repo', url, '--version', '1.0.0', '--debug'], home, env);
    expect(helm.stderr).toContain('msg="attempting to download chart"');
    expect(comparable(await fluxCommand(['rel', 'grade-api', '--repo', url, '--version', '1.0.0', '--debug'], env))).toEqual(comparable(helm));
  });

  it('fails, as helm does, when a configured repository has no cached index (helm scans them all for the URL)', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/other`;
    const helm = await same(['rel', 'grade-api', '--repo', url, '--version', '1.0.0']);
    expect(helm.stderr).toContain("no cached repo found. (try 'helm repo update')");
  });
});
