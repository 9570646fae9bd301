// The artifact cache: content-addressed, atomic, size-limited, never trusting damaged files.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactCache, CacheError, sha256Digest } from '../../src/sources/cache.js';
import { SourceError } from '../../src/sources/errors.js';
import { tempDir } from './helpers.js';

const dirs: string[] = [];
function cache(opts: { maxArtifactBytes?: number; maxTotalBytes?: number } = {}): ArtifactCache {
  const dir = tempDir('flux-ts-cache-');
  dirs.push(dir);
  return new ArtifactCache({ dir, ...opts });
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ArtifactCache', () => {
  it('stores by sha256 and returns the same bytes', async () => {
    const c = cache();
    const data = Buffer.from('chart bytes');
    const digest = await c.put(data);
    expect(digest).toBe(sha256Digest(data));
    expect((await c.get(digest))?.equals(data)).toBe(true);
    expect(readdirSync(join(c.dir, 'blobs', 'sha256'))).toEqual([digest.slice(7)]);
  });

  it('writes nothing for a digest mismatch or an oversized artifact', async () => {
    const c = cache({ maxArtifactBytes: 4 });
    await expect(c.put(Buffer.from('abc'), sha256Digest(Buffer.from('xyz')))).rejects.toThrowError(CacheError);
    await expect(c.put(Buffer.from('too big'))).rejects.toThrowError('artifact of 7 bytes exceeds the cache limit of 4 bytes');
    expect(readdirSync(c.dir)).toEqual([]);
  });

  it('drops a damaged file instead of returning it', async () => {
    const c = cache();
    const digest = await c.put(Buffer.from('good'));
    writeFileSync(join(c.dir, 'blobs', 'sha256', digest.slice(7)), 'half-writ');
    expect(await c.get(digest)).toBeUndefined();
    expect(readdirSync(join(c.dir, 'blobs', 'sha256'))).toEqual([]);
  });

  it('evicts the least recently used blobs past the total limit', async () => {
    const c = cache({ maxTotalBytes: 10 });
    const a = await c.put(Buffer.from('aaaa'));
    await new Promise((r) => setTimeout(r, 20));
    const b = await c.put(Buffer.from('bbbb'));
    await new Promise((r) => setTimeout(r, 20));
    await c.get(a); // a is now the most recently used
    await new Promise((r) => setTimeout(r, 20));
    await c.put(Buffer.from('cccc'));
    expect(await c.get(b)).toBeUndefined();
    expect(await c.get(a)).toBeDefined();
  });

  it('keeps resolutions keyed by source identity', async () => {
    const c = cache();
    const at = new Date('2026-01-01T00:00:00Z');
    await c.putResolution('k1', { version: '1.0.0' }, at);
    expect(await c.getResolution('k1')).toEqual({ value: { version: '1.0.0' }, storedAt: at });
    expect(await c.getResolution('k2')).toBeUndefined();
  });
});

describe('SourceError', () => {
  it('is one line and never carries URL credentials', () => {
    const e = new SourceError('GitRepository a/b', 'Unreachable', 'unable to access https://user:s3cret@git.example.com/repo.git/:\nConnection refused');
    expect(e.message).toBe('GitRepository a/b: unable to access https://git.example.com/repo.git/: Connection refused');
  });
});
