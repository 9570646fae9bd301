// What Helm's `lookup apiVersion kind namespace name` asks of the cluster: one object when a
// name is given, else the list; a missing object (or collection) is an empty map, so
// `if not (lookup ...)` works; the namespace is ignored for cluster-scoped kinds.
import { lookup as resolveHost } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ClusterUnreachableError, NoKindMatchError } from '../../../cluster/errors.js';
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

/** Helm's two slog lines and wrapped error for a discovery request that failed with `cause`. */
function discoveryFailure(apiVersion: string, kind: string, cause: string): LookupError {
  const gvk = gvkString(apiVersion, kind);
  return new LookupError(`unable to get apiresource from unstructured: ${gvk}: ${cause}`, [
    `level=ERROR msg="unable to retrieve resource list" GroupVersion=${apiVersion} error=${JSON.stringify(cause)}`,
    `level=ERROR msg="unable to get apiresource" groupVersionKind=${JSON.stringify(gvk)} error=${JSON.stringify(cause)}`,
  ]);
}

/** The host:port Go dials for a server URL, as its net errors print it (IPv6 in brackets). */
async function dialAddress(server: URL): Promise<string> {
  const port = server.port || (server.protocol === 'http:' ? '80' : '443');
  let host = server.hostname.replace(/^\[(.*)\]$/, '$1');
  // A name is dialled at its resolved address; Go's resolver may order a dual-stack name's
  // addresses differently than the system's, so only the first one here is certain to match.
  if (isIP(host) === 0) host = (await resolveHost(host).catch(() => ({ address: host }))).address;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Helm's lookup starts with a discovery request of its own (client-go, 32s default timeout), so
 * a cluster refusing connections fails there, at once (client-go does not retry a refused dial),
 * whatever our client had cached: Go's `Get "<url>": dial tcp <addr>: connect: connection refused`.
 */
async function refusedDiscovery(err: ClusterUnreachableError, apiVersion: string, kind: string): Promise<LookupError> {
  const server = new URL(err.server);
  const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const url = `${server.origin}${server.pathname.replace(/\/+$/, '')}${path}?timeout=32s`;
  return discoveryFailure(apiVersion, kind, `Get ${JSON.stringify(url)}: dial tcp ${await dialAddress(server)}: connect: connection refused`);
}

function isRefused(e: unknown): e is ClusterUnreachableError {
  return e instanceof ClusterUnreachableError && e.detail === 'connection refused';
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
    if (isRefused(e)) throw await refusedDiscovery(e, apiVersion, kind);
    if (!(e instanceof NoKindMatchError) || serves === undefined) throw e;
    let served: boolean;
    try {
      served = await serves(apiVersion);
    } catch (err) {
      if (isRefused(err)) throw await refusedDiscovery(err, apiVersion, kind);
      throw err;
    }
    if (served) return {};
    throw discoveryFailure(apiVersion, kind, 'the server could not find the requested resource');
  }
  const ns = res.namespaced && namespace !== '' ? namespace : undefined;
  try {
    if (name !== '') return (await cluster.tryGet(res, name, ns)) ?? {};
    return await cluster.list(res, ns !== undefined ? { namespace: ns } : {});
  } catch (e) {
    if (isNotFound(e)) return {};
    if (isRefused(e)) throw await refusedDiscovery(e, apiVersion, kind);
    throw e;
  }
}
