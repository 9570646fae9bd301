// KubeClient: the Cluster interface over the Kubernetes REST API. Requests go through the
// Transport (auth from client-node, retries, deadline); this module knows the API's verbs.
import type { IncomingMessage } from 'node:http';
import { NoKindMatchError, KubeApiError, apiError, errorCode, isGone, type RequestContext } from './errors.js';
import { collectionPath, groupVersionPath, itemPath, splitApiVersion } from './paths.js';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError } from './retry.js';
import type { Transport } from './transport.js';
import type {
  ApplyOptions,
  Cluster,
  DeleteOptions,
  KubeObject,
  ListOptions,
  ObjectList,
  ResourceRef,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from './types.js';
import { sleepUnlessAborted } from './sleep.js';

/** kubectl's page size: keeps each response (and our memory) bounded on big clusters. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * How long discovery's "not served" answer is trusted. A CRD may be installed later (a controller
 * started before Flux): like client-go's deferred RESTMapper, which resets on a miss, a miss is
 * asked again, but at most this often so a loop over absent kinds does not hammer discovery.
 */
export const DISCOVERY_MISS_TTL_MS = 10_000;

interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
}

interface APIResourceList {
  groupVersion: string;
  resources: APIResource[];
}

export interface KubeClientOptions {
  transport: Transport;
  contextNamespace?: string;
  /** Wait between watch reconnects when a stream ends at once (tests shorten it). */
  reconnectDelayMs?: (attempt: number) => number;
  /** See DISCOVERY_MISS_TTL_MS. */
  discoveryMissTtlMs?: number;
  /** Milliseconds clock for the discovery cache (tests). */
  now?: () => number;
}

/** One group/version's discovery answer (undefined: the group/version is not served). */
interface DiscoveryEntry {
  list: Promise<APIResourceList | undefined>;
  fetchedAt: number;
}

/** A 404 without an object name: the collection itself is unknown, i.e. the CRD is missing. */
function isMissingResource(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 404 && !err.status?.details?.name;
}

function noKind(res: ResourceRef): NoKindMatchError {
  return new NoKindMatchError(res.kind, res.group, res.version);
}

function writeQuery(opts: WriteOptions | undefined): Record<string, string | undefined> {
  return { fieldManager: opts?.fieldManager, dryRun: opts?.dryRun ? 'All' : undefined };
}

export class KubeClient implements Cluster {
  readonly server: string;
  readonly contextNamespace?: string;
  private readonly transport: Transport;
  private readonly discovery = new Map<string, DiscoveryEntry>();
  private readonly reconnectDelayMs: (attempt: number) => number;
  private readonly discoveryMissTtlMs: number;
  private readonly now: () => number;

  constructor(opts: KubeClientOptions) {
    this.transport = opts.transport;
    this.server = opts.transport.server;
    if (opts.contextNamespace) this.contextNamespace = opts.contextNamespace;
    this.reconnectDelayMs = opts.reconnectDelayMs ?? ((attempt) => backoffDelay(attempt, DEFAULT_RETRY));
    this.discoveryMissTtlMs = opts.discoveryMissTtlMs ?? DISCOVERY_MISS_TTL_MS;
    this.now = opts.now ?? Date.now;
  }

  close(): void {
    this.transport.close();
  }

  async get<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T> {
    const ctx: RequestContext = { verb: 'get', resource: res, name, ...(namespace ? { namespace } : {}) };
    try {
      return withTypeMeta(await this.transport.json<T>({ method: 'GET', path: itemPath(res, name, namespace) }, ctx), res);
    } catch (err) {
      throw this.missing(err, res);
    }
  }

