// The HTTP front of the test API server: routing of kube-apiserver paths, content negotiation
// (JSON, Table, aggregated discovery), authentication, request logging and fault injection.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../../src/cluster/types.js';
import { type Api, PATCH_TYPES, type WriteOptions } from './api.js';
import { aggregated, aggregatedContentType, aggregatedVersionAccepted, apiVersions, group, groupList, resourceList, SERVER_VERSION } from './discovery.js';
import type { Faults } from './faults.js';
import { groupVersionDoc, rootDoc } from './openapi.js';
import { apiVersionOf, type ResourceDef } from './resources.js';
import { ApiError, badRequest, forbidden, internalError, pathNotFound, statusForCode, unauthorized } from './status.js';
import { toTable, wantsTable } from './table.js';
import { decodeProtobuf, PROTOBUF } from './protobuf.js';
import { deleteOptions, listQuery, type WriteVerb, writeQuery } from './request-options.js';
import { getScale, writeScale } from './scale.js';
import { serveWatch } from './watch.js';
import { awaitFreshness, TOO_LARGE_RV_WAIT_MS } from './fresh-read.js';

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  accept?: string;
  userAgent?: string;
  /** All request headers (authorization included: the log stays in the test process). */
  headers: IncomingHttpHeaders;
  /** The decoded request body (JSON, YAML or protobuf), for asserting what a client sent. */
  body?: unknown;
  status?: number;
  time: number;
}

export interface HttpOptions {
  token?: string;
  /** User name RBAC denials report for the token's user. */
  user?: string;
  bookmarkIntervalMs?: number;
  maxRequestLog?: number;
  /** How long a read at a future resourceVersion waits before its 504 (default 3000 ms, as the watch cache). */
  tooLargeRvWaitMs?: number;
}

interface Route {
  group: string;
  version: string;
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const MAX_BODY = 3 * 1024 * 1024;

function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  send(res, err.code, err.status, err.headers);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseBody(data: Buffer, contentType: string): unknown {
  const type = contentType.split(';')[0]!.trim();
  if (type === PROTOBUF) return data.length ? decodeProtobuf(data) : undefined;
  const text = data.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    if (type === PATCH_TYPES.apply || type === 'application/yaml') return parseYaml(text) as unknown;
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`error decoding request body: ${(e as Error).message.split('\n')[0]}`);
  }
}

