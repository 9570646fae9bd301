// HelmRepository (HTTP/S): download index.yaml, choose the version as source-controller does,
// download the archive (relative or absolute URL), verify the index digest, check it is a chart.
// Credentials go only to the repository's own scheme+host unless passCredentials is set.
import { createHash } from 'node:crypto';
import { TransportError } from '../errors.js';
import { basicAuthorization, httpRequest, redactUrl, statusError, type TlsMaterial } from '../http.js';
import { parseIndex, IndexError, type HelmIndex, type IndexChartVersion } from './repo-index.js';
import { selectIndexVersion } from './select.js';
import { sha256Digest } from '../cache.js';

/** source-controller defaults (--helm-index-max-size, --helm-chart-max-size). */
export const DEFAULT_MAX_INDEX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_CHART_BYTES = 10 * 1024 * 1024;

export interface BasicAuth {
  username: string;
  password: string;
}

export interface HttpRepositoryOptions {
  url: string;
  basicAuth?: BasicAuth;
  tls?: TlsMaterial;
  passCredentials?: boolean;
  timeoutMs?: number;
  maxIndexBytes?: number;
  maxChartBytes?: number;
}

/** Helm's ResolveReferenceURL: absolute URLs as they are, relative ones against `<repo>/`. */
export function resolveReferenceUrl(baseUrl: string, ref: string): string {
  try {
    return new URL(ref).toString() === ref || /^[a-z][a-z0-9+.-]*:/i.test(ref) ? ref : resolveRelative(baseUrl, ref);
  } catch {
    return resolveRelative(baseUrl, ref);
  }
}

function resolveRelative(baseUrl: string, ref: string): string {
  const base = new URL(baseUrl);
  const query = base.search;
  base.pathname = base.pathname.replace(/\/+$/, '') + '/';
  base.search = '';
  const resolved = new URL(ref, base);
  resolved.search = query;
  return resolved.toString();
}

export function indexUrl(repoUrl: string): string {
  const u = new URL(repoUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/index.yaml`;
  return u.toString();
}

function sameOrigin(a: string, b: string): boolean {
  const ua = new URL(a);
  const ub = new URL(b);
  return ua.protocol === ub.protocol && ua.host === ub.host;
}

function authHeaders(opts: HttpRepositoryOptions, target: string): Record<string, string> {
  if (opts.basicAuth === undefined || opts.basicAuth.username === '' || opts.basicAuth.password === '') return {};
  if (!opts.passCredentials && !sameOrigin(opts.url, target)) return {};
  return { Authorization: basicAuthorization(opts.basicAuth.username, opts.basicAuth.password) };
}

export interface LoadedIndex {
  index: HelmIndex;
  /** sha256 of the index bytes (the HelmRepository artifact digest). */
  digest: string;
  size: number;
}

/** GET with the repository's auth headers and timeout; a body over `max` bytes fails with `tooBig()`. */
async function boundedGet(opts: HttpRepositoryOptions, url: string, max: number, tls: HttpRepositoryOptions['tls'], tooBig: () => TransportError) {
  try {
    return await httpRequest({
      url,
      headers: authHeaders(opts, url),
      maxBytes: max,
      ...(tls ? { tls } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
  } catch (err) {
    if (err instanceof TransportError && err.reason === 'InvalidArtifact') throw tooBig();
    throw err;
  }
}

export async function fetchIndex(opts: HttpRepositoryOptions): Promise<LoadedIndex> {
  const url = indexUrl(opts.url);
  const max = opts.maxIndexBytes ?? DEFAULT_MAX_INDEX_BYTES;
  const res = await boundedGet(opts, url, max, opts.tls, () => new TransportError('InvalidIndex', `index exceeds the maximum index file size of ${max} bytes`));
  if (res.status !== 200) throw statusError(res, `failed to fetch ${redactUrl(url)}`);
  try {
    return { index: parseIndex(res.body), digest: sha256Digest(res.body), size: res.body.length };
  } catch (err) {
    if (err instanceof IndexError) throw new TransportError('InvalidIndex', `invalid index ${redactUrl(url)}: ${err.message}`);
    throw err;
  }
}

export function chooseVersion(index: HelmIndex, chart: string, version: string): IndexChartVersion {
  const versions = index.entries.get(chart);
  if (versions === undefined) throw new TransportError('NotFound', `no chart name found: chart '${chart}' is not in the repository index`);
  if (versions.length === 0) throw new TransportError('NotFound', `no chart version found for ${chart}`);
  return selectIndexVersion(chart, versions, version);
}

/** Downloads and verifies the archive of an index entry. */
export async function downloadChart(opts: HttpRepositoryOptions, cv: IndexChartVersion): Promise<{ archive: Buffer; url: string; digest: string }> {
  const ref = cv.urls[0];
  if (ref === undefined) throw new TransportError('InvalidIndex', `chart '${cv.name}' has no downloadable URLs`);
  const url = resolveReferenceUrl(opts.url, ref);
  const max = opts.maxChartBytes ?? DEFAULT_MAX_CHART_BYTES;
  // Client certificates go only to the repository's own origin.
  const tls = sameOrigin(opts.url, url) ? opts.tls : undefined;
  const res = await boundedGet(opts, url, max, tls, () => new TransportError('InvalidArtifact', `chart ${cv.name}-${cv.version} exceeds the maximum chart size of ${max} bytes`));
  if (res.status !== 200) throw statusError(res, `failed to download chart ${redactUrl(url)}`);
  if (cv.digest !== undefined && cv.digest !== '') {
    const want = cv.digest.replace(/^sha256:/, '').toLowerCase();
    const got = createHash('sha256').update(res.body).digest('hex');
    if (want !== got) {
      throw new TransportError('InvalidArtifact', `chart ${cv.name}-${cv.version} digest mismatch: index says sha256:${want}, downloaded sha256:${got}`);
    }
  }
  return { archive: res.body, url, digest: sha256Digest(res.body) };
}
