// The OCI distribution API, as much as chart sources need: tag listing (paginated through
// `Link` headers), manifests and blobs (digest-verified), blob and manifest upload, and the
// auth dance: anonymous first, then on a 401 either Basic credentials or a Bearer token fetched
// from the challenge's realm for the challenge's service and scope.
import { TransportError } from '../errors.js';
import { basicAuthorization, httpRequest, redactUrl, statusError, type HttpResponse, type TlsMaterial } from '../http.js';
import { sha256Digest } from '../cache.js';
import type { RegistryCredentials } from './credentials.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: number;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface RegistryClientOptions {
  /** http:// instead of https:// (HelmRepository/OCIRepository spec.insecure, `--plain-http`). */
  plainHttp?: boolean;
  tls?: TlsMaterial;
  credentials?: RegistryCredentials;
  timeoutMs?: number;
  /** Tags asked for per page (`n`); registries may return fewer and link the next page. */
  tagPageSize?: number;
}

/** How much of a registry's error answer is kept: what ORAS reads of one (errutil maxErrorBytes, 8 KiB). */
export const MAX_ERROR_BODY_BYTES = 8 * 1024;

/**
 * A registry's error answer, with the start of its body: registries explain themselves there
 * (`{"errors":[{"code":"NAME_UNKNOWN",...}]}`) and helm prints that explanation.
 */
export class RegistryResponseError extends TransportError {
  override name = 'RegistryResponseError';
  /** The first MAX_ERROR_BODY_BYTES of the answer's body. */
  readonly body: Buffer;
  constructor(
    reason: TransportError['reason'],
    message: string,
    status: number,
    readonly method: string,
    /** The URL asked for, credentials removed. */
    readonly url: string,
    body: Buffer,
  ) {
    super(reason, message, status);
    this.body = Buffer.from(body.subarray(0, MAX_ERROR_BODY_BYTES));
  }
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string): Challenge {
  const m = /^\s*(\S+)\s*(.*)$/.exec(header);
  const scheme = (m?.[1] ?? '').toLowerCase();
  const params: Record<string, string> = {};
  const re = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const p of (m?.[2] ?? '').matchAll(re)) params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  return { scheme, params };
}

export class RegistryClient {
  readonly host: string;
  private readonly base: string;
  private readonly opts: RegistryClientOptions;
  /** Bearer tokens by scope; `basic` once the registry asked for Basic auth. */
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(host: string, opts: RegistryClientOptions = {}) {
    this.host = host;
    this.opts = opts;
    this.base = `${opts.plainHttp ? 'http' : 'https'}://${host}`;
  }

  private authHeader(scope: string): Record<string, string> {
    const token = this.tokens.get(scope);
    if (token !== undefined) return { Authorization: `Bearer ${token}` };
    if (this.basic && this.opts.credentials !== undefined) {
      const { username, password } = this.opts.credentials;
      return { Authorization: basicAuthorization(username, password) };
    }
    return {};
  }

  private async fetchToken(challenge: Challenge, scope: string): Promise<void> {
    const realm = challenge.params.realm;
    if (realm === undefined) throw new TransportError('AuthenticationFailed', `${this.host}: Bearer challenge without realm`);
    const u = new URL(realm);
    if (challenge.params.service !== undefined) u.searchParams.set('service', challenge.params.service);
    u.searchParams.set('scope', scope);
    const headers: Record<string, string> = {};
    if (this.opts.credentials !== undefined) {
      const { username, password } = this.opts.credentials;
      headers.Authorization = basicAuthorization(username, password);
    }
    const res = await httpRequest({ url: u.toString(), headers, ...this.common() });
    if (res.status === 401 || res.status === 403) {
      throw new TransportError(
        'AuthenticationFailed',
        `${this.host}: failed to get a token for ${scope}: ${res.status} ${res.status === 401 ? 'Unauthorized' : 'Forbidden'}${this.opts.credentials === undefined ? ' (no credentials given)' : ''}`,
        res.status,
      );
    }
    if (res.status !== 200) throw statusError(res, `${this.host}: token request`);
    let body: { token?: string; access_token?: string };
    try {
      body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
    } catch {
      throw new TransportError('AuthenticationFailed', `${this.host}: token server returned invalid JSON`);
    }
    const token = body.token ?? body.access_token;
    if (token === undefined || token === '') throw new TransportError('AuthenticationFailed', `${this.host}: token server returned no token`);
    this.tokens.set(scope, token);
  }

