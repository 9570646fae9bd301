// HelmRepository over HTTP against a real chart server: version choice compared with the real
// `helm pull --version`, digests, auth, TLS, passCredentials, bad input, and the cache.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../../src/sources/cache.js';
import { SourceError } from '../../src/sources/errors.js';
import { fetchFromHttpRepository, type FetchContext } from '../../src/sources/fetchers.js';
import { startChartRepo, tlsFixture, type ChartRepoServer } from '../support/servers/chart-repo.js';
import { startProxy } from '../support/servers/proxy.js';
import { helmPackage, helmPullVersion, helmRepoIndex, serveDir, tempDir } from './helpers.js';

const VERSIONS = ['1.2.3', '4.1.0', '4.10.0', '4.10.3', '4.11.0', '5.0.0', '6.0.0', '6.3.4', '6.3.5', '6.4.0-rc.1', '7.0.0-beta.1', '7.0.0-rc.2'];
const CONSTRAINTS = ['', '*', '4.10.*', '>=1.0.0 <5.0.0', '>=1.0.0, <5.0.0', '~4.10', '^4.1', '^6', '6.3.x', '4.x || 6.0.0', '>=6.0.0-0', '7.0.0-beta.1', '6.3.4', '<=4.10.3', '!=6.3.5, ^6'];

let repo: ChartRepoServer;
let dir: string;
let home: string;
let cacheDir: string;

function ctx(extra: Partial<FetchContext> = {}): FetchContext {
  return { subject: 'HelmRepository flux-system/podinfo', cache: new ArtifactCache({ dir: cacheDir }), ...extra };
}

beforeAll(async () => {
  dir = tempDir();
  home = tempDir();
  cacheDir = tempDir();
  for (const v of VERSIONS) helmPackage(dir, v);
  helmRepoIndex(dir);
  repo = await startChartRepo();
  serveDir(repo.files, dir);
}, 120_000);

afterAll(async () => {
  await repo?.stop();
  for (const d of [dir, home, cacheDir]) rmSync(d, { recursive: true, force: true });
});

