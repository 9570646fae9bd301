// A small HTTP(S) client over node:http/https: per-request TLS material (custom CA, client
// certificate), a response size cap enforced while streaming, timeouts, and redirects that
// drop the Authorization header when they leave the original host (as Go's net/http does).
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { TransportError } from './errors.js';
import { proxyFromEnvironment } from '../cluster/proxy-env.js';
import { trustExtraCaCerts } from '../cluster/extra-ca-certs.js';

export interface TlsMaterial {
  /** PEM CA bundle to trust instead of the system roots. */
  ca?: string;
  /** PEM client certificate and key (mutual TLS). */
  cert?: string;
  key?: string;
  /** Skip server certificate verification (HelmRepository spec.insecure for https is not this; only tests use it). */
  insecureSkipVerify?: boolean;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: Buffer;
  tls?: TlsMaterial;
  /** Fail once the body grows past this many bytes. */
  maxBytes?: number;
  timeoutMs?: number;
  /** Follow 3xx responses (default true). */
  followRedirects?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** URL of the final response, after redirects. */
  url: string;
}

/** Counts requests sent by this process (the benchmark checks cached paths send none). */
export const httpStats = { requests: 0 };

const MAX_REDIRECTS = 10;

/** URL text safe for messages: no user:password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  let url = req.url;
  let headers = { ...(req.headers ?? {}) };
  let method = req.method ?? 'GET';
  let body = req.body;
  const origin = new URL(url).host;
  for (let hop = 0; ; hop++) {
    const res = await once({ ...req, url, headers, method, body });
    const location = res.headers.location;
    if ((req.followRedirects ?? true) && res.status >= 300 && res.status < 400 && location !== undefined) {
      if (hop >= MAX_REDIRECTS) throw new TransportError('Failed', `${method} ${redactUrl(req.url)}: stopped after ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      if (next.host !== origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next.toString();
      continue;
    }
    return res;
  }
}

/** The proxy for a URL as Go's net/http picks it from the environment (src/cluster/proxy-env.ts). */
function proxyFor(target: URL): URL | undefined {
  let proxy: string | undefined;
  try {
    proxy = proxyFromEnvironment(target.href, process.env);
  } catch (err) {
    throw new TransportError('Unreachable', `${redactUrl(target.href)}: ${(err as Error).message}`);
  }
  if (proxy === undefined) return undefined;
  try {
    return new URL(proxy);
  } catch {
    return undefined;
  }
}

/** An HTTP Basic credential, as the Authorization and Proxy-Authorization headers carry it. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function proxyAuth(proxy: URL): Record<string, string> {
  if (proxy.username === '') return {};
  return { 'Proxy-Authorization': basicAuthorization(decodeURIComponent(proxy.username), decodeURIComponent(proxy.password)) };
}

/** Opens a CONNECT tunnel through an HTTP proxy to host:port. */
function tunnel(proxy: URL, host: string, port: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const r = http.request({
      host: proxy.hostname,
      port: proxy.port === '' ? 80 : Number(proxy.port),
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers: { Host: `${host}:${port}`, ...proxyAuth(proxy) },
      agent: false,
    });
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`proxy CONNECT timeout after ${timeoutMs}ms`)));
    r.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new TransportError('Unreachable', `proxy ${redactUrl(proxy.toString())} refused CONNECT ${host}:${port}: ${res.statusCode}`));
        return;
      }
      resolve(socket);
    });
    r.on('error', (err) => reject(new TransportError('Unreachable', `proxy ${redactUrl(proxy.toString())}: ${err.message}`)));
    r.end();
  });
}

/**
 * Sends a request for `u` the way Go's transport would under HTTP(S)_PROXY/NO_PROXY: plain
 * HTTP as an absolute-URI request to the proxy, HTTPS through a CONNECT tunnel. Leaves
 * `options` alone when the request goes direct. Its callers, which then send the request, call
 * trustExtraCaCerts first.
 */