function verbOf(method: string, route: Route, watch: boolean): string {
  switch (method) {
    case 'GET':
      return watch ? 'watch' : route.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** The write options of a request, validated as its verb's options kind (CreateOptions, ...). */
function writeOptions(q: URLSearchParams, req: IncomingMessage, verb: WriteVerb, patchType?: string): WriteOptions {
  const ua = req.headers['user-agent'];
  return {
    ...writeQuery(q, verb, patchType),
    // Like the apiserver: without fieldManager, the User-Agent's first word names the manager.
    defaultManager: ua ? ua.split('/')[0] : 'unknown',
  };
}

function warningHeaders(warnings: string[]): Record<string, string[]> {
  return warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {};
}

export class HttpFront {
  readonly requests: RequestRecord[] = [];
  private server?: Server;
  private address = '127.0.0.1:0';

  constructor(
    private readonly api: Api,
    private readonly faults: Faults,
    private readonly opts: HttpOptions = {},
  ) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        sendError(res, e instanceof ApiError ? e : internalError((e as Error).message));
      });
    });
    // Tests open many short connections; keep-alive sockets must not hold close() up.
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const a = this.server.address();
    if (!a || typeof a === 'string') throw new Error('test apiserver: no address');
    this.address = `${host}:${a.port}`;
    return `http://${this.address}`;
  }

  async close(): Promise<void> {
    this.faults.closeWatches();
    const s = this.server;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private log(req: IncomingMessage, url: URL): RequestRecord {
    const rec: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      contentType: req.headers['content-type'],
      accept: req.headers['accept'],
      userAgent: req.headers['user-agent'],
      headers: req.headers,
      time: Date.now(),
    };
    this.requests.push(rec);
    const max = this.opts.maxRequestLog ?? 10_000;
    if (this.requests.length > max) this.requests.splice(0, this.requests.length - max);
    return rec;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const rec = this.log(req, url);
    res.on('finish', () => (rec.status = res.statusCode));

    const delay = this.faults.takeDelay(method, url.pathname);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const failure = this.faults.takeFailure(method, url.pathname);
    if (failure) {
      if (failure.status === 'reset') {
        req.socket.destroy();
        return;
      }
      const err = statusForCode(failure.status, failure.retryAfter);
      if (failure.message) err.status.message = failure.message;
      if (failure.reason) err.status.reason = failure.reason;
      return sendError(res, err);
    }

    // Authentication: a wrong token is 401; no token is the anonymous user.
    let user = this.opts.user ?? 'test-user';
    if (this.opts.token !== undefined) {
      const auth = req.headers['authorization'];
      if (auth === undefined) user = 'system:anonymous';
      else if (auth !== `Bearer ${this.opts.token}`) return sendError(res, unauthorized());
    }
    const anonymous = user === 'system:anonymous';

    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    const accept = req.headers['accept'];

    if (['/version', '/healthz', '/livez', '/readyz'].includes(path)) {
      if (path === '/version') return send(res, 200, SERVER_VERSION);
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('ok');
    }
    if (anonymous) {
      if (path === '/api' || path === '/apis' || path.startsWith('/openapi')) {
        return sendError(res, new ApiError(403, 'Forbidden', `forbidden: User "system:anonymous" cannot get path "${path}"`, {}));
      }
    }
    if (method === 'GET' && (path === '/api' || path === '/apis')) {
      const agg = aggregatedVersionAccepted(accept);
      if (agg) {
        const text = JSON.stringify(aggregated(this.api.registry, path === '/api', agg));
        res.writeHead(200, { 'Content-Type': aggregatedContentType(agg), Vary: 'Accept', 'Content-Length': Buffer.byteLength(text) });
        return void res.end(text);
      }
      return send(res, 200, path === '/api' ? apiVersions(this.address) : groupList(this.api.registry));
    }
    if (path === '/openapi/v3') return send(res, 200, rootDoc(this.api.registry));
    let m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (m) {
      const doc = m[1] ? groupVersionDoc(this.api.registry, '', m[1]) : groupVersionDoc(this.api.registry, m[2]!, m[3]!);
      return doc ? send(res, 200, doc, { Etag: `"${q.get('hash') ?? ''}"` }) : sendError(res, pathNotFound());
    }

    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    let groupName: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api') {
      if (segs.length < 2) return sendError(res, pathNotFound());
      groupName = '';
      version = segs[1]!;
      rest = segs.slice(2);
    } else if (segs[0] === 'apis') {
      if (segs.length === 2) {
        const g = method === 'GET' ? group(this.api.registry, segs[1]!) : undefined;
        return g ? send(res, 200, g) : sendError(res, pathNotFound());
      }
      if (segs.length < 3) return sendError(res, pathNotFound());
      groupName = segs[1]!;
      version = segs[2]!;
      rest = segs.slice(3);
    } else return sendError(res, pathNotFound());

    if (rest.length === 0) {
      const list = method === 'GET' ? resourceList(this.api.registry, groupName, version) : undefined;
      return list ? send(res, 200, list) : sendError(res, pathNotFound());
    }
    // The legacy /watch/ prefix.
    let watch = q.get('watch') === 'true' || q.get('watch') === '1';
    if (rest[0] === 'watch') {
      watch = true;
      rest = rest.slice(1);
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, subresource, ...extra] = rest;
    const def = this.api.registry.lookup(groupName, version, plural!);
    if (!def || extra.length > 0 || (namespace !== undefined && !def.namespaced)) return sendError(res, pathNotFound());
    if (def.namespaced && name !== undefined && namespace === undefined) return sendError(res, pathNotFound());
    if (subresource !== undefined && !((subresource === 'status' && def.statusSubresource) || (subresource === 'scale' && def.scaleSubresource))) return sendError(res, pathNotFound());
    const route: Route = { group: groupName, version, def, namespace, name, subresource };

    const verb = verbOf(method, route, watch);
    if (anonymous || this.faults.denied(verb, groupName, def.plural, namespace)) {
      return sendError(res, forbidden({ user, verb, group: groupName, resource: def.plural, subresource, namespace, name }));
    }
    const body = method === 'GET' ? undefined : parseBody(await readBody(req), req.headers['content-type'] ?? 'application/json');
    if (method === 'GET' && !watch) {
      // Bad list options are refused before storage is asked; exact reads do not wait (etcd).
      if (name === undefined) listQuery(q, false);
      if (q.get('resourceVersionMatch') !== 'Exact') await awaitFreshness(this.api.store, q.get('resourceVersion'), this.opts.tooLargeRvWaitMs ?? TOO_LARGE_RV_WAIT_MS);
    }
    if (body !== undefined) rec.body = body;
    return this.serveResource(req, res, route, method, watch, q, body);
  }

  private render(route: Route, q: URLSearchParams, accept: string | undefined) {
    return (objs: KubeObject[], meta: { resourceVersion?: string; continue?: string; remainingItemCount?: number } = {}): unknown =>
      wantsTable(accept) ? toTable(route.def, route.version, objs, meta, q.get('includeObject')) : objs[0];
  }

  private serveResource(req: IncomingMessage, res: ServerResponse, route: Route, method: string, watch: boolean, q: URLSearchParams, body: unknown): void {
    const { def, version, namespace, name, subresource } = route;
    const accept = req.headers['accept'];
    const render = this.render(route, q, accept);
    const patchType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    const knownPatch = (Object.values(PATCH_TYPES) as string[]).includes(patchType);
    // The options kind follows the verb; an unknown patch type is a 415 before any option is read.
    const opts = (): WriteOptions => writeOptions(q, req, method === 'POST' ? 'create' : method === 'PUT' ? 'update' : 'patch', knownPatch ? patchType : undefined);
    // Reads of a deprecated version carry its warning too (writes add theirs in the API layer).
    const readWarnings = warningHeaders(this.api.deprecationWarnings(def, version));
    if (subresource === 'scale' && name !== undefined) {
      if (method === 'GET') return send(res, 200, getScale(this.api, def, version, namespace, name));
      if (method === 'PUT' || method === 'PATCH') return send(res, 200, writeScale(this.api, def, version, namespace, name, method, req.headers['content-type'] ?? '', body, opts()));
      return sendError(res, new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    }
    switch (method) {
      case 'GET': {
        if (name === undefined) {
          const lq = listQuery(q, watch);
          if (watch) {
            return serveWatch(this.api, this.faults, res, {
              def,
              version,
              namespace,
              labelSelector: q.get('labelSelector') ?? undefined,
              fieldSelector: q.get('fieldSelector') ?? undefined,
              resourceVersion: lq.resourceVersion,
              allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
              sendInitialEvents: lq.sendInitialEvents === true,
              timeoutSeconds: q.has('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined,
              bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 10_000,
              render: (objs) => render(objs),
              path: req.url ?? '',
            });
          }
          const limit = q.has('limit') ? Number(q.get('limit')) : undefined;
          const list = this.api.list(def, version, namespace, {
            labelSelector: q.get('labelSelector') ?? undefined,
            fieldSelector: q.get('fieldSelector') ?? undefined,
            limit,
            continue: lq.continue,
          });
          const meta = { resourceVersion: list.resourceVersion, continue: list.continue, remainingItemCount: list.remainingItemCount };
          if (wantsTable(accept)) return send(res, 200, render(list.items, meta), readWarnings);
          const lm: Record<string, unknown> = { resourceVersion: list.resourceVersion };
          if (list.continue) lm['continue'] = list.continue;
          if (list.remainingItemCount !== undefined) lm['remainingItemCount'] = list.remainingItemCount;
          // Custom resource lists are unstructured (sorted keys); typed lists follow the struct order.
          const listBody = def.custom
            ? { apiVersion: apiVersionOf(def.group, version), items: list.items, kind: def.listKind, metadata: lm }
            : { kind: def.listKind, apiVersion: apiVersionOf(def.group, version), metadata: lm, items: list.items };
          return send(res, 200, listBody, readWarnings);
        }
        const obj = this.api.get(def, version, namespace, name);
        return send(res, 200, render([obj]), readWarnings);
      }
      case 'POST': {
        if (name !== undefined) return sendError(res, new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
        const r = this.api.create(def, version, namespace, body, opts());
        return send(res, 201, r.object, warningHeaders(r.warnings));
      }
      case 'PUT': {
        if (name === undefined) return sendError(res, new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
        const r = this.api.update(def, version, namespace, name, body, opts(), subresource);
        return send(res, 200, r.object, warningHeaders(r.warnings));
      }
      case 'PATCH': {
        if (name === undefined) return sendError(res, new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
        const r = this.api.patch(def, version, namespace, name, req.headers['content-type'] ?? '', body, knownPatch ? opts() : {}, subresource);
        return send(res, r.created ? 201 : 200, r.object, warningHeaders(r.warnings));
      }
      case 'DELETE': {
        const d = deleteOptions(q, body);
        if (name === undefined) {
          const r = this.api.deleteCollection(def, version, namespace, {
            ...d,
            labelSelector: q.get('labelSelector') ?? undefined,
            fieldSelector: q.get('fieldSelector') ?? undefined,
          });
          return send(res, 200, { apiVersion: apiVersionOf(def.group, version), items: r.items, kind: def.listKind, metadata: { resourceVersion: r.resourceVersion } });
        }
        const r = this.api.delete(def, version, namespace, name, d);
        return send(res, r.code, r.body);
      }
      default:
        return sendError(res, new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    }
  }
}
