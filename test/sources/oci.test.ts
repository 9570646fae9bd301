// HelmRepository type oci and OCIRepository against Debian's docker-registry: charts pushed by
// the real `helm push` pulled by flux-ts (same choice as `helm pull`), charts pushed by flux-ts
// pulled by the real helm, token and htpasswd auth, tag pagination, revisions and bad input.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../../src/sources/cache.js';
import { SourceError } from '../../src/sources/errors.js';
import { fetchFromOciHelmRepository, fetchFromOciRepository, type FetchContext } from '../../src/sources/fetchers.js';
import { readChartMetadata } from '../../src/sources/chart-archive.js';
import { RegistryClient } from '../../src/sources/oci/client.js';
import { HELM_CHART_LAYER_MEDIA_TYPE, pushChart } from '../../src/sources/oci/helm-chart.js';
import { REGISTRY_USER, startRegistry, type Registry } from '../support/servers/registry.js';
import { tlsFixture } from '../support/servers/chart-repo.js';
import { startTamperProxy } from '../support/servers/tamper-proxy.js';
import { helmPackage, helmPullVersion, runHelm, tempDir } from './helpers.js';

const VERSIONS = ['0.9.0', '1.0.0', '1.2.3+build.5', '4.10.0', '4.10.3', '4.11.0', '6.3.4', '6.3.5', '6.4.0-rc.1'];
const CONSTRAINTS = ['', '*', '4.10.*', '>=1.0.0 <5.0.0', '~4.10', '^1', '6.3.x', '>=6.0.0-0', '1.2.3+build.5', '6.3.4', '<1'];

let plain: Registry;
let dir: string;
let home: string;
let cacheDir: string;

function ctx(extra: Partial<FetchContext> = {}): FetchContext {
  return { subject: 'HelmRepository flux-system/charts', cache: new ArtifactCache({ dir: cacheDir }), ...extra };
}

beforeAll(async () => {
  plain = await startRegistry();
  dir = tempDir();
  home = tempDir();
  cacheDir = tempDir();
  for (const v of VERSIONS) {
    const tgz = helmPackage(dir, v);
    const r = await runHelm(['push', tgz, `oci://${plain.host}/charts`, '--plain-http'], home);
    if (r.status !== 0) throw new Error(r.stderr);
  }
}, 120_000);

afterAll(async () => {
  await plain?.stop();
  for (const d of [dir, home, cacheDir]) rmSync(d, { recursive: true, force: true });
});

