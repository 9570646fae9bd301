// The Kubernetes API test server: a real HTTP server on 127.0.0.1 that behaves like
// kube-apiserver for what flux-ts, client-node and kubectl use. See README.md next to this file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../src/cluster/types.js';
import { Api } from './api.js';
import { builtinResources } from './builtin-resources.js';
import { defaultCrd, isCrd } from './crd.js';
import { Faults } from './faults.js';
import { clone, isObject, nowRfc3339 } from './json.js';
import { type KubeconfigOptions, writeKubeconfig } from './kubeconfig.js';
import { apiVersionOf, Registry, type ResourceDef, storageVersion, storeKey } from './resources.js';
import { HttpFront, type RequestRecord } from './server.js';
import { ObjectStore } from './store.js';
import { WorkloadSimulator } from './workloads.js';

export type { KubeObject } from '../../../src/cluster/types.js';
export type { RequestRecord } from './server.js';
export type { KubeconfigOptions } from './kubeconfig.js';
export { Faults } from './faults.js';
export type { FailOptions, DelayOptions, ForbidOptions } from './faults.js';

export interface StartOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Objects to store at start: a list, or the path of a multi-document YAML file. */
  objects?: KubeObject[] | string;
  /** Workloads become ready about a second after each rollout. */
  simulateWorkloads?: boolean;
  /** With simulateWorkloads: workloads with a matching container image never become ready. */
  unpullableImage?: RegExp;
  /** Delay from rollout to ready for simulated workloads (default 1000 ms). */
  readyAfterMs?: number;
  /** Require `Authorization: Bearer <token>` (401 for a wrong token, 403 for none). */
  token?: string;
  /** User name reported in RBAC denials (default test-user). */
  user?: string;
  /** Where to write the kubeconfig (default: a fresh temp dir). */
  kubeconfigPath?: string;
  /** Namespace of the kubeconfig context (default: unset). */
  namespace?: string;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 10 s). */
  bookmarkIntervalMs?: number;
  /** Watch events kept for resuming; older resourceVersions get 410 Expired (default 10000). */
  historyLimit?: number;
  /** Delay before a deleted namespace's content is removed (default 300 ms, as the controller lags). */
  namespaceFinalizeDelayMs?: number;
  /** How long a GET/LIST at a resourceVersion not reached yet waits before its 504 (default 3000 ms). */
  tooLargeRvWaitMs?: number;
}

/** Direct access to stored objects, without HTTP, for seeding fixtures and asserting. */
export interface DirectStore {
  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** Stores the object as given (status included), creating or replacing it; returns it as stored. */
  put(obj: KubeObject): KubeObject;
  /** Removes the object at once (finalizers ignored). */
  delete(apiVersion: string, kind: string, name: string, namespace?: string): boolean;
  /** Stores each object (or each document of a multi-document YAML file, by path) in order. */
  load(objects: KubeObject[] | string): KubeObject[];
  /** The current resourceVersion. */
  resourceVersion(): string;
  /** Forgets the watch history, so resuming from any earlier resourceVersion gets 410 Expired. */
  compact(): void;
}

export interface TestApiServer {
  url: string;
  kubeconfigPath: string;
  writeKubeconfig(path: string, opts?: KubeconfigOptions): string;
  store: DirectStore;
  faults: Faults;
  /** Every request received: method, path, query, content type, accept, status. */
  requests: RequestRecord[];
  clearRequests(): void;
  /** The REST layer and registry, for tests that need more than `store`. */
  api: Api;
  close(): Promise<void>;
}

const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Parses multi-document YAML text into objects (a `List` yields its items; empty documents are skipped). */
export function parseObjects(text: string, source = 'YAML'): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${source}: invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    const v = doc.toJSON() as unknown;
    if (v === null || v === undefined) continue;
    if (!isObject(v)) throw new Error(`${source}: a document is not an object`);
    if (v['kind'] === 'List' && Array.isArray(v['items'])) out.push(...(v['items'] as KubeObject[]));
    else out.push(v as KubeObject);
  }
  return out;
}

/** Reads a multi-document YAML file of objects. */
export function readObjects(path: string): KubeObject[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseObjects(text, path);
}

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

