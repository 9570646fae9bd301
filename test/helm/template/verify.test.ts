// `flux-ts template --verify [--keyring FILE]` side by side with helm v4.1.4 in the same run:
// signed archives on disk (test/fixtures/provenance), charts from an HTTP repository given with
// --repo or added to repositories.yaml (REPO/CHART), and charts in Debian's docker-registry
// pushed by helm with their .prov. Each run starts from an empty helm cache, since helm keeps
// downloaded .prov files in its content cache and uses them next time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';
import { startRegistry, type Registry } from '../../support/servers/registry.js';
import { helmBin } from '../../support/tools.js';
import { comparable, fluxCommand, helmEnv, helmTemplate } from './helm-live.js';

const fixtures = join(import.meta.dirname, '../../fixtures/provenance');
/** Fixture paths are absolute: flux-ts's command runs in this process's working directory. */
const f = (p: string): string => join(fixtures, p);
const signed = readFileSync(f('charts/rsa/basic-0.3.1.tgz'));
const signedProv = readFileSync(f('charts/rsa/basic-0.3.1.tgz.prov'));
/** The same chart (basic 0.3.1) compressed differently: other bytes, so another checksum. */
const recompressed = gzipSync(gunzipSync(signed), { level: 1 });
const homes = mkdtempSync(join(tmpdir(), 'flux-ts-verify-'));
let runs = 0;