  private common(): { tls?: TlsMaterial; timeoutMs?: number } {
    return { ...(this.opts.tls ? { tls: this.opts.tls } : {}), ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}) };
  }

  /** A request under `scope`, answering one auth challenge if the registry sends one. */
  async request(
    method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH',
    pathOrUrl: string,
    scope: string,
    extra: { headers?: Record<string, string>; body?: Buffer; maxBytes?: number } = {},
  ): Promise<HttpResponse> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`;
    const send = (): Promise<HttpResponse> =>
      httpRequest({
        url,
        method,
        headers: { ...(extra.headers ?? {}), ...this.authHeader(scope) },
        ...(extra.body !== undefined ? { body: extra.body } : {}),
        ...(extra.maxBytes !== undefined ? { maxBytes: extra.maxBytes } : {}),
        ...this.common(),
      });
    let res = await send();
    if (res.status === 401) {
      const header = res.headers['www-authenticate'];
      const challenge = parseChallenge(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
      if (challenge.scheme === 'bearer' && !this.tokens.has(scope)) {
        await this.fetchToken(challenge, scope);
        res = await send();
      } else if (challenge.scheme === 'basic' && !this.basic && this.opts.credentials !== undefined) {
        this.basic = true;
        res = await send();
      }
    }
    if (res.status === 401 || res.status === 403) {
      const why = this.opts.credentials === undefined ? ' (no credentials given)' : '';
      throw new TransportError('AuthenticationFailed', `${method} ${redactUrl(url)}: ${res.status} ${res.status === 401 ? 'Unauthorized' : 'Forbidden'}${why}`, res.status);
    }
    return res;
  }

  /** Every tag of a repository, following pagination. */
  async listTags(repository: string): Promise<string[]> {
    const scope = `repository:${repository}:pull`;
    const tags: string[] = [];
    let next: string | undefined = `/v2/${repository}/tags/list?n=${this.opts.tagPageSize ?? 1000}`;
    for (let page = 0; next !== undefined && page < 10_000; page++) {
      const res = await this.request('GET', next, scope, { headers: { Accept: 'application/json' }, maxBytes: 64 * 1024 * 1024 });
      if (res.status === 404) {
        throw new RegistryResponseError('NotFound', `repository ${this.host}/${repository} not found`, 404, 'GET', redactUrl(this.base + next), res.body);
      }
      if (res.status !== 200) throw statusError(res, `GET ${redactUrl(this.base + next)}`);
      let body: { tags?: string[] | null };
      try {
        body = JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null };
      } catch {
        throw new TransportError('Failed', `${this.host}/${repository}: invalid tag list`);
      }
      tags.push(...(body.tags ?? []));
      next = nextLink(res);
      if (next !== undefined && next.startsWith('http')) {
        // Absolute links are allowed by the spec; keep them on this registry.
        const u = new URL(next);
        next = `${u.pathname}${u.search}`;
      }
    }
    return tags;
  }

  /** A manifest by tag or digest, verified against the digest asked for or announced. */
  async getManifest(repository: string, reference: string): Promise<{ digest: string; mediaType: string; body: Buffer; manifest: ImageManifest }> {
    const scope = `repository:${repository}:pull`;
    const res = await this.request('GET', `/v2/${repository}/manifests/${reference}`, scope, {
      headers: { Accept: [OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX].join(', ') },
      maxBytes: 4 * 1024 * 1024,
    });
    if (res.status === 404) throw new TransportError('NotFound', `${this.host}/${repository}:${reference}: not found`, 404);
    if (res.status !== 200) throw statusError(res, `GET manifest ${this.host}/${repository}:${reference}`);
    const digest = sha256Digest(res.body);
    const announced = res.headers['docker-content-digest'];
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new TransportError('InvalidArtifact', `manifest digest mismatch for ${this.host}/${repository}@${reference}: got ${digest}`);
    }
    if (typeof announced === 'string' && announced.startsWith('sha256:') && announced !== digest) {
      throw new TransportError('InvalidArtifact', `manifest digest mismatch for ${this.host}/${repository}:${reference}: registry says ${announced}, content is ${digest}`);
    }
    let manifest: ImageManifest;
    try {
      manifest = JSON.parse(res.body.toString('utf8')) as ImageManifest;
    } catch {
      throw new TransportError('InvalidArtifact', `${this.host}/${repository}:${reference}: manifest is not valid JSON`);
    }
    const ct = res.headers['content-type'] ?? manifest.mediaType ?? OCI_MANIFEST;
    return { digest, mediaType: ct, body: res.body, manifest };
  }

  /** A blob, checked against its digest (and size limit). */
  async getBlob(repository: string, digest: string, maxBytes: number): Promise<Buffer> {
    const res = await this.request('GET', `/v2/${repository}/blobs/${digest}`, `repository:${repository}:pull`, { maxBytes });
    if (res.status === 404) throw new TransportError('NotFound', `blob ${digest} not found in ${this.host}/${repository}`, 404);
    if (res.status !== 200) throw statusError(res, `GET blob ${this.host}/${repository}@${digest}`);
    const got = sha256Digest(res.body);
    if (got !== digest) throw new TransportError('InvalidArtifact', `blob digest mismatch in ${this.host}/${repository}: expected ${digest}, got ${got}`);
    return res.body;
  }

  /** Uploads a blob unless the registry already has it (monolithic POST + PUT). */
  async pushBlob(repository: string, data: Buffer): Promise<string> {
    const digest = sha256Digest(data);
    const scope = `repository:${repository}:pull,push`;
    const head = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, scope);
    if (head.status === 200) return digest;
    const start = await this.request('POST', `/v2/${repository}/blobs/uploads/`, scope, { body: Buffer.alloc(0) });
    if (start.status !== 202) throw statusError(start, `start upload to ${this.host}/${repository}`);
    const location = start.headers.location;
    if (location === undefined) throw new TransportError('Failed', `${this.host}: upload started without a Location`);
    const u = new URL(location, this.base);
    u.searchParams.set('digest', digest);
    const put = await this.request('PUT', u.toString(), scope, { body: data, headers: { 'Content-Type': 'application/octet-stream' } });
    if (put.status !== 201) throw statusError(put, `upload blob to ${this.host}/${repository}`);
    return digest;
  }

  async putManifest(repository: string, tag: string, body: Buffer, mediaType: string): Promise<string> {
    const res = await this.request('PUT', `/v2/${repository}/manifests/${tag}`, `repository:${repository}:pull,push`, {
      body,
      headers: { 'Content-Type': mediaType },
    });
    if (res.status !== 201) throw statusError(res, `PUT manifest ${this.host}/${repository}:${tag}`);
    return sha256Digest(body);
  }
}

function nextLink(res: HttpResponse): string | undefined {
  const link = res.headers.link;
  const text = Array.isArray(link) ? link.join(', ') : link;
  if (text === undefined) return undefined;
  for (const part of text.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}
