// helm's texts for a failed `oci://` chart pull, from the sources layer's errors (which keep
// node's message as text): the tag list and the manifest fetch fail as the ORAS client words
// them (`failed to perform "FetchReference" on source: Get "<url>": <Go's dial error>`).
import { SourceError } from '../../sources/errors.js';
import { goDialError, nodeErrorCode } from './go-net-error.js';

/** The ORAS operation behind a registry URL helm's client requested (none: helm prints the bare error). */
function operation(url: URL): string | undefined {
  return /\/manifests\/[^/]+$/.test(url.pathname) ? 'FetchReference' : undefined;
}

function wrap(url: URL | undefined, detail: string): string {
  const op = url !== undefined ? operation(url) : undefined;
  return op !== undefined ? `failed to perform ${JSON.stringify(op)} on source: ${detail}` : detail;
}

/** helm's wording of a failed oci:// pull, or undefined when flux-ts has no helm text for it. */
export function helmOciError(e: unknown): string | undefined {
  if (!(e instanceof SourceError) || !e.subject.startsWith('oci://')) return undefined;
  // A transport failure: `GET <url>: <node message>`.
  const transport = /^GET (\S+): (.+)$/.exec(e.detail);
  if (transport !== null && e.reason === 'Unreachable') {
    const code = nodeErrorCode(transport[2]!);
    if (code === undefined) return undefined;
    const url = new URL(transport[1]!);
    url.search = ''; // helm lists tags without the page size
    return wrap(url, `Get ${JSON.stringify(url.toString())}: ${goDialError(url.toString(), { code })}`);
  }
  // A tag the repository does not have: `<host>/<repository>:<tag>: not found`, as ORAS says it.
  if (e.reason === 'NotFound' && /^\S+:[^/\s]+: not found$/.test(e.detail)) return `failed to perform "FetchReference" on source: ${e.detail}`;
  return undefined;
}
