// Local artifact cache, content-addressed by sha256 digest. Writes go to a temp file in the
// same directory and are renamed into place, so a crash leaves either nothing or a complete
// file; every read re-hashes the bytes, so a damaged file is dropped rather than trusted.
// Resolutions (which version/digest a source resolved to) are memoised next to the blobs so a
// re-resolve within the source's interval, or offline, needs no network.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_MAX_ARTIFACT_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

export interface ArtifactCacheOptions {
  dir: string;
  /** Largest single artifact accepted. */
  maxArtifactBytes?: number;
  /** Total size of blobs kept; the least recently used are evicted past it. */
  maxTotalBytes?: number;
}

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export class CacheError extends Error {
  override name = 'CacheError';
}

export class ArtifactCache {
  readonly dir: string;
  readonly maxArtifactBytes: number;
  readonly maxTotalBytes: number;

  constructor(opts: ArtifactCacheOptions) {
    this.dir = opts.dir;
    this.maxArtifactBytes = opts.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
    this.maxTotalBytes = opts.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  }

  /** `$FLUX_TS_CACHE_DIR`, else `$XDG_CACHE_HOME/flux-ts`, else `~/.cache/flux-ts`. */
  static default(env: NodeJS.ProcessEnv = process.env): ArtifactCache {
    const dir = env.FLUX_TS_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'flux-ts');
    return new ArtifactCache({ dir });
  }

  private blobPath(digest: string): string {
    if (!DIGEST_RE.test(digest)) throw new CacheError(`invalid digest '${digest}'`);
    return join(this.dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  /** The bytes for a digest, or undefined when absent or damaged (a damaged file is removed). */
  async get(digest: string): Promise<Buffer | undefined> {
    const path = this.blobPath(digest);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      return undefined;
    }
    if (sha256Digest(data) !== digest) {
      await rm(path, { force: true });
      return undefined;
    }
    // Touch for LRU eviction.
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    return data;
  }

  /**
   * Stores bytes and returns their digest. With `expectedDigest`, refuses (and writes
   * nothing) when the bytes do not hash to it.
   */
  async put(data: Uint8Array, expectedDigest?: string): Promise<string> {
    if (data.length > this.maxArtifactBytes) {
      throw new CacheError(`artifact of ${data.length} bytes exceeds the cache limit of ${this.maxArtifactBytes} bytes`);
    }
    const digest = sha256Digest(data);
    if (expectedDigest !== undefined && expectedDigest !== digest) {
      throw new CacheError(`digest mismatch: expected ${expectedDigest}, got ${digest}`);
    }
    const path = this.blobPath(digest);
    await writeAtomic(path, data);
    await this.prune();
    return digest;
  }

  private resolutionPath(key: string): string {
    return join(this.dir, 'resolutions', `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  async getResolution<T>(key: string): Promise<{ value: T; storedAt: Date } | undefined> {
    try {
      const text = await readFile(this.resolutionPath(key), 'utf8');
      const parsed = JSON.parse(text) as { key: string; storedAt: string; value: T };
      if (parsed.key !== key) return undefined;
      return { value: parsed.value, storedAt: new Date(parsed.storedAt) };
    } catch {
      return undefined;
    }
  }

  async putResolution<T>(key: string, value: T, now: Date = new Date()): Promise<void> {
    const text = JSON.stringify({ key, storedAt: now.toISOString(), value });
    await writeAtomic(this.resolutionPath(key), Buffer.from(text));
  }

  /** Evicts least recently used blobs until the total is within maxTotalBytes. */
  async prune(): Promise<void> {
    const dir = join(this.dir, 'blobs', 'sha256');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    const files: { path: string; size: number; mtime: number }[] = [];
    let total = 0;
    for (const name of names) {
      const path = join(dir, name);
      if (name.startsWith('.tmp-')) continue;
      const st = await stat(path).catch(() => undefined);
      if (st === undefined || !st.isFile()) continue;
      files.push({ path, size: st.size, mtime: st.mtimeMs });
      total += st.size;
    }
    if (total <= this.maxTotalBytes) return;
    files.sort((a, b) => a.mtime - b.mtime);
    for (const f of files) {
      if (total <= this.maxTotalBytes) break;
      await rm(f.path, { force: true });
      total -= f.size;
    }
  }
}

/** Write to a temp file in the target directory, fsync, then rename over the target. */
export async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf('/'));
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
