// `flux-ts template CHART --repo URL` (and REPO/CHART, oci://) when the download fails: TLS
// refusals, dial and DNS failures, error statuses on index.yaml and on the archive, an index that
// is not YAML, a chart or version the index lacks, an archive that is not gzip, a missing tag.
// Every case runs the real helm v4.1.4 against the same local server; its stderr is the expected one.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';
import { fixturesDir, freePort } from '../../support/servers/ports.js';
import { startRegistry, type Registry } from '../../support/servers/registry.js';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { comparable, fluxTemplate, helmEnv, helmTemplate, type Printed } from './helm-live.js';
import { expected, fixtures } from './harness.js';

const archive = readFileSync(join(fixtures, '../charts/archives/grade-api-1.0.0.tgz'));
const indexOf = (url: string): string => `apiVersion: v1
entries:
  grade-api:
    - apiVersion: v2
      name: grade-api
      version: 1.0.0
      urls: [${url}]
generated: "2024-01-01T00:00:00Z"
`;
const tlsFile = (name: string): string => join(fixturesDir, 'tls', name);

/**
 * Go's HTTP transport reports a TLS alert that arrives while the request is being written either
 * from the write or from its read loop ("readLoopPeekFailLocked: ..."), whichever goroutine sees
 * it first: helm prints either text from run to run. The first is the one to match.
 */
function withoutReadLoopRace(r: Printed): Printed {
  return { ...r, stderr: r.stderr.replace(': readLoopPeekFailLocked: remote error: ', ': remote error: ') };
}

// Both keep downloads in the same content cache: its file is named in the not-gzip error.
async function same(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  const env = helmEnv(extraEnv);
  const [helm, ours] = await Promise.all([helmTemplate(args, fixtures, env), fluxTemplate(args, fixtures, defaultTemplateEnv(fixtures, {}, { env }))]);
  expect(helm.status, helm.stderr).not.toBe(0);
  expect(comparable(ours)).toEqual(comparable(withoutReadLoopRace(helm)));
}

describe('https repositories that refuse the connection', () => {
  let tls: ChartRepoServer;
  let mtls: ChartRepoServer;
  beforeAll(async () => {
    [tls, mtls] = await Promise.all([startChartRepo({ tls: true }), startChartRepo({ tls: true, requireClientCert: true })]);
    for (const s of [tls, mtls]) {
      s.files.set('/index.yaml', Buffer.from(indexOf('charts/grade-api-1.0.0.tgz')));
      s.files.set('/charts/grade-api-1.0.0.tgz', archive);
    }
  });
  afterAll(() => Promise.all([tls.stop(), mtls.stop()]));

  it('a server certificate from an unknown authority (no --ca-file)', () => same(['grade-api', '--repo', tls.url]));
  it('a --ca-file of another authority', () => same(['grade-api', '--repo', tls.url, '--ca-file', tlsFile('token.crt')]));
  it('a client certificate required but not given', () => same(['grade-api', '--repo', mtls.url, '--ca-file', tlsFile('ca.crt')]));
  it('a client certificate signed by another authority than the one the server trusts', () =>
    same(['grade-api', '--repo', mtls.url, '--ca-file', tlsFile('ca.crt'), '--cert-file', tlsFile('token.crt'), '--key-file', tlsFile('token.key')]));
});

describe('repositories that cannot be reached', () => {
  it('connection refused', async () => same(['grade-api', '--repo', `http://127.0.0.1:${await freePort()}`]));
  it('a host that does not resolve', () => same(['grade-api', '--repo', 'http://charts.flux-ts.invalid']));
});

