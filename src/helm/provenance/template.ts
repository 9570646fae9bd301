// What `flux-ts template --verify` needs from this module, in the shape of helm's LocateChart:
// a chart on disk is verified in place (verifyLocalChart); a downloaded one after it is stored
// in helm's content cache, with its .prov taken from that cache when helm left one there
// (`<root>/<id[0:2]>/<id>.prov`, id = the archive's sha256) and kept there when fetched.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verifyDownloadedChart } from './download.js';
import { defaultKeyring, type PathResolver, type Verification } from './verify.js';

/** helm's slog debug lines (msg, then key/value pairs). */
export type DebugLog = (msg: string, ...attrs: [string, string][]) => void;

export interface TemplateDownloadVerify {
  /** --keyring as given (undefined: helm's default, from GNUPGHOME or HOME of `env`). */
  keyring: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Opens relative paths (the keyring) from the working directory. */
  at: PathResolver;
  /** helm's content cache root, if the download went through it. */
  contentCache?: string;
  /** The chart's digest in the repository index (REPO/CHART); helm logs it as the cache id it found. */
  indexDigest?: string;
  debug?: DebugLog;
}

function provenancePath(root: string, id: string): string {
  return join(root, id.slice(0, 2), `${id}.prov`);
}

/** The .prov of a downloaded archive: from the content cache, else fetched and cached. */
async function cachedProvenance(id: string, fetch: () => Promise<Uint8Array>, o: TemplateDownloadVerify): Promise<Uint8Array> {
  if (o.contentCache === undefined) return fetch();
  const path = provenancePath(o.contentCache, id);
  try {
    const data = readFileSync(path);
    // helm logs the digest it resolved the chart with: none for --repo and OCI charts.
    o.debug?.('found provenance in cache', ['id', o.indexDigest ?? '']);
    return data;
  } catch {
    // Not cached: fetched below.
  }
  const data = await fetch();
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o644 });
  renameSync(tmp, path);
  o.debug?.('put downloaded provenance file in cache', ['id', id]);
  return data;
}

/**
 * DownloadToCache's verification of a downloaded chart (helm --verify): `url` is where the
 * archive came from (https://.../name-1.0.0.tgz or oci://host/repo/name:tag), `fetch` gets its
 * .prov (fetchProvenance, or the repository's own getter).
 */
export function verifyTemplateDownload(archive: Uint8Array, url: string, fetch: () => Promise<Uint8Array>, o: TemplateDownloadVerify): Promise<Verification> {
  const id = createHash('sha256').update(archive).digest('hex');
  return verifyDownloadedChart({ archive, url }, () => cachedProvenance(id, fetch, o), o.keyring ?? defaultKeyring(o.env), o.at);
}