function makeDirectStore(api: Api, registry: Registry, store: ObjectStore): DirectStore {
  const resolve = (apiVersion: string, kind: string): ResourceDef => {
    const [group] = splitApiVersion(apiVersion);
    const def = registry.byKind(group, kind);
    if (!def) throw new Error(`test apiserver: no resource for ${kind} in ${apiVersion} (is its CustomResourceDefinition loaded first?)`);
    return def;
  };
  const direct: DirectStore = {
    get(apiVersion, kind, name, namespace) {
      const def = resolve(apiVersion, kind);
      const o = store.get(storeKey(def), def.namespaced ? namespace : undefined, name);
      return o ? api.present(def, o, splitApiVersion(apiVersion)[1]) : undefined;
    },
    list(apiVersion, kind, namespace) {
      const def = resolve(apiVersion, kind);
      return store.list(storeKey(def), def.namespaced ? namespace : undefined).map((o) => api.present(def, o, splitApiVersion(apiVersion)[1]));
    },
    put(obj) {
      if (!isObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !isObject(obj.metadata) || !obj.metadata.name) {
        throw new Error('test apiserver: an object needs apiVersion, kind and metadata.name');
      }
      const def = resolve(obj.apiVersion, obj.kind);
      const o = clone(obj);
      const label = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      if (def.namespaced) {
        o.metadata.namespace ??= 'default';
        const ns = o.metadata.namespace;
        // Seeding convenience: the namespace is created if the fixture does not declare it first.
        if (!store.get('/namespaces', undefined, ns)) direct.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      } else if (o.metadata.namespace) throw new Error(`test apiserver: ${label}: ${o.kind} is cluster-scoped, metadata.namespace must be unset`);
      const existing = store.get(storeKey(def), o.metadata.namespace, o.metadata.name);
      o.metadata.uid ??= existing?.metadata.uid ?? randomUUID();
      o.metadata.creationTimestamp ??= existing?.metadata.creationTimestamp ?? nowRfc3339();
      if (def.generation) o.metadata.generation ??= existing?.metadata.generation ?? 1;
      delete o.metadata.resourceVersion;
      if (def.group === '' && def.plural === 'namespaces') {
        o['spec'] ??= { finalizers: ['kubernetes'] };
        o['status'] ??= { phase: 'Active' };
        o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
      }
      if (isCrd(o)) defaultCrd(o);
      o.apiVersion = apiVersionOf(def.group, storageVersion(def).name);
      const saved = store.put(storeKey(def), def.sharedStorage ? def.sharedStorage.toStorage(o) : o);
      if (isCrd(saved)) {
        const st = isObject(saved.status) ? saved.status : {};
        if (!Array.isArray(st['conditions']) || st['conditions'].length === 0) api.establish(saved);
      }
      const after = store.get(storeKey(def), saved.metadata.namespace, saved.metadata.name) ?? saved;
      return api.present(def, after, splitApiVersion(obj.apiVersion)[1]);
    },
    delete(apiVersion, kind, name, namespace) {
      const def = resolve(apiVersion, kind);
      return store.remove(storeKey(def), def.namespaced ? namespace : undefined, name) !== undefined;
    },
    load(objects) {
      const list = typeof objects === 'string' ? readObjects(objects) : objects;
      return list.map((o, i) => {
        try {
          return direct.put(o);
        } catch (e) {
          const m = isObject(o) && isObject(o.metadata) ? o.metadata : undefined;
          const name = m ? `${m.namespace ? `${m.namespace}/` : ''}${m.name ?? ''}` : '';
          throw new Error(`object ${i + 1} (${isObject(o) ? String(o.kind) : '?'} ${name}): ${(e as Error).message.replace(/^test apiserver: /, '')}`);
        }
      });
    },
    resourceVersion() {
      return String(store.currentRv());
    },
    compact() {
      store.compact();
    },
  };
  return direct;
}

export async function startApiServer(opts: StartOptions = {}): Promise<TestApiServer> {
  const registry = new Registry(builtinResources());
  const store = new ObjectStore(opts.historyLimit ?? 10_000);
  const api = new Api(registry, store, { namespaceFinalizeDelayMs: opts.namespaceFinalizeDelayMs });
  const faults = new Faults();
  const direct = makeDirectStore(api, registry, store);
  for (const ns of INITIAL_NAMESPACES) direct.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const sim = opts.simulateWorkloads ? new WorkloadSimulator(api, { unpullableImage: opts.unpullableImage, readyAfterMs: opts.readyAfterMs }) : undefined;
  if (opts.objects) direct.load(opts.objects);
  const http = new HttpFront(api, faults, { token: opts.token, user: opts.user, bookmarkIntervalMs: opts.bookmarkIntervalMs, tooLargeRvWaitMs: opts.tooLargeRvWaitMs });
  const url = await http.listen(opts.port ?? 0);
  const tempDir = opts.kubeconfigPath ? undefined : mkdtempSync(join(tmpdir(), 'flux-ts-apiserver-'));
  const kubeconfigPath = opts.kubeconfigPath ?? join(tempDir!, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, url, { token: opts.token, namespace: opts.namespace });
  return {
    url,
    kubeconfigPath,
    writeKubeconfig: (path, kopts = {}) => writeKubeconfig(path, url, { token: opts.token, ...kopts }),
    store: direct,
    faults,
    requests: http.requests,
    clearRequests: () => void http.requests.splice(0, http.requests.length),
    api,
    async close() {
      sim?.stop();
      await http.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