describe('HelmRepository type oci: charts pushed by helm', () => {
  it.each(CONSTRAINTS)('picks what `helm pull oci://… --version %j` picks', async (constraint) => {
    const helm = await helmPullVersion(
      [`oci://${plain.host}/charts/podinfo-lite`, '--plain-http', ...(constraint === '' ? [] : ['--version', constraint])],
      home,
      'podinfo-lite',
    );
    expect(helm.error).toBeUndefined();
    const ours = await fetchFromOciHelmRepository(ctx(), { url: `oci://${plain.host}/charts`, plainHttp: true }, 'podinfo-lite', constraint);
    expect(ours.version).toBe(helm.version);
    expect(ours.archive.equals(readFileSync(join(dir, `podinfo-lite-${ours.version}.tgz`)))).toBe(true);
    expect(ours.sourceRevision).toBe(`${ours.version}@${ours.manifestDigest}`);
  });

  it('lists tags across pages (Link header)', async () => {
    const client = new RegistryClient(plain.host, { plainHttp: true, tagPageSize: 2 });
    const tags = await client.listTags('charts/podinfo-lite');
    expect(tags.sort()).toEqual(VERSIONS.map((v) => v.replace('+', '_')).sort());
  });

  it('names the versions that exist when none matches', async () => {
    const err = (await fetchFromOciHelmRepository(ctx(), { url: `oci://${plain.host}/charts`, plainHttp: true }, 'podinfo-lite', '9.x').catch(
      (e: unknown) => e,
    )) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toBe(
      'HelmRepository flux-system/charts: could not locate a version matching provided version string 9.x (available: 6.4.0-rc.1, 6.3.5, 6.3.4, 4.11.0, 4.10.3, 4.10.0, 1.2.3+build.5, 1.0.0, 0.9.0)',
    );
  });

  it('refuses a blob or manifest whose bytes do not match their digest, caching nothing', async () => {
    const blobs = await startTamperProxy(plain.url, (p) => p.includes('/blobs/'));
    const manifests = await startTamperProxy(plain.url, (p) => p.includes('/manifests/'));
    const c = tempDir();
    try {
      const cache = new ArtifactCache({ dir: c });
      const blobErr = (await fetchFromOciHelmRepository({ subject: 's', cache }, { url: `oci://${blobs.host}/charts`, plainHttp: true }, 'podinfo-lite', '6.3.5').catch((e: unknown) => e)) as SourceError;
      expect(blobErr.reason).toBe('InvalidArtifact');
      expect(blobErr.message).toContain('blob digest mismatch');
      const manErr = (await fetchFromOciHelmRepository({ subject: 's', cache }, { url: `oci://${manifests.host}/charts`, plainHttp: true }, 'podinfo-lite', '6.3.5').catch((e: unknown) => e)) as SourceError;
      expect(manErr.reason).toBe('InvalidArtifact');
      expect(manErr.message).toContain('manifest digest mismatch');
      expect(readdirSync(c)).toEqual([]);
    } finally {
      await blobs.stop();
      await manifests.stop();
      rmSync(c, { recursive: true, force: true });
    }
  });

  it('reports an unknown chart and an unknown version', async () => {
    const repoErr = (await fetchFromOciHelmRepository(ctx(), { url: `oci://${plain.host}/charts`, plainHttp: true }, 'nginx', '^1').catch((e: unknown) => e)) as SourceError;
    expect(repoErr.reason).toBe('NotFound');
    const tagErr = (await fetchFromOciHelmRepository(ctx(), { url: `oci://${plain.host}/charts`, plainHttp: true }, 'podinfo-lite', '2.0.0').catch((e: unknown) => e)) as SourceError;
    expect(tagErr.reason).toBe('NotFound');
    expect(tagErr.message).toContain('podinfo-lite:2.0.0: not found');
  });
});

