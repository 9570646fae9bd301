// Reading and writing a Flux kind at whatever version the cluster serves. The registry's version
// is tried first (no discovery round trip on an up-to-date cluster); when the cluster does not
// serve it (OCIRepository is v1 from Flux 2.6, v1beta2 before), the older read versions are
// found through discovery. None served → "<Kind> API not found: is Flux installed?".
import { isNoKindMatch } from '../cluster/errors.js';
import { listInPages } from '../cluster/paging.js';
import type { Cluster, KubeObject, ListOptions, ObjectList, ResourceRef, WatchEvent, WatchOptions } from '../cluster/types.js';
import type { FluxKind } from './kind.js';

/** The first read version of `kind` that the cluster serves (discovery, cached by the client). */
export async function servedResource<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>): Promise<ResourceRef> {
  let firstError: unknown;
  for (const version of kind.readVersions) {
    try {
      return await cluster.resourceFor(`${kind.group}/${version}`, kind.kind);
    } catch (err) {
      if (!isNoKindMatch(err)) throw err;
      firstError ??= err;
    }
  }
  throw firstError;
}

/**
 * The collection an object read from the cluster lives in: the version it was served at, so a
 * patch goes where the read came from (no second guess through discovery).
 */
export function resourceOfObject<T extends KubeObject>(kind: FluxKind<T>, obj: KubeObject): ResourceRef {
  const slash = obj.apiVersion.indexOf('/');
  const version = slash >= 0 ? obj.apiVersion.slice(slash + 1) : obj.apiVersion;
  return obj.kind === kind.kind && kind.readVersions.includes(version) && version !== kind.version ? kind.resourceAt(version) : kind.resource;
}

/** Runs `op` at the registry version; if the cluster does not serve it, once more at the served one. */
export async function atServedVersion<T extends KubeObject, R>(cluster: Cluster, kind: FluxKind<T>, op: (res: ResourceRef) => Promise<R>): Promise<R> {
  try {
    return await op(kind.resource);
  } catch (err) {
    if (!isNoKindMatch(err)) throw err;
  }
  const res = await servedResource(cluster, kind);
  if (res.version === kind.version) throw new Error(`${kind.kind} ${kind.group}/${kind.version} is served but could not be reached`);
  return op(res);
}

/** GET by name at the served version; undefined when there is no such object. */
export function tryGetKind<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, name: string, namespace: string): Promise<T | undefined> {
  return atServedVersion(cluster, kind, (res) => cluster.tryGet<T>(res, name, namespace));
}

/** GET by name at the served version (not found is an error, as from Cluster.get). */
export function getKind<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, name: string, namespace: string): Promise<T> {
  return atServedVersion(cluster, kind, (res) => cluster.get<T>(res, name, namespace));
}

/**
 * A stream (pages, watch events) at the registry version; if the cluster does not serve it, the
 * stream at the served version instead. A stream that already yielded is not restarted.
 */
async function* servedStream<T extends KubeObject, E>(cluster: Cluster, kind: FluxKind<T>, open: (res: ResourceRef) => AsyncIterable<E>): AsyncIterable<E> {
  let started = false;
  try {
    for await (const item of open(kind.resource)) {
      started = true;
      yield item;
    }
    return;
  } catch (err) {
    if (started || !isNoKindMatch(err)) throw err;
  }
  const res = await servedResource(cluster, kind);
  if (res.version === kind.version) throw new Error(`${kind.kind} ${kind.group}/${kind.version} is served but could not be reached`);
  yield* open(res);
}

/** Lists page by page at the registry version, falling back to a served older version. */
export function listKindPages<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, opts: ListOptions): AsyncIterable<ObjectList<T>> {
  return servedStream(cluster, kind, (res) => listInPages<T>(cluster, res, opts));
}

/** Every object of the kind (in `namespace`, or all namespaces), at the served version. */
export async function listKind<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, opts: ListOptions = {}): Promise<T[]> {
  const out: T[] = [];
  for await (const page of listKindPages(cluster, kind, opts)) for (const o of page.items) out.push(o);
  return out;
}

/** Watches at the registry version, falling back like listKindPages. */
export function watchKind<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, opts: WatchOptions): AsyncIterable<WatchEvent<T>> {
  return servedStream(cluster, kind, (res) => cluster.watch<T>(res, opts));
}