describe('repositories that answer with an error', () => {
  // path -> [status, body]; everything else is 404.
  const routes = new Map<string, [number, string | Buffer]>();
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [status, body] = routes.get(req.url ?? '') ?? [404, 'not found\n'];
      res.writeHead(status).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const code of [401, 403, 404, 500]) {
      routes.set(`/index-${code}/index.yaml`, [code, 'no\n']);
      routes.set(`/archive-${code}/index.yaml`, [200, indexOf(`${base}/archive-${code}/grade-api-1.0.0.tgz`)]);
      routes.set(`/archive-${code}/grade-api-1.0.0.tgz`, [code, 'no\n']);
    }
    routes.set('/not-yaml/index.yaml', [200, '<html><body>charts: [</body></html>\n  - : :\n\t{']);
    routes.set('/good/index.yaml', [200, indexOf(`${base}/good/grade-api-1.0.0.tgz`)]);
    routes.set('/good/grade-api-1.0.0.tgz', [200, archive]);
    routes.set('/archive-refused/index.yaml', [200, indexOf(`http://127.0.0.1:${await freePort()}/grade-api-1.0.0.tgz`)]);
    routes.set('/not-gzip/index.yaml', [200, indexOf(`${base}/not-gzip/grade-api-1.0.0.tgz`)]);
    routes.set('/not-gzip/grade-api-1.0.0.tgz', [200, 'this is not a chart archive\n']);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  for (const code of [401, 403, 404, 500]) {
    it(`${code} on index.yaml`, () => same(['grade-api', '--repo', `${base}/index-${code}`]));
    it(`${code} on the archive`, () => same(['grade-api', '--repo', `${base}/archive-${code}`]));
  }
  it('404 on index.yaml of a repository URL with a trailing slash and a query', () => same(['grade-api', '--repo', `${base}/index-404/?token=abc`]));
  it('an index.yaml that is not YAML', () => same(['grade-api', '--repo', `${base}/not-yaml`]));
  it('a chart the index does not list', () => same(['nginx', '--repo', `${base}/good`]));
  it('a version the index does not list', () => same(['grade-api', '--repo', `${base}/good`, '--version', '2.0.0']));
  it('a version range nothing in the index matches', () => same(['grade-api', '--repo', `${base}/good`, '--version', '>=3']));
  it('an archive URL on a host that refuses the connection', () => same(['grade-api', '--repo', `${base}/archive-refused`]));
  it('an archive that is not gzip', () => same(['grade-api', '--repo', `${base}/not-gzip`]));
});

describe('REPO/CHART from repositories.yaml over https', () => {
  let tls: ChartRepoServer;
  let mtls: ChartRepoServer;
  const home = mkdtempSync(join(tmpdir(), 'flux-ts-download-errors-'));
  const env = { HELM_REPOSITORY_CONFIG: join(home, 'repositories.yaml'), HELM_REPOSITORY_CACHE: join(home, 'repository') };
  beforeAll(async () => {
    [tls, mtls] = await Promise.all([startChartRepo({ tls: true }), startChartRepo({ tls: true, requireClientCert: true })]);
    for (const s of [tls, mtls]) s.files.set('/charts/grade-api-1.0.0.tgz', archive);
    tls.files.set('/charts/broken-1.0.0.tgz', Buffer.from('this is not a chart archive\n'));
    const entry = (name: string, url: string, extra: string[] = []): string => [`- name: ${name}`, `  url: ${url}/charts`, ...extra.map((l) => `  ${l}`)].join('\n');
    const repos: [string, string, string[]][] = [
      ['plain', tls.url, []],
      ['trusted', tls.url, [`caFile: ${tlsFile('ca.crt')}`]],
      ['insecure', tls.url, ['insecure_skip_tls_verify: true']],
      ['nocert', mtls.url, [`caFile: ${tlsFile('ca.crt')}`]],
      ['mutual', mtls.url, [`caFile: ${tlsFile('ca.crt')}`, `certFile: ${tlsFile('client.crt')}`, `keyFile: ${tlsFile('client.key')}`]],
      ['othercert', mtls.url, [`caFile: ${tlsFile('ca.crt')}`, `certFile: ${tlsFile('token.crt')}`, `keyFile: ${tlsFile('token.key')}`]],
      ['refused', `http://127.0.0.1:${await freePort()}`, []],
    ];
    writeFileSync(env.HELM_REPOSITORY_CONFIG, `apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n${repos.map(([n, u, x]) => entry(n, u, x)).join('\n')}\n`);
    mkdirSync(env.HELM_REPOSITORY_CACHE);
    const cached = `apiVersion: v1\nentries:\n  grade-api:\n    - {apiVersion: v2, name: grade-api, version: 1.0.0, urls: [grade-api-1.0.0.tgz]}\n  broken:\n    - {apiVersion: v2, name: broken, version: 1.0.0, urls: [broken-1.0.0.tgz]}\n`;
    for (const [name] of repos) writeFileSync(join(env.HELM_REPOSITORY_CACHE, `${name}-index.yaml`), cached);
  });
  afterAll(async () => {
    await Promise.all([tls.stop(), mtls.stop()]);
    rmSync(home, { recursive: true, force: true });
  });

  it('a server certificate from an unknown authority', () => same(['plain/grade-api'], env));
  it('a client certificate required but not given', () => same(['nocert/grade-api'], env));
  it('a client certificate of another authority than the one the server trusts', () => same(['othercert/grade-api'], env));
  it('a repository that refuses the connection', () => same(['refused/grade-api'], env));
  it('an archive that is not gzip', () => same(['trusted/broken'], env));
  it('renders with the entry\'s caFile, client certificate or insecure_skip_tls_verify', async () => {
    for (const repo of ['trusted', 'mutual', 'insecure']) {
      const r = await fluxTemplate([`${repo}/grade-api`], fixtures, defaultTemplateEnv(fixtures, {}, { env: helmEnv(env) }));
      expect(r.stderr, repo).toBe('');
      expect(r.stdout).toBe(expected('archive-grade-api').stdout);
    }
  });
});

