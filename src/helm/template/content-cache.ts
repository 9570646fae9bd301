// helm 4's content cache (--content-cache, $HELM_CONTENT_CACHE): downloaded chart archives kept
// as <root>/<first byte of sha256, hex>/<sha256>.chart, found again by the digest a repository
// index gives. `flux-ts template` reads and writes the same cache helm does.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function contentCachePath(root: string, id: string): string {
  return join(root, id.slice(0, 2), `${id}.chart`);
}

/** The cached archive with this sha256 (hex), if present and intact. */
export function findInContentCache(root: string, id: string): { path: string; data: Buffer } | undefined {
  if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
  const path = contentCachePath(root, id);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return undefined;
  }
  return createHash('sha256').update(data).digest('hex') === id ? { path, data } : undefined;
}

/** Stores an archive under its sha256; returns the id and the file. */
export function putInContentCache(root: string, data: Uint8Array): { id: string; path: string } {
  const id = createHash('sha256').update(data).digest('hex');
  const path = contentCachePath(root, id);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o644 });
  renameSync(tmp, path);
  return { id, path };
}