  async tryGet<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
    try {
      return await this.get<T>(res, name, namespace);
    } catch (err) {
      if (err instanceof KubeApiError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  async *listPages<T extends KubeObject = KubeObject>(res: ResourceRef, opts: ListOptions = {}): AsyncIterable<ObjectList<T>> {
    const ctx: RequestContext = { verb: 'list', resource: res, ...(opts.namespace ? { namespace: opts.namespace } : {}) };
    let cont = opts.continue;
    do {
      let page: ObjectList<T>;
      try {
        page = await this.transport.json<ObjectList<T>>(
          {
            method: 'GET',
            path: collectionPath(res, opts.namespace),
            query: {
              labelSelector: opts.labelSelector,
              fieldSelector: opts.fieldSelector,
              limit: opts.limit ?? DEFAULT_PAGE_SIZE,
              continue: cont,
            },
          },
          ctx,
        );
      } catch (err) {
        throw this.missing(err, res);
      }
      page.metadata ??= {};
      page.items ??= [];
      for (const item of page.items) withTypeMeta(item, res);
      yield page;
      cont = page.metadata.continue;
    } while (cont && !opts.singlePage);
  }

  async list<T extends KubeObject = KubeObject>(res: ResourceRef, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const items: T[] = [];
    let last: ObjectList<T> | undefined;
    for await (const page of this.listPages<T>(res, opts)) {
      // Appended one by one: a spread of a 10k-item page would blow the argument stack.
      for (const item of page.items) items.push(item);
      last = page;
    }
    const metadata = { ...(last?.metadata ?? {}) };
    if (!opts.singlePage) delete metadata.continue;
    return { apiVersion: last?.apiVersion ?? apiVersionOf(res), kind: last?.kind ?? `${res.kind}List`, metadata, items };
  }

  watch<T extends KubeObject = KubeObject>(res: ResourceRef, opts: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    return this.watchEvents<T>(res, opts);
  }

  private async *watchEvents<T extends KubeObject>(res: ResourceRef, opts: WatchOptions): AsyncGenerator<WatchEvent<T>> {
    const { signal } = opts;
    const listOpts: ListOptions = {
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
      ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}),
      ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}),
    };
    const ctx: RequestContext = { verb: 'watch', resource: res, ...(opts.namespace ? { namespace: opts.namespace } : {}) };
    let rv = opts.resourceVersion;
    let needList = rv === undefined;
    let quickEnds = 0;
    // Every object seen so far (last state), so a re-list can tell what vanished in the gap.
    const known = new Map<string, T>();
    if (rv !== undefined) for (const object of opts.knownObjects ?? []) known.set(objectKey(object), object as T);
    while (!signal?.aborted) {
      if (needList) {
        // A fresh start, or the server forgot our resourceVersion (410 Gone): re-list, as
        // client-go's reflector Replace does: new objects ADDED, known ones MODIFIED, and known
        // ones missing from the list DELETED (the DELETED event was lost in the gap).
        let list: ObjectList<T>;
        try {
          list = await this.list<T>(res, listOpts);
        } catch (err) {
          if (signal?.aborted) return;
          throw err;
        }
        rv = list.metadata.resourceVersion;
        needList = false;
        const gone = new Map(known);
        known.clear();
        for (const object of list.items) {
          const key = objectKey(object);
          const type = gone.delete(key) ? 'MODIFIED' : 'ADDED';
          known.set(key, object);
          yield { type, object };
        }
        for (const object of gone.values()) yield { type: 'DELETED', object };
      }
      let stream: IncomingMessage;
      try {
        stream = await this.transport.stream(
          {
            method: 'GET',
            path: collectionPath(res, opts.namespace),
            query: { watch: 'true', allowWatchBookmarks: 'true', resourceVersion: rv, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
          },
          ctx,
          signal,
        );
      } catch (err) {
        if (signal?.aborted) return;
        if (isGone(err)) {
          needList = true;
          continue;
        }
        throw this.missing(err, res);
      }
      let received = 0;
      try {
        for await (const line of ndjsonLines(stream)) {
          const event = parseEvent(line);
          if (!event) continue;
          if (event.type === 'ERROR') {
            const status = event.object as { code?: number };
            if (status.code === 410) {
              needList = true;
              break;
            }
            throw apiError(status.code ?? 500, JSON.stringify(event.object), ctx);
          }
          const object = withTypeMeta(event.object as T, res);
          rv = object.metadata?.resourceVersion ?? rv;
          received++;
          if (event.type === 'BOOKMARK') continue;
          if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
            if (event.type === 'DELETED') known.delete(objectKey(object));
            else known.set(objectKey(object), object);
            yield { type: event.type, object };
          }
        }
      } catch (err) {
        if (signal?.aborted) return;
        // A dropped connection: resume from the last resourceVersion we saw.
        if (!isRetryableNetworkError(errorCode(err)) && !(err instanceof Error && err.message === 'aborted')) throw err;
      } finally {
        stream.destroy();
      }
      if (needList) continue;
      // The server ends watches now and then; reconnect, slowing down if it keeps ending at once.
      quickEnds = received === 0 ? quickEnds + 1 : 0;
      if (quickEnds > 0) await sleepUnlessAborted(this.reconnectDelayMs(Math.min(quickEnds - 1, 6)), signal);
    }
  }

  async create<T extends KubeObject = KubeObject>(res: ResourceRef, obj: T, opts?: WriteOptions): Promise<T> {
    const ns = obj.metadata.namespace;
    const ctx: RequestContext = { verb: 'create', resource: res, name: obj.metadata.name, ...(ns ? { namespace: ns } : {}) };
    return this.write<T>(ctx, { method: 'POST', path: collectionPath(res, ns), query: writeQuery(opts), body: obj });
  }

  async replace<T extends KubeObject = KubeObject>(res: ResourceRef, obj: T, opts?: WriteOptions): Promise<T> {
    const ns = obj.metadata.namespace;
    const ctx: RequestContext = { verb: 'update', resource: res, name: obj.metadata.name, ...(ns ? { namespace: ns } : {}) };
    return this.write<T>(ctx, { method: 'PUT', path: itemPath(res, obj.metadata.name, ns), query: writeQuery(opts), body: obj });
  }

  async delete(res: ResourceRef, name: string, namespace?: string, opts?: DeleteOptions): Promise<void> {
    const ctx: RequestContext = { verb: 'delete', resource: res, name, ...(namespace ? { namespace } : {}) };
    await this.write(ctx, {
      method: 'DELETE',
      path: itemPath(res, name, namespace),
      // kube-apiserver reads a DELETE's options from its body when there is one and then ignores
      // the query, so dryRun goes in the body (as kubectl sends it).
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...(opts?.propagationPolicy ? { propagationPolicy: opts.propagationPolicy } : {}), ...(opts?.dryRun ? { dryRun: ['All'] } : {}) },
    });
  }

  async mergePatch<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace: string | undefined, patch: unknown, opts?: WriteOptions): Promise<T> {
    const ctx: RequestContext = { verb: 'patch', resource: res, name, ...(namespace ? { namespace } : {}) };
    return this.write<T>(ctx, { method: 'PATCH', path: itemPath(res, name, namespace), query: writeQuery(opts), body: patch, contentType: 'application/merge-patch+json' });
  }

  async statusPatch<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace: string | undefined, patch: unknown, opts?: WriteOptions): Promise<T> {
    const ctx: RequestContext = { verb: 'patch', resource: res, name, ...(namespace ? { namespace } : {}) };
    return this.write<T>(ctx, { method: 'PATCH', path: `${itemPath(res, name, namespace)}/status`, query: writeQuery(opts), body: patch, contentType: 'application/merge-patch+json' });
  }

  async apply<T extends KubeObject = KubeObject>(res: ResourceRef, obj: KubeObject, opts: ApplyOptions): Promise<T> {
    const ns = obj.metadata.namespace;
    const ctx: RequestContext = { verb: 'patch', resource: res, name: obj.metadata.name, ...(ns ? { namespace: ns } : {}) };
    return this.write<T>(ctx, {
      method: 'PATCH',
      path: itemPath(res, obj.metadata.name, ns),
      // JSON is YAML: the apply body is sent as JSON under the apply-patch content type.
      query: { ...writeQuery(opts), force: opts.force ? 'true' : undefined },
      body: obj,
      contentType: 'application/apply-patch+yaml',
    });
  }

  private async write<T>(ctx: RequestContext, req: Parameters<Transport['json']>[0]): Promise<T> {
    try {
      const out = await this.transport.json<T>(req, ctx);
      return ctx.resource && out && typeof out === 'object' && 'metadata' in out ? (withTypeMeta(out as unknown as KubeObject, ctx.resource) as T) : out;
    } catch (err) {
      throw ctx.resource ? this.missing(err, ctx.resource) : err;
    }
  }

  /**
   * A request answered "no such collection": the CRD is gone (or lost that version). Forget what
   * discovery said about it, so the next resourceFor asks the server again.
   */
  private missing(err: unknown, res: ResourceRef): unknown {
    if (!isMissingResource(err)) return err;
    this.discovery.delete(`${res.group}/${res.version}`);
    return noKind(res);
  }

  private discover(group: string, version: string): DiscoveryEntry {
    const key = `${group}/${version}`;
    const entry: DiscoveryEntry = {
      fetchedAt: this.now(),
      list: this.transport.json<APIResourceList>({ method: 'GET', path: groupVersionPath(group, version) }, { verb: 'get' }).catch((err: unknown) => {
        if (err instanceof KubeApiError && err.statusCode === 404) return undefined;
        // Transient failures are not remembered.
        if (this.discovery.get(key) === entry) this.discovery.delete(key);
        throw err;
      }),
    };
    this.discovery.set(key, entry);
    return entry;
  }

  async resourceFor(apiVersion: string, kind: string): Promise<ResourceRef> {
    const { group, version } = splitApiVersion(apiVersion);
    const find = (list: APIResourceList | undefined) => list?.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    let entry = this.discovery.get(`${group}/${version}`) ?? this.discover(group, version);
    let found = find(await entry.list);
    // A miss older than the TTL may be stale (CRD created since): ask once more.
    if (!found && this.now() - entry.fetchedAt >= this.discoveryMissTtlMs) {
      entry = this.discover(group, version);
      found = find(await entry.list);
    }
    if (!found) throw new NoKindMatchError(kind, group, version);
    return { group, version, plural: found.name, kind, namespaced: found.namespaced };
  }

  async serverVersion(): Promise<string> {
    const info = await this.transport.json<{ gitVersion?: string }>({ method: 'GET', path: '/version' }, { verb: 'get' });
    return info?.gitVersion ?? '';
  }
}

function objectKey(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

function apiVersionOf(res: ResourceRef): string {
  return res.group ? `${res.group}/${res.version}` : res.version;
}

/** List items may lack apiVersion/kind; accessors and printers expect them. */
function withTypeMeta<T extends KubeObject>(obj: T, res: ResourceRef): T {
  if (obj && typeof obj === 'object') {
    if (!obj.apiVersion) obj.apiVersion = apiVersionOf(res);
    if (!obj.kind) obj.kind = res.kind;
  }
  return obj;
}

interface RawEvent {
  type: string;
  object: unknown;
}

function parseEvent(line: string): RawEvent | undefined {
  if (line.trim() === '') return undefined;
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { type, object } = parsed as { type?: unknown; object?: unknown };
  if (typeof type !== 'string' || typeof object !== 'object' || object === null) return undefined;
  return { type, object };
}

async function* ndjsonLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of stream) {
    buffered += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      yield buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
    }
  }
  if (buffered.trim() !== '') yield buffered;
}
