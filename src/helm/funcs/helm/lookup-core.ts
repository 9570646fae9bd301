// What Helm's `lookup apiVersion kind namespace name` asks of the cluster: one object when a
// name is given, else the list; a missing object (or collection) is an empty map, so
// `if not (lookup ...)` works; the namespace is ignored for cluster-scoped kinds.
import { NoKindMatchError } from '../../../cluster/errors.js';
import type { Cluster } from '../../../cluster/types.js';

/** An error of Helm's lookup, with the log lines Helm prints on the way to it. */
export class LookupError extends Error {
  constructor(
    message: string,
    readonly logs: string[],
  ) {
    super(message);
  }
}

/** Whether the server serves a group/version at all (discovery answers 200, not 404). */
export type ServesGroupVersion = (apiVersion: string) => Promise<boolean>;

/** apimachinery's GroupVersionKind.String(): "group/version, Kind=Kind" ("/v1, ..." for core). */
function gvkString(apiVersion: string, kind: string): string {
  return `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${kind}`;
}

function isNotFound(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const o = e as { statusCode?: unknown; code?: unknown; status?: unknown };
  return o.statusCode === 404 || o.code === 404 || o.status === 404;
}

/**
 * Result as plain JSON (objects, arrays, numbers...), or {} when not found. As Helm's lookup: a
 * kind the served group/version does not have finds nothing; a group/version the server does not
 * serve is an error (when `serves` can tell the two apart).
 */
export async function lookupResource(cluster: Cluster, apiVersion: string, kind: string, namespace: string, name: string, serves?: ServesGroupVersion): Promise<unknown> {
  let res;
  try {
    res = await cluster.resourceFor(apiVersion, kind);
  } catch (e) {
    if (!(e instanceof NoKindMatchError) || serves === undefined) throw e;
    if (await serves(apiVersion)) return {};
    const why = 'the server could not find the requested resource';
    throw new LookupError(`unable to get apiresource from unstructured: ${gvkString(apiVersion, kind)}: ${why}`, [
      `level=ERROR msg="unable to retrieve resource list" GroupVersion=${apiVersion} error=${JSON.stringify(why)}`,
      `level=ERROR msg="unable to get apiresource" groupVersionKind=${JSON.stringify(gvkString(apiVersion, kind))} error=${JSON.stringify(why)}`,
    ]);
  }
  const ns = res.namespaced && namespace !== '' ? namespace : undefined;
  try {
    if (name !== '') return (await cluster.tryGet(res, name, ns)) ?? {};
    return await cluster.list(res, ns !== undefined ? { namespace: ns } : {});
  } catch (e) {
    if (isNotFound(e)) return {};
    throw e;
  }
}
