// --verify of downloaded charts, side by side with the real helm v4.1.4 in the same run: an HTTP
// chart repository on 127.0.0.1 serving archives with and without .prov files, and Debian's
// docker-registry holding charts pushed by helm (the .prov as a provenance layer). flux-ts
// downloads the .prov as helm does and must print helm's error, or nothing when helm renders.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchProvenance, verifyDownloadedChart } from '../../../src/helm/provenance/index.js';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';
import { startRegistry, type Registry } from '../../support/servers/registry.js';
import { helmBin } from '../../support/tools.js';

const fixtures = join(import.meta.dirname, '../../fixtures/provenance');
const file = (p: string): Buffer => readFileSync(join(fixtures, p));
const signed = file('charts/rsa/basic-0.3.1.tgz');
const signedProv = file('charts/rsa/basic-0.3.1.tgz.prov');
const otherArchive = readFileSync(join(import.meta.dirname, '../../fixtures/charts/archives/grade-api-1.0.0.tgz'));
const home = mkdtempSync(join(tmpdir(), 'flux-ts-provenance-helm-'));

/**
 * helm with an empty cache each time: helm keeps downloaded .prov files in its content cache
 * under the chart archive's digest and uses them instead of fetching again (the fixture charts
 * share their archive bytes).
 */
let runs = 0;
function helm(args: string[]): Promise<{ status: number; stderr: string }> {
  const env = { PATH: process.env.PATH, HOME: home, HELM_CACHE_HOME: join(home, `cache-${runs++}`), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  return new Promise((resolve, reject) => {
    const child = spawn(helmBin, args, { cwd: fixtures, env });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ status: code ?? -1, stderr }));
  });
}

/**
 * flux-ts's verification of a download, printed as helm prints it: for OCI, the registry
 * client's lines for the provenance pull, then the error if any.
 */
async function ours(archive: Buffer, url: string, keyring: string, plainHttp = false): Promise<string> {
  let printed = '';
  const onOciPull = (ref: string, digest: string): void => void (printed += `Pulled: ${ref}\nDigest: ${digest}\n`);
  try {
    await verifyDownloadedChart({ archive, url }, () => fetchProvenance(url, { onOciPull, ...(plainHttp ? { plainHttp: true } : {}) }), keyring, (p) => join(fixtures, p));
    return printed;
  } catch (e) {
    return `${printed}Error: ${(e as Error).message}\n`;
  }
}

const index = (entries: [string, string][]): string =>
  ['apiVersion: v1', 'entries:', ...entries.flatMap(([name, url]) => [`  ${name}:`, `    - {apiVersion: v2, name: ${name}, version: 0.3.1, urls: [${url}]}`]), 'generated: "2024-01-01T00:00:00Z"', ''].join('\n');

describe('charts from an HTTP repository', () => {
  let repo: ChartRepoServer;
  beforeAll(async () => {
    repo = await startChartRepo();
    // Helm verifies under the URL's file name: each chart keeps basic-0.3.1.tgz as its name.
    repo.files.set('/index.yaml', Buffer.from(index([['basic', 'signed/basic-0.3.1.tgz'], ['unsigned', 'unsigned/basic-0.3.1.tgz'], ['swapped', 'swapped/basic-0.3.1.tgz'], ['renamed', 'renamed/other.tgz'], ['targz', 'targz/basic-0.3.1.tar.gz']])));
    repo.files.set('/signed/basic-0.3.1.tgz', signed).set('/signed/basic-0.3.1.tgz.prov', signedProv);
    repo.files.set('/unsigned/basic-0.3.1.tgz', signed);
    repo.files.set('/swapped/basic-0.3.1.tgz', otherArchive).set('/swapped/basic-0.3.1.tgz.prov', signedProv);
    repo.files.set('/renamed/other.tgz', signed).set('/renamed/other.tgz.prov', signedProv);
    repo.files.set('/targz/basic-0.3.1.tar.gz', signed).set('/targz/basic-0.3.1.tar.gz.prov', signedProv);
  });
  afterAll(() => repo.stop());

  const cases: [string, string, string, Buffer][] = [
    ['verified', 'basic', 'keys/signer.pub.gpg', signed],
    ['no .prov beside the archive', 'unsigned', 'keys/signer.pub.gpg', signed],
    ['a .prov for another archive', 'swapped', 'keys/signer.pub.gpg', otherArchive],
    ['an archive served under another name', 'renamed', 'keys/signer.pub.gpg', signed],
    ['an archive whose name does not end in .tgz', 'targz', 'keys/signer.pub.gpg', signed],
    ['a keyring without the signer', 'basic', 'keys/other.pub.gpg', signed],
    ['a missing keyring', 'basic', 'keyrings/nowhere.gpg', signed],
    ['a missing keyring and no .prov', 'unsigned', 'keyrings/nowhere.gpg', signed],
  ];
  it.each(cases)('%s', async (_what, chart, keyring, archive) => {
    const h = await helm(['template', chart, '--repo', repo.url, '--verify', '--keyring', keyring]);
    const path = { basic: 'signed/basic-0.3.1.tgz', unsigned: 'unsigned/basic-0.3.1.tgz', swapped: 'swapped/basic-0.3.1.tgz', renamed: 'renamed/other.tgz', targz: 'targz/basic-0.3.1.tar.gz' }[chart]!;
    expect(await ours(archive, `${repo.url}/${path}`, keyring)).toBe(h.status === 0 ? '' : h.stderr);
  });
});

describe('charts from an OCI registry', () => {
  let registry: Registry;
  const base = (): string => `oci://${registry.host}/charts`;
  beforeAll(async () => {
    registry = await startRegistry();
    // helm push sends basic-0.3.1.tgz.prov along as the provenance layer.
    for (const dir of ['charts/rsa', 'charts/eddsa']) {
      const pushed = await helm(['push', join(fixtures, dir, 'basic-0.3.1.tgz'), dir === 'charts/rsa' ? base() : `${base()}/eddsa`, '--plain-http']);
      expect(pushed.status).toBe(0);
    }
    const unsigned = await helm(['push', join(import.meta.dirname, '../../fixtures/charts/archives/grade-api-1.0.0.tgz'), base(), '--plain-http']);
    expect(unsigned.status).toBe(0);
  }, 60_000);
  afterAll(() => registry.stop());

  const cases: [string, string, string, string, Buffer][] = [
    ['verified', 'basic', '0.3.1', 'keys/signer.pub.gpg', signed],
    ['verified (ed25519)', 'eddsa/basic', '0.3.1', 'keys/eddsa.pub.gpg', signed],
    ['no provenance layer', 'grade-api', '1.0.0', 'keys/signer.pub.gpg', otherArchive],
    ['a keyring without the signer', 'basic', '0.3.1', 'keys/other.pub.gpg', signed],
    ['an unreadable keyring', 'basic', '0.3.1', 'keyrings/garbage.gpg', signed],
  ];
  it.each(cases)('%s', async (_what, chart, version, keyring, archive) => {
    const h = await helm(['template', `${base()}/${chart}`, '--version', version, '--plain-http', '--verify', '--keyring', keyring]);
    // helm's first "Pulled:"/"Digest:" pair is the chart's pull; what follows is the verification's.
    const afterChartPull = h.stderr.split('\n').slice(2).join('\n');
    expect(await ours(archive, `${base()}/${chart}:${version}`, keyring, true)).toBe(afterChartPull);
  });
});

afterAll(() => rmSync(home, { recursive: true, force: true }));