/** A fresh helm home (empty cache), with these repositories in repositories.yaml and their cached indexes. */
function freshEnv(repos: Record<string, { url: string; index: string }> = {}, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = join(homes, String(runs++));
  mkdirSync(join(home, 'cache', 'repository'), { recursive: true });
  mkdirSync(join(home, 'config'), { recursive: true });
  const entries = Object.entries(repos);
  writeFileSync(join(home, 'config', 'repositories.yaml'), `apiVersion: ""\nrepositories:\n${entries.map(([name, r]) => `- name: ${name}\n  url: ${r.url}\n`).join('')}`);
  for (const [name, r] of entries) writeFileSync(join(home, 'cache', 'repository', `${name}-index.yaml`), r.index);
  return helmEnv({ HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data'), ...extra });
}

/**
 * helm and flux-ts on the same arguments, each in an environment fresh from `newEnv`. (For OCI
 * charts helm's registry client prints "Pulled:"/"Digest:" for the chart and, under --verify,
 * again for its .prov, before any verification error.)
 */
async function same(args: string[], newEnv: () => NodeJS.ProcessEnv = () => freshEnv()): Promise<void> {
  const helm = await helmTemplate(args, process.cwd(), newEnv());
  const ours = await fluxCommand(args, newEnv());
  expect(comparable(ours)).toEqual(comparable(helm));
}

afterAll(() => rmSync(homes, { recursive: true, force: true }));

describe('charts on disk', () => {
  const rsa = f('charts/rsa/basic-0.3.1.tgz');
  it('renders a chart signed by a key of the keyring', () => same(['rel', rsa, '--verify', '--keyring', f('keys/signer.pub.gpg')]));
  it('renders an ed25519-signed chart', () => same(['rel', f('charts/eddsa/basic-0.3.1.tgz'), '--verify', '--keyring', f('keys/eddsa.pub.gpg')]));
  it('refuses a keyring without the signer', () => same(['rel', rsa, '--verify', '--keyring', f('keys/other.pub.gpg')]));
  it("uses helm's default keyring (~/.gnupg/pubring.gpg)", () => same(['rel', rsa, '--verify']));
  it('uses $GNUPGHOME/pubring.gpg', () => same(['rel', rsa, '--verify'], () => freshEnv({}, { GNUPGHOME: f('gnupghome') })));
  it('refuses a missing .prov', () => same(['rel', f('cases/no-prov/basic-0.3.1.tgz'), '--verify', '--keyring', f('keys/signer.pub.gpg')]));
  it('refuses a tampered .prov', () => same(['rel', f('cases/bad-signature/basic-0.3.1.tgz'), '--verify', '--keyring', f('keys/signer.pub.gpg')]));
  it('refuses an archive whose checksum differs', () => same(['rel', f('cases/digest-mismatch/basic-0.3.1.tgz'), '--verify', '--keyring', f('keys/signer.pub.gpg')]));
  it('refuses an unpacked chart', () => same(['rel', f('../charts/basic'), '--verify', '--keyring', f('keys/signer.pub.gpg')]));
  it('--keyring alone changes nothing', () => same(['rel', f('cases/no-prov/basic-0.3.1.tgz'), '--keyring', f('keys/other.pub.gpg')]));
});

const index = (url: string): string =>
  ['apiVersion: v1', 'entries:', '  basic:', `    - {apiVersion: v2, name: basic, version: 0.3.1, urls: [${url}]}`, 'generated: "2024-01-01T00:00:00Z"', ''].join('\n');

describe('charts from an HTTP repository', () => {
  let server: ChartRepoServer;
  // One repository per case under its own path, each with a chart named basic.
  const repos: Record<string, { what: string; archive: Buffer; prov?: Buffer }> = {
    signed: { what: 'a signed chart', archive: signed, prov: signedProv },
    unsigned: { what: 'a chart without .prov', archive: signed },
    swapped: { what: 'a .prov for other bytes of the same chart', archive: recompressed, prov: signedProv },
  };
  beforeAll(async () => {
    server = await startChartRepo();
    for (const [name, r] of Object.entries(repos)) {
      server.files.set(`/${name}/index.yaml`, Buffer.from(index('basic-0.3.1.tgz')));
      server.files.set(`/${name}/basic-0.3.1.tgz`, r.archive);
      if (r.prov) server.files.set(`/${name}/basic-0.3.1.tgz.prov`, r.prov);
    }
  });
  afterAll(() => server.stop());

  for (const [name, r] of Object.entries(repos)) {
    it(`--repo: ${r.what}`, () => same(['rel', 'basic', '--repo', `${server.url}/${name}`, '--verify', '--keyring', f('keys/signer.pub.gpg')]));
    it(`REPO/CHART: ${r.what}`, () =>
      same(['rel', `${name}/basic`, '--verify', '--keyring', f('keys/signer.pub.gpg')], () => freshEnv({ [name]: { url: `${server.url}/${name}`, index: index('basic-0.3.1.tgz') } })));
  }
  it('--repo: a keyring without the signer', () => same(['rel', 'basic', '--repo', `${server.url}/signed`, '--verify', '--keyring', f('keys/other.pub.gpg')]));

  it("a .prov in helm's content cache is used, whoever put it there", async () => {
    // helm keeps the signed chart's .prov under the archive's sha256; the unsigned repository
    // serves the same bytes without a .prov, so both find it in the cache.
    const args = (repo: string): string[] => ['rel', 'basic', '--repo', `${server.url}/${repo}`, '--verify', '--keyring', f('keys/signer.pub.gpg')];
    const env = freshEnv();
    expect((await helmTemplate(args('signed'), process.cwd(), env)).status).toBe(0);
    const [helm, ours] = [await helmTemplate(args('unsigned'), process.cwd(), env), await fluxCommand(args('unsigned'), env)];
    expect(helm.status).toBe(0);
    expect(ours).toEqual(helm);
    // And flux-ts keeps what it fetched where helm finds it.
    const env2 = freshEnv();
    expect((await fluxCommand(args('signed'), env2)).status).toBe(0);
    expect((await helmTemplate(args('unsigned'), process.cwd(), env2)).status).toBe(0);
  });

  it('--debug: the content cache lines of the .prov', async () => {
    const args = ['rel', 'basic', '--repo', `${server.url}/signed`, '--verify', '--keyring', f('keys/signer.pub.gpg'), '--debug'];
    const [helmEnv1, fluxEnv1] = [freshEnv(), freshEnv()];
    for (let run = 0; run < 2; run++) {
      // First run: fetched and put in the cache; second run: found there.
      const [helm, ours] = [await helmTemplate(args, process.cwd(), helmEnv1), await fluxCommand(args, fluxEnv1)];
      const mask = (p: { stderr: string }): string => p.stderr.replace(/time=\S+ /g, '').split(helmEnv1.HELM_CACHE_HOME!).join('<cache>').split(fluxEnv1.HELM_CACHE_HOME!).join('<cache>');
      expect(mask(ours)).toBe(mask(helm));
    }
  });

  it('--debug: REPO/CHART with a digest in the index, fetched then found in the cache', async () => {
    const digest = createHash('sha256').update(signed).digest('hex');
    const withDigest = index('basic-0.3.1.tgz').replace('urls:', `digest: ${digest}, urls:`);
    const args = ['rel', 'signed/basic', '--verify', '--keyring', f('keys/signer.pub.gpg'), '--debug'];
    const [helmEnv1, fluxEnv1] = [freshEnv({ signed: { url: `${server.url}/signed`, index: withDigest } }), freshEnv({ signed: { url: `${server.url}/signed`, index: withDigest } })];
    for (let run = 0; run < 2; run++) {
      const [helm, ours] = [await helmTemplate(args, process.cwd(), helmEnv1), await fluxCommand(args, fluxEnv1)];
      const mask = (p: { stderr: string }): string => p.stderr.replace(/time=\S+ /g, '').split(helmEnv1.HELM_CACHE_HOME!).join('<cache>').split(fluxEnv1.HELM_CACHE_HOME!).join('<cache>').split(helmEnv1.HELM_CONFIG_HOME!).join('<config>').split(fluxEnv1.HELM_CONFIG_HOME!).join('<config>');
      expect(mask(ours)).toBe(mask(helm));
    }
  });

  it('--repo with basic auth: the .prov is fetched with the same credentials', async () => {
    const locked = await startChartRepo({ basicAuth: { username: 'reader', password: 's3cret' } });
    try {
      locked.files.set('/index.yaml', Buffer.from(index('basic-0.3.1.tgz'))).set('/basic-0.3.1.tgz', signed).set('/basic-0.3.1.tgz.prov', signedProv);
      await same(['rel', 'basic', '--repo', locked.url, '--username', 'reader', '--password', 's3cret', '--verify', '--keyring', f('keys/signer.pub.gpg')]);
      const provRequests = locked.requests.filter((r) => r.path === '/basic-0.3.1.tgz.prov');
      expect(provRequests.length).toBe(2);
      expect(provRequests.every((r) => r.authorization === `Basic ${Buffer.from('reader:s3cret').toString('base64')}`)).toBe(true);
    } finally {
      await locked.stop();
    }
  });
});

describe('charts from an OCI registry', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry();
    // helm push sends the .prov beside the archive as the provenance layer.
    const env = freshEnv();
    for (const archive of [f('charts/rsa/basic-0.3.1.tgz'), join(import.meta.dirname, '../../fixtures/charts/archives/grade-api-1.0.0.tgz')]) {
      execFileSync(helmBin, ['push', archive, `oci://${registry.host}/charts`, '--plain-http'], { env, stdio: 'pipe' });
    }
  }, 60_000);
  afterAll(() => registry.stop());

  it('a chart pushed with its .prov', () => same(['rel', `oci://${registry.host}/charts/basic`, '--version', '0.3.1', '--plain-http', '--verify', '--keyring', f('keys/signer.pub.gpg')]));
  it('a keyring without the signer', () => same(['rel', `oci://${registry.host}/charts/basic`, '--version', '0.3.1', '--plain-http', '--verify', '--keyring', f('keys/other.pub.gpg')]));
  it('a chart pushed without .prov', () => same(['rel', `oci://${registry.host}/charts/grade-api`, '--version', '1.0.0', '--plain-http', '--verify', '--keyring', f('keys/signer.pub.gpg')]));
});