export async function routeThroughProxy(u: URL, options: https.RequestOptions, material: TlsMaterial | undefined, timeoutMs: number): Promise<void> {
  const proxy = proxyFor(u);
  if (proxy === undefined) return;
  if (u.protocol === 'http:') {
    options.hostname = proxy.hostname;
    options.port = proxy.port === '' ? 80 : Number(proxy.port);
    options.path = u.toString();
    options.headers = { ...options.headers, Host: u.host, ...proxyAuth(proxy) };
    return;
  }
  const socket = await tunnel(proxy, u.hostname, u.port || '443', timeoutMs);
  // Without an agent, the request runs over the socket createConnection returns.
  delete options.agent;
  const servername = net.isIP(u.hostname.replace(/^\[|\]$/g, '')) === 0 ? u.hostname : undefined;
  options.createConnection = () =>
    tls.connect({
      socket,
      ...(servername !== undefined ? { servername } : {}),
      ...(material?.ca !== undefined ? { ca: material.ca } : {}),
      ...(material?.cert !== undefined ? { cert: material.cert } : {}),
      ...(material?.key !== undefined ? { key: material.key } : {}),
      ...(material?.insecureSkipVerify === true ? { rejectUnauthorized: false } : {}),
    });
}

async function once(req: HttpRequest & { method: string }): Promise<HttpResponse> {
  trustExtraCaCerts();
  const target = new URL(req.url);
  const headers: Record<string, string> = { 'User-Agent': 'flux-ts', ...req.headers };
  if (target.username !== '' || target.password !== '') {
    headers.Authorization ??= basicAuthorization(decodeURIComponent(target.username), decodeURIComponent(target.password));
  }
  if (req.body !== undefined) headers['Content-Length'] = String(req.body.length);
  const options: https.RequestOptions = {
    method: req.method,
    protocol: target.protocol,
    hostname: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port === '' ? undefined : Number(target.port),
    path: `${target.pathname}${target.search}`,
    headers,
    agent: false,
  };
  if (target.protocol === 'http:' || target.protocol === 'https:') await routeThroughProxy(target, options, req.tls, req.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    const u = target;
    const isHttps = u.protocol === 'https:';
    if (!isHttps && u.protocol !== 'http:') {
      reject(new TransportError('InvalidSpec', `unsupported URL scheme '${u.protocol.replace(':', '')}' in ${redactUrl(req.url)}`));
      return;
    }
    if (isHttps && req.tls !== undefined) {
      if (req.tls.ca !== undefined) options.ca = req.tls.ca;
      if (req.tls.cert !== undefined) options.cert = req.tls.cert;
      if (req.tls.key !== undefined) options.key = req.tls.key;
      if (req.tls.insecureSkipVerify === true) options.rejectUnauthorized = false;
    }
    httpStats.requests++;
    const label = `${req.method} ${redactUrl(req.url)}`;
    const r = (isHttps ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (req.maxBytes !== undefined && size > req.maxBytes) {
          res.destroy();
          reject(new TransportError('InvalidArtifact', `${label}: response exceeds the maximum size of ${req.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: req.url });
      });
      res.on('error', (err) => reject(new TransportError('Unreachable', `${label}: ${err.message}`)));
    });
    r.setTimeout(req.timeoutMs ?? 60_000, () => {
      r.destroy(new Error(`timeout after ${req.timeoutMs ?? 60_000}ms`));
    });
    r.on('error', (err: NodeJS.ErrnoException) => {
      reject(new TransportError('Unreachable', `${label}: ${err.message}`));
    });
    r.end(req.body);
  });
}

/** Maps an unsuccessful HTTP status to a TransportError with a short, stable message. */
export function statusError(res: HttpResponse, what: string): TransportError {
  const text = http.STATUS_CODES[res.status] ?? 'Unknown';
  const reason = res.status === 401 || res.status === 403 ? 'AuthenticationFailed' : res.status === 404 ? 'NotFound' : 'Failed';
  return new TransportError(reason, `${what}: ${res.status} ${text}`, res.status);
}
