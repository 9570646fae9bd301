// Reading a Flux kind whatever version the cluster serves: the registry's version first, then
// the older read versions found through discovery; none served → "<Kind> API not found".
import { isNoKindMatch } from '../../cluster/errors.js';
import { listInPages } from '../../cluster/paging.js';
import type { Cluster, KubeObject, ListOptions, ObjectList, ResourceRef, WatchEvent, WatchOptions } from '../../cluster/types.js';
import type { FluxKind } from '../../kinds/kind.js';

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

/** Lists page by page at the registry version, falling back to a served older version. */
export async function* listKindPages<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, opts: ListOptions): AsyncIterable<ObjectList<T>> {
  let started = false;
  try {
    for await (const page of listInPages<T>(cluster, kind.resource, opts)) {
      started = true;
      yield page;
    }
    return;
  } catch (err) {
    if (started || !isNoKindMatch(err)) throw err;
  }
  const res = await servedResource(cluster, kind);
  if (res.version === kind.version) throw new Error(`${kind.kind} ${kind.group}/${kind.version} is served but could not be listed`);
  yield* listInPages<T>(cluster, res, opts);
}

/** Watches at the registry version, falling back like listKindPages. */
export async function* watchKind<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, opts: WatchOptions): AsyncIterable<WatchEvent<T>> {
  let started = false;
  try {
    for await (const ev of cluster.watch<T>(kind.resource, opts)) {
      started = true;
      yield ev;
    }
    return;
  } catch (err) {
    if (started || !isNoKindMatch(err)) throw err;
  }
  const res = await servedResource(cluster, kind);
  yield* cluster.watch<T>(res, opts);
}
