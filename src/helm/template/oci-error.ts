// helm's texts for a failed `oci://` chart pull, from the sources layer's errors (which keep
// node's message as text, and a registry's error answer on their cause): the tag list and the
// manifest fetch fail as the ORAS client words them (`failed to perform "FetchReference" on
// source: Get "<url>": <Go's dial error>`, `GET "<url>": response status code 404: ...`).
import { STATUS_CODES } from 'node:http';
import { formatValue } from '../../gotemplate/fmt.js';
import { isGoMap, type GoValue } from '../../gotemplate/value.js';
import { goQuote } from '../../cli/go-quote.js';
import { SourceError } from '../../sources/errors.js';
import { RegistryResponseError } from '../../sources/oci/client.js';
import { unmarshal } from '../gojson/unmarshal.js';
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
  return tagListNotFound(e);
}

/** A field of a decoded JSON object as encoding/json matches struct fields: exact name first, then any case. */
function field(obj: Record<string, GoValue>, name: string): GoValue | undefined {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : obj[key];
}

/** One registry error as ORAS's errcode.Error prints it: `name unknown: <message>[: <detail as %v>]`. */
function registryErrorText(e: Record<string, GoValue>): string {
  const code = String(field(e, 'code') ?? '').replace(/_/g, ' ').toLowerCase();
  const message = String(field(e, 'message') ?? '');
  const detail = field(e, 'detail');
  if (message === '') return code;
  return detail === undefined || detail === null ? `${code}: ${message}` : `${code}: ${message}: ${formatValue(detail)}`;
}

/**
 * ORAS's errcode.ErrorResponse text for a registry's error answer, as helm prints it:
 * `GET "<url>": response status code 404: name unknown: repository name not known to registry:
 * map[name:charts/x]`; the HTTP status text when the body lists no errors.
 */
export function orasResponseError(method: string, url: string, status: number, body: Uint8Array): string {
  let errors: Record<string, GoValue>[] = [];
  try {
    const doc = unmarshal(Buffer.from(body).toString('utf8'));
    const list = isGoMap(doc) ? field(doc, 'errors') : undefined;
    // encoding/json refuses the whole body when an entry is not an object with string code/message.
    if (Array.isArray(list) && list.every((e) => isGoMap(e) && ['code', 'message'].every((k) => ['string', 'undefined'].includes(typeof field(e, k)) || field(e, k) === null))) {
      errors = list as Record<string, GoValue>[];
    }
  } catch {
    // not JSON: ORAS keeps no errors and prints the status text
  }
  const text = errors.length > 0 ? errors.map(registryErrorText).join('; ') : (STATUS_CODES[status] ?? '');
  return `${method} ${goQuote(url)}: response status code ${status}: ${text}`;
}

/**
 * helm's text for a tag list the registry answered with 404 (a repository with no tags, or none
 * at all), from the registry's error body the sources layer keeps on the error's cause. helm
 * (ORAS) asks for the list without the page size flux-ts adds.
 */
function tagListNotFound(e: SourceError): string | undefined {
  const cause = e.cause;
  if (!(cause instanceof RegistryResponseError) || cause.status !== 404 || !/\/tags\/list$/.test(new URL(cause.url).pathname)) return undefined;
  const url = new URL(cause.url);
  url.searchParams.delete('n');
  return orasResponseError(cause.method, url.toString(), 404, cause.body);
}
