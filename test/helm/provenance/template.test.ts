// The pieces of helm's --verify flow around the signature check: the default keyring, the file
// name a download is verified under, and the .prov kept in helm's content cache.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultKeyring, downloadedFileName, verifyTemplateDownload } from '../../../src/helm/provenance/index.js';

const fixtures = join(import.meta.dirname, '../../fixtures/provenance');
const archive = readFileSync(join(fixtures, 'charts/rsa/basic-0.3.1.tgz'));
const prov = readFileSync(join(fixtures, 'charts/rsa/basic-0.3.1.tgz.prov'));
const cache = mkdtempSync(join(tmpdir(), 'flux-ts-prov-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('defaultKeyring', () => {
  it('is $GNUPGHOME/pubring.gpg when GNUPGHOME is set, even empty, else ~/.gnupg/pubring.gpg', () => {
    expect(defaultKeyring({ GNUPGHOME: '/keys/', HOME: '/home/me' })).toBe('/keys/pubring.gpg');
    expect(defaultKeyring({ GNUPGHOME: '' })).toBe('pubring.gpg');
    expect(defaultKeyring({ HOME: '/home/me' })).toBe('/home/me/.gnupg/pubring.gpg');
    expect(defaultKeyring({})).toBe('.gnupg/pubring.gpg');
  });
});

describe('downloadedFileName', () => {
  it("is the URL's last path element, or <name>-<version>.tgz for OCI", () => {
    expect(downloadedFileName('https://charts.example.com/stable/basic-0.3.1.tgz?token=x')).toBe('basic-0.3.1.tgz');
    expect(downloadedFileName('http://127.0.0.1:8080/a%20b.tgz')).toBe('a b.tgz');
    expect(downloadedFileName('oci://registry.example.com:5000/charts/basic:0.3.1')).toBe('basic-0.3.1.tgz');
  });
});

describe('verifyTemplateDownload', () => {
  const keyring = join(fixtures, 'keys/signer.pub.gpg');
  const url = 'http://127.0.0.1:1/basic-0.3.1.tgz';
  const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
  const cached = (data: Buffer): string => join(cache, sha(data).slice(0, 2), `${sha(data)}.prov`);

  it('keeps a fetched .prov in the content cache, then uses it without fetching', async () => {
    const debug: string[] = [];
    await verifyTemplateDownload(archive, url, async () => prov, { keyring, env: {}, at: (p) => p, contentCache: cache, debug: (m) => debug.push(m) });
    expect(readFileSync(cached(archive))).toEqual(prov);
    await verifyTemplateDownload(archive, url, () => Promise.reject(new Error('not fetched')), { keyring, env: {}, at: (p) => p, contentCache: cache, debug: (m) => debug.push(m) });
    expect(debug).toEqual(['put downloaded provenance file in cache', 'found provenance in cache']);
    const ids: string[] = [];
    await verifyTemplateDownload(archive, url, () => Promise.reject(new Error('not fetched')), { keyring, env: {}, at: (p) => p, contentCache: cache, indexDigest: sha(archive), debug: (_m, ...attrs) => ids.push(attrs[0]![1]) });
    expect(ids).toEqual([sha(archive)]);
  });

  it("reports a failed fetch as helm does, caching nothing", async () => {
    const other = Buffer.concat([archive, Buffer.from([0])]);
    await expect(verifyTemplateDownload(other, url, () => Promise.reject(new Error('404')), { keyring, env: {}, at: (p) => p, contentCache: cache })).rejects.toThrow(
      `failed to fetch provenance "${url}.prov"`,
    );
    expect(existsSync(cached(other))).toBe(false);
  });
});