describe('oci:// charts', () => {
  let plain: Registry;
  let secure: Registry;
  beforeAll(async () => {
    [plain, secure] = await Promise.all([startRegistry(), startRegistry({ tls: true })]);
  });
  afterAll(() => Promise.all([plain.stop(), secure.stop()]));

  it('a registry that refuses the connection', async () => same([`oci://127.0.0.1:${await freePort()}/charts/grade-api`, '--version', '1.0.0']));
  it('a registry that refuses the connection, no version', async () => same([`oci://127.0.0.1:${await freePort()}/charts/grade-api`]));
  it('a tag the registry does not have', () => same([`oci://${plain.host}/charts/grade-api`, '--version', '1.0.0', '--plain-http']));
  it('a repository with no tags at all, no version (the tag list is a 404)', () => same([`oci://${plain.host}/charts/empty`, '--plain-http']));
  it('a repository with no tags at all, a version range', () => same([`oci://${plain.host}/charts/empty`, '--version', '>=1', '--plain-http']));

  it('a registry certificate from an unknown authority', () => same([`oci://${secure.host}/charts/grade-api`, '--version', '1.0.0']));
  it('a host that does not resolve', () => same(['oci://charts.flux-ts.invalid/charts/grade-api', '--version', '1.0.0']));
});

describe('oci:// tag lists a registry answers with 404 and its own error body', () => {
  // repository -> 404 body of its tag list, as registries word them.
  const bodies: Record<string, string> = {
    'two/errors': JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'two/errors' } }, { code: 'DENIED', message: 'requested access to the resource is denied' }] }),
    'detail/values': JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'unknown', detail: { big: 1000000, half: 0.5, list: [1, 'a', true, null], nested: { b: { c: [] } }, empty: {} } }] }),
    'detail/string': JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'unknown', detail: 'just text' }] }),
    'no/message': JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN' }] }),
    'no/errors': JSON.stringify({ errors: [] }),
    'not/json': 'repository not found\n',
    // ORAS reads 8 KiB of an error answer: past that the JSON is cut and only the status is left.
    'big/body': JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'x'.repeat(9000) }] }),
    'just/fits': JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'y'.repeat(8000) }] }),
  };
  let server: Server;
  let host = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const m = /^\/v2\/(.+)\/tags\/list/.exec(req.url ?? '');
      const body = m ? bodies[m[1]!] : undefined;
      res.writeHead(404, { 'Content-Type': body?.startsWith('{') ? 'application/json' : 'text/plain' }).end(body ?? '');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  for (const repository of Object.keys(bodies)) {
    it(repository, () => same([`oci://${host}/${repository}`, '--plain-http']));
  }
});