describe('charts pushed by flux-ts', () => {
  it('are pulled by the real helm, `+` stored as `_`', async () => {
    const src = tempDir();
    try {
      const tgz = readFileSync(helmPackage(src, '2.5.0+meta.1', { name: 'pushed-by-ts' }));
      const md = await readChartMetadata(tgz);
      const client = new RegistryClient(plain.host, { plainHttp: true });
      const pushed = await pushChart(client, 'ts', tgz, md);
      expect(pushed.ref).toBe(`${plain.host}/ts/pushed-by-ts:2.5.0_meta.1`);
      const out = tempDir();
      const r = await runHelm(['pull', `oci://${plain.host}/ts/pushed-by-ts`, '--version', '2.5.0+meta.1', '--plain-http', '-d', out], home);
      expect(r.stderr).toContain(`Digest: ${pushed.digest}`);
      expect(readFileSync(join(out, 'pushed-by-ts-2.5.0+meta.1.tgz')).equals(tgz)).toBe(true);
      const manifest = await client.getManifest('ts/pushed-by-ts', '2.5.0_meta.1');
      expect(manifest.manifest.config.mediaType).toBe('application/vnd.cncf.helm.config.v1+json');
      expect(manifest.manifest.layers.map((l) => l.mediaType)).toEqual([HELM_CHART_LAYER_MEDIA_TYPE]);
      rmSync(out, { recursive: true, force: true });
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});

describe('what flux-ts pushes is what helm pushes', () => {
  it('same config blob, layer and annotations (except the creation time)', async () => {
    const tgz = readFileSync(join(dir, 'podinfo-lite-1.2.3+build.5.tgz'));
    const client = new RegistryClient(plain.host, { plainHttp: true });
    const ours = await pushChart(client, 'same', tgz, await readChartMetadata(tgz));
    const theirs = await client.getManifest('charts/podinfo-lite', '1.2.3_build.5');
    const mine = await client.getManifest(ours.repository, ours.tag);
    const strip = (m: typeof theirs.manifest): unknown => ({ ...m, annotations: { ...m.annotations, 'org.opencontainers.image.created': 'x' } });
    expect(strip(mine.manifest)).toEqual(strip(theirs.manifest));
    const cfgTheirs = await client.getBlob('charts/podinfo-lite', theirs.manifest.config.digest, 1 << 20);
    const cfgMine = await client.getBlob(ours.repository, mine.manifest.config.digest, 1 << 20);
    expect(cfgMine.toString()).toBe(cfgTheirs.toString());
    // Field order and spacing too: the manifest bytes differ only in the timestamp.
    const created = theirs.manifest.annotations?.['org.opencontainers.image.created'] ?? '';
    const mineCreated = mine.manifest.annotations?.['org.opencontainers.image.created'] ?? '';
    expect(mine.body.toString().replace(mineCreated, created)).toBe(theirs.body.toString());
  });
});

describe('OCIRepository', () => {
  const url = (): string => `oci://${plain.host}/charts/podinfo-lite`;
  const octx = (): FetchContext => ({ subject: 'OCIRepository flux-system/podinfo', cache: new ArtifactCache({ dir: cacheDir }) });

  it('resolves ref.tag, ref.semver and ref.digest with Flux revisions', async () => {
    const byTag = await fetchFromOciRepository(octx(), { url: url(), plainHttp: true, ref: { tag: '6.3.5' }, layerSelector: { mediaType: HELM_CHART_LAYER_MEDIA_TYPE, operation: 'copy' } });
    expect(byTag.version).toBe('6.3.5');
    expect(byTag.sourceRevision).toMatch(/^6\.3\.5@sha256:[a-f0-9]{64}$/);
    const bySemver = await fetchFromOciRepository(octx(), { url: url(), plainHttp: true, ref: { semver: '>=4.0.0 <6.0.0' } });
    expect(bySemver.version).toBe('4.11.0');
    const digest = byTag.sourceRevision.split('@')[1]!;
    const byDigest = await fetchFromOciRepository(octx(), { url: url(), plainHttp: true, ref: { digest } });
    expect(byDigest.sourceRevision).toBe(digest);
    expect(byDigest.digest).toBe(byTag.digest);
  });

  it('refuses a missing layer media type', async () => {
    const err = (await fetchFromOciRepository(octx(), { url: url(), plainHttp: true, ref: { tag: '6.3.5' }, layerSelector: { mediaType: 'application/x-nope' } }).catch(
      (e: unknown) => e,
    )) as SourceError;
    expect(err.message).toBe("OCIRepository flux-system/podinfo: failed to find layer with media type 'application/x-nope' in artifact");
  });
});

describe('registry auth', () => {
  it('token auth: Bearer challenge, credentials from a docker config, anonymous pull refused', async () => {
    const reg = await startRegistry({ auth: 'token' });
    try {
      const tgz = readFileSync(join(dir, 'podinfo-lite-6.3.5.tgz'));
      const md = await readChartMetadata(tgz);
      const anonymous = new RegistryClient(reg.host, { plainHttp: true });
      const denied = await pushChart(anonymous, 'private', tgz, md).catch((e: unknown) => e as Error);
      expect(String(denied)).toContain('401');
      const creds = { username: REGISTRY_USER.username, password: REGISTRY_USER.password };
      await pushChart(new RegistryClient(reg.host, { plainHttp: true, credentials: creds }), 'private', tgz, md);
      expect(reg.token?.requests.some((r) => r.scope === 'repository:private/podinfo-lite:pull,push' && r.user === 'flux')).toBe(true);

      const noCreds = (await fetchFromOciHelmRepository(ctx(), { url: `oci://${reg.host}/private`, plainHttp: true }, 'podinfo-lite', '^6').catch((e: unknown) => e)) as SourceError;
      expect(noCreds.reason).toBe('AuthenticationFailed');
      expect(noCreds.message).not.toContain(REGISTRY_USER.password);
      const ok = await fetchFromOciHelmRepository(ctx(), { url: `oci://${reg.host}/private`, plainHttp: true, credentials: creds }, 'podinfo-lite', '^6');
      expect(ok.version).toBe('6.3.5');

      // The real helm, logged in, reads what we pushed.
      const login = await runHelm(['registry', 'login', reg.host, '--username', creds.username, '--password-stdin', '--plain-http'], home, creds.password);
      expect(login.status).toBe(0);
      const helm = await helmPullVersion([`oci://${reg.host}/private/podinfo-lite`, '--plain-http', '--version', '^6'], home, 'podinfo-lite');
      expect(helm.version).toBe('6.3.5');
      await runHelm(['registry', 'logout', reg.host], home);
    } finally {
      await reg.stop();
    }
  });

  it('token auth with anonymous pull', async () => {
    const reg = await startRegistry({ auth: 'token', anonymousPull: true });
    try {
      const tgz = readFileSync(join(dir, 'podinfo-lite-6.3.4.tgz'));
      await pushChart(new RegistryClient(reg.host, { plainHttp: true, credentials: REGISTRY_USER }), 'public', tgz, await readChartMetadata(tgz));
      const got = await fetchFromOciHelmRepository(ctx(), { url: `oci://${reg.host}/public`, plainHttp: true }, 'podinfo-lite', '');
      expect(got.version).toBe('6.3.4');
    } finally {
      await reg.stop();
    }
  });

  it('htpasswd (Basic) auth', async () => {
    const reg = await startRegistry({ auth: 'htpasswd' });
    try {
      const tgz = readFileSync(join(dir, 'podinfo-lite-4.10.3.tgz'));
      await pushChart(new RegistryClient(reg.host, { plainHttp: true, credentials: REGISTRY_USER }), 'basic', tgz, await readChartMetadata(tgz));
      const wrong = (await fetchFromOciHelmRepository(ctx(), { url: `oci://${reg.host}/basic`, plainHttp: true, credentials: { username: 'flux', password: 'wrong' } }, 'podinfo-lite', '4.x').catch(
        (e: unknown) => e,
      )) as SourceError;
      expect(wrong.reason).toBe('AuthenticationFailed');
      const got = await fetchFromOciHelmRepository(ctx(), { url: `oci://${reg.host}/basic`, plainHttp: true, credentials: REGISTRY_USER }, 'podinfo-lite', '4.x');
      expect(got.version).toBe('4.10.3');
    } finally {
      await reg.stop();
    }
  });

  it('TLS: trusts the CA from certSecretRef', async () => {
    const reg = await startRegistry({ tls: true });
    try {
      const tgz = readFileSync(join(dir, 'podinfo-lite-0.9.0.tgz'));
      const tls = { ca: tlsFixture('ca.crt') };
      await pushChart(new RegistryClient(reg.host, { tls }), 'secure', tgz, await readChartMetadata(tgz));
      const untrusted = (await fetchFromOciHelmRepository(ctx(), { url: `oci://${reg.host}/secure` }, 'podinfo-lite', '').catch((e: unknown) => e)) as SourceError;
      expect(untrusted.reason).toBe('Unreachable');
      const got = await fetchFromOciHelmRepository(ctx(), { url: `oci://${reg.host}/secure`, tls }, 'podinfo-lite', '');
      expect(got.version).toBe('0.9.0');
    } finally {
      await reg.stop();
    }
  });

  it('reports an unreachable registry', async () => {
    const err = (await fetchFromOciHelmRepository(ctx(), { url: 'oci://127.0.0.1:1/charts', plainHttp: true }, 'podinfo-lite', '^1').catch((e: unknown) => e)) as SourceError;
    expect(err.reason).toBe('Unreachable');
    expect(err.message.startsWith('HelmRepository flux-system/charts: ')).toBe(true);
  });
});