describe('HelmRepository (HTTP) version choice', () => {
  it.each(CONSTRAINTS)('picks what `helm pull --version %j` picks', async (constraint) => {
    const helm = await helmPullVersion(['--repo', repo.url, 'podinfo-lite', ...(constraint === '' ? [] : ['--version', constraint])], home, 'podinfo-lite');
    expect(helm.error).toBeUndefined();
    const ours = await fetchFromHttpRepository(ctx(), { url: repo.url }, 'podinfo-lite', constraint);
    expect(ours.version).toBe(helm.version);
    expect(ours.archive.equals(readFileSync(join(dir, `podinfo-lite-${ours.version}.tgz`)))).toBe(true);
    expect(ours.url).toBe(`${repo.url}/podinfo-lite-${ours.version}.tgz`);
    expect(ours.sourceRevision).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it('agrees with helm pull on 40 constraints from the semver oracle (choice or no match)', async () => {
    const oracle = JSON.parse(readFileSync('test/fixtures/sources/semver/semver-oracle.json', 'utf8')) as { checks: { constraint: string }[] };
    const all = [...new Set(oracle.checks.map((c) => c.constraint))];
    const picked = all.filter((_, i) => i % Math.ceil(all.length / 40) === 0).slice(0, 40);
    const disagreements: string[] = [];
    for (const constraint of picked) {
      const helm = await helmPullVersion(['--repo', repo.url, 'podinfo-lite', '--version', constraint], home, 'podinfo-lite');
      const ours = await fetchFromHttpRepository(ctx(), { url: repo.url }, 'podinfo-lite', constraint).then(
        (r) => r.version,
        () => undefined,
      );
      if (ours !== helm.version) disagreements.push(`${JSON.stringify(constraint)}: helm ${helm.version ?? helm.error} vs ${ours}`);
    }
    expect(disagreements).toEqual([]);
  }, 60_000);

  it('follows absolute archive URLs', async () => {
    const absDir = tempDir();
    try {
      helmPackage(absDir, '2.0.0');
      helmRepoIndex(absDir, `${repo.url}/abs/charts`);
      serveDir(repo.files, absDir, '/abs/charts');
      repo.files.set('/abs/index.yaml', repo.files.get('/abs/charts/index.yaml')!);
      const got = await fetchFromHttpRepository(ctx(), { url: `${repo.url}/abs` }, 'podinfo-lite', '2.x');
      expect(got.url).toBe(`${repo.url}/abs/charts/podinfo-lite-2.0.0.tgz`);
    } finally {
      rmSync(absDir, { recursive: true, force: true });
    }
  });
});

describe('HelmRepository (HTTP) bad input', () => {
  async function failure(p: Promise<unknown>): Promise<SourceError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SourceError);
    const se = err as SourceError;
    expect(se.message.split('\n')).toHaveLength(1);
    expect(se.message.startsWith('HelmRepository flux-system/podinfo: ')).toBe(true);
    return se;
  }

  it('says which versions exist when none matches', async () => {
    const err = await failure(fetchFromHttpRepository(ctx(), { url: repo.url }, 'podinfo-lite', '9.x'));
    expect(err.reason).toBe('NoMatchingVersion');
    expect(err.message).toBe(
      "HelmRepository flux-system/podinfo: no 'podinfo-lite' chart with version matching '9.x' found (available: 7.0.0-rc.2, 7.0.0-beta.1, 6.4.0-rc.1, 6.3.5, 6.3.4, 6.0.0, 5.0.0, 4.11.0, 4.10.3, 4.10.0 and 2 more)",
    );
  });

  it('rejects an invalid constraint with the semver error', async () => {
    const err = await failure(fetchFromHttpRepository(ctx(), { url: repo.url }, 'podinfo-lite', '>>1'));
    expect(err.reason).toBe('InvalidConstraint');
    expect(err.message).toContain("invalid version constraint '>>1': improper constraint: >>1");
  });

  it('reports an unknown chart', async () => {
    const err = await failure(fetchFromHttpRepository(ctx(), { url: repo.url }, 'nginx', ''));
    expect(err.reason).toBe('NotFound');
  });

  it('reports an unreachable server', async () => {
    const err = await failure(fetchFromHttpRepository(ctx(), { url: 'http://127.0.0.1:1' }, 'podinfo-lite', ''));
    expect(err.reason).toBe('Unreachable');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('reports a missing index (404)', async () => {
    const err = await failure(fetchFromHttpRepository(ctx(), { url: `${repo.url}/nothing-here` }, 'podinfo-lite', ''));
    expect(err.reason).toBe('NotFound');
    expect(err.message).toContain('404 Not Found');
  });

  it('refuses an oversized index', async () => {
    const err = await failure(fetchFromHttpRepository(ctx(), { url: repo.url, maxIndexBytes: 64 }, 'podinfo-lite', ''));
    expect(err.reason).toBe('InvalidIndex');
    expect(err.message).toBe('HelmRepository flux-system/podinfo: index exceeds the maximum index file size of 64 bytes');
  });

  it('reports an invalid index', async () => {
    repo.files.set('/broken/index.yaml', Buffer.from('entries: [unclosed\n'));
    repo.files.set('/noapi/index.yaml', Buffer.from('entries: {}\n'));
    expect((await failure(fetchFromHttpRepository(ctx(), { url: `${repo.url}/broken` }, 'x', ''))).reason).toBe('InvalidIndex');
    const noApi = await failure(fetchFromHttpRepository(ctx(), { url: `${repo.url}/noapi` }, 'x', ''));
    expect(noApi.message).toContain('no API version specified');
  });

  it('refuses a digest mismatch and a corrupt or oversized archive, writing nothing to the cache', async () => {
    const bad = tempDir();
    const cache = tempDir();
    try {
      helmPackage(bad, '3.0.0');
      helmPackage(bad, '3.1.0');
      helmRepoIndex(bad);
      serveDir(repo.files, bad, '/bad');
      // 3.1.0: same size, different bytes -> digest mismatch. 3.0.0 gets replaced by garbage after
      // its digest is removed from the index, so only the archive check can catch it.
      const original = repo.files.get('/bad/podinfo-lite-3.1.0.tgz')!;
      const tampered = Buffer.from(original);
      tampered[tampered.length - 1] ^= 0xff;
      repo.files.set('/bad/podinfo-lite-3.1.0.tgz', tampered);
      const c: FetchContext = { subject: 'HelmRepository flux-system/podinfo', cache: new ArtifactCache({ dir: cache }) };
      const mismatch = await failure(fetchFromHttpRepository(c, { url: `${repo.url}/bad` }, 'podinfo-lite', '3.1.0'));
      expect(mismatch.reason).toBe('InvalidArtifact');
      expect(mismatch.message).toContain('digest mismatch');

      const index = repo.files.get('/bad/index.yaml')!.toString().replace(/digest: [a-f0-9]+\n/g, '');
      repo.files.set('/bad/index.yaml', Buffer.from(index));
      repo.files.set('/bad/podinfo-lite-3.0.0.tgz', Buffer.from('this is not a gzip file'));
      const corrupt = await failure(fetchFromHttpRepository(c, { url: `${repo.url}/bad` }, 'podinfo-lite', '3.0.0'));
      expect(corrupt.reason).toBe('InvalidArtifact');
      expect(corrupt.message).toContain('invalid chart archive');

      const big = await failure(fetchFromHttpRepository({ ...c, maxChartBytes: 100 }, { url: repo.url }, 'podinfo-lite', '6.3.5'));
      expect(big.message).toContain('exceeds the maximum chart size of 100 bytes');
      expect(readdirSync(cache)).toEqual([]);
    } finally {
      rmSync(bad, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('HelmRepository (HTTP) credentials', () => {
  it('sends basic auth from the secret and fails clearly without it', async () => {
    const secured = await startChartRepo({ basicAuth: { username: 'bob', password: 'hunter2' } });
    try {
      serveDir(secured.files, dir);
      const err = await fetchFromHttpRepository(ctx(), { url: secured.url }, 'podinfo-lite', '').catch((e: unknown) => e as SourceError);
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).reason).toBe('AuthenticationFailed');
      expect((err as SourceError).message).toContain('401 Unauthorized');
      const ok = await fetchFromHttpRepository(ctx(), { url: secured.url, basicAuth: { username: 'bob', password: 'hunter2' } }, 'podinfo-lite', '');
      expect(ok.version).toBe('6.3.5');
      const wrong = await fetchFromHttpRepository(ctx(), { url: secured.url, basicAuth: { username: 'bob', password: 'nope' } }, 'podinfo-lite', '').then(
        () => new Error('resolved'),
        (e: unknown) => e as Error,
      );
      expect(wrong.message).toContain('401');
      expect(wrong.message).not.toContain('nope');
    } finally {
      await secured.stop();
    }
  });

  it('sends credentials to another host only with passCredentials', async () => {
    const other = await startChartRepo();
    const idxDir = tempDir();
    try {
      helmPackage(idxDir, '8.0.0');
      helmRepoIndex(idxDir, other.url);
      serveDir(other.files, idxDir);
      repo.files.set('/elsewhere/index.yaml', other.files.get('/index.yaml')!);
      const auth = { username: 'bob', password: 'hunter2' };
      await fetchFromHttpRepository(ctx(), { url: `${repo.url}/elsewhere`, basicAuth: auth }, 'podinfo-lite', '8.0.0');
      expect(other.requests.at(-1)?.authorization).toBeUndefined();
      expect(repo.requests.at(-1)?.authorization).toBeDefined();
      await fetchFromHttpRepository(ctx(), { url: `${repo.url}/elsewhere`, basicAuth: auth, passCredentials: true }, 'podinfo-lite', '8.0.0');
      expect(other.requests.at(-1)?.authorization).toBe(`Basic ${Buffer.from('bob:hunter2').toString('base64')}`);
    } finally {
      await other.stop();
      rmSync(idxDir, { recursive: true, force: true });
    }
  });

  it('trusts the CA from certSecretRef and presents the client certificate', async () => {
    const tls = await startChartRepo({ tls: true, requireClientCert: true });
    try {
      serveDir(tls.files, dir);
      const noCa = await fetchFromHttpRepository(ctx(), { url: tls.url }, 'podinfo-lite', '').catch((e: unknown) => e as SourceError);
      expect(noCa).toBeInstanceOf(SourceError);
      expect((noCa as SourceError).reason).toBe('Unreachable');
      const got = await fetchFromHttpRepository(
        ctx(),
        { url: tls.url, tls: { ca: tlsFixture('ca.crt'), cert: tlsFixture('client.crt'), key: tlsFixture('client.key') } },
        'podinfo-lite',
        '^6',
      );
      expect(got.version).toBe('6.3.5');
      expect(tls.requests.at(-1)?.clientCert).toBe(true);
    } finally {
      await tls.stop();
    }
  });
});

describe('HelmRepository (HTTP) through a proxy', () => {
  it('uses HTTP_PROXY / HTTPS_PROXY (with proxy auth) and honours NO_PROXY', async () => {
    const proxy = await startProxy({ auth: { username: 'p', password: 'q' } });
    const tls = await startChartRepo({ tls: true });
    const saved = { ...process.env };
    try {
      serveDir(tls.files, dir);
      const proxyUrl = proxy.url.replace('http://', 'http://p:q@');
      process.env.HTTP_PROXY = proxyUrl;
      process.env.HTTPS_PROXY = proxyUrl;
      const port = new URL(repo.url).port;
      const viaHttp = await fetchFromHttpRepository(ctx(), { url: `http://charts.test:${port}` }, 'podinfo-lite', '^6');
      expect(viaHttp.version).toBe('6.3.5');
      expect(proxy.requests.some((r) => r.method === 'GET' && r.target === `http://charts.test:${port}/index.yaml`)).toBe(true);
      const tlsPort = new URL(tls.url).port;
      const viaTunnel = await fetchFromHttpRepository(ctx(), { url: `https://charts.test:${tlsPort}`, tls: { ca: tlsFixture('ca.crt') } }, 'podinfo-lite', '^6');
      expect(viaTunnel.version).toBe('6.3.5');
      expect(proxy.requests.some((r) => r.method === 'CONNECT' && r.target === `charts.test:${tlsPort}` && r.auth !== undefined)).toBe(true);
      // Loopback never goes through the proxy; NO_PROXY sends charts.test direct (and fails to resolve).
      const before = proxy.requests.length;
      await fetchFromHttpRepository(ctx(), { url: repo.url }, 'podinfo-lite', '^6');
      expect(proxy.requests.length).toBe(before);
      // As in Go, `.charts.test` names subdomains only: charts.test itself still uses the proxy.
      process.env.NO_PROXY = '.charts.test';
      await fetchFromHttpRepository(ctx(), { url: `http://charts.test:${port}` }, 'podinfo-lite', '^6');
      const viaProxy = proxy.requests.length;
      expect(viaProxy).toBeGreaterThan(before);
      process.env.NO_PROXY = '.test';
      const direct = (await fetchFromHttpRepository(ctx(), { url: `http://charts.test:${port}` }, 'podinfo-lite', '^6').catch((e: unknown) => e)) as SourceError;
      expect(direct.reason).toBe('Unreachable');
      expect(proxy.requests.length).toBe(viaProxy);
    } finally {
      for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await proxy.stop();
      await tls.stop();
    }
  });
});

describe('HelmRepository (HTTP) cache', () => {
  it('re-resolves from the cache without network within maxAge, and offline', async () => {
    const c = tempDir();
    try {
      const cache = new ArtifactCache({ dir: c });
      const first = await fetchFromHttpRepository({ subject: 's', cache, maxAgeMs: 60_000 }, { url: repo.url }, 'podinfo-lite', '^6');
      expect(first.fromCache).toBe(false);
      const before = repo.requests.length;
      const again = await fetchFromHttpRepository({ subject: 's', cache, maxAgeMs: 60_000 }, { url: repo.url }, 'podinfo-lite', '^6');
      expect(again.fromCache).toBe(true);
      expect(again.digest).toBe(first.digest);
      expect(again.archive.equals(first.archive)).toBe(true);
      const offline = await fetchFromHttpRepository({ subject: 's', cache, offline: true }, { url: 'http://127.0.0.1:1' }, 'podinfo-lite', '^6').catch(
        (e: unknown) => e as Error,
      );
      // A different URL is a different source: nothing cached for it.
      expect((offline as Error).message).toContain('no cached artifact');
      expect(repo.requests.length).toBe(before);
      // A damaged blob is not trusted: the next resolve fetches again.
      const blob = join(c, 'blobs', 'sha256', first.digest.slice(7));
      writeFileSync(blob, 'garbage');
      const refetched = await fetchFromHttpRepository({ subject: 's', cache, maxAgeMs: 60_000 }, { url: repo.url }, 'podinfo-lite', '^6');
      expect(refetched.fromCache).toBe(false);
      expect(readFileSync(blob).equals(first.archive)).toBe(true);
    } finally {
      rmSync(c, { recursive: true, force: true });
    }
  });
});
