// What Helm's `lookup apiVersion kind namespace name` asks of the cluster: one object when a
// name is given, else the list; a missing object (or collection) is an empty map, so
// `if not (lookup ...)` works; the namespace is ignored for cluster-scoped kinds.
import type { Cluster } from '../../../cluster/types.js';

function isNotFound(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const o = e as { statusCode?: unknown; code?: unknown; status?: unknown };
  return o.statusCode === 404 || o.code === 404 || o.status === 404;
}

/** Result as plain JSON (objects, arrays, numbers...), or {} when not found. */
export async function lookupResource(cluster: Cluster, apiVersion: string, kind: string, namespace: string, name: string): Promise<unknown> {
  const res = await cluster.resourceFor(apiVersion, kind);
  const ns = res.namespaced && namespace !== '' ? namespace : undefined;
  try {
    if (name !== '') return (await cluster.tryGet(res, name, ns)) ?? {};
    return await cluster.list(res, ns !== undefined ? { namespace: ns } : {});
  } catch (e) {
    if (isNotFound(e)) return {};
    throw e;
  }
}
