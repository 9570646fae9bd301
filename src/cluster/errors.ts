// Errors of the client layer. Every message is one line a user can act on, names the object
// or server involved, and never contains a credential.
import type { ResourceRef } from './types.js';

/** The API server's NotFound text for a GET: `configmaps "web" not found`, `jobs.batch "web" not found`. */
export function notFoundMessage(res: Pick<ResourceRef, 'plural' | 'group'>, name: string): string {
  return `${res.plural}${res.group ? `.${res.group}` : ''} "${name}" not found`;
}

/** metav1.Status, the body of every API error. */
export interface StatusBody {
  kind?: string;
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { type?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

/** An error answer from the API server (4xx/5xx) with its Status. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    message: string,
    readonly statusCode: number,
    readonly reason: string,
    readonly status?: StatusBody,
  ) {
    super(message);
  }
}

/** The group/version/kind is not served: the CRD is not installed (or not at that version). */
export class NoKindMatchError extends Error {
  override readonly name = 'NoKindMatchError';
  constructor(
    readonly kind: string,
    readonly group: string,
    readonly version: string,
  ) {
    super(
      group.endsWith('.toolkit.fluxcd.io')
        ? `${kind} API not found: is Flux installed?`
        : `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(group ? `${group}/${version}` : version)}`,
    );
  }
}

/**
 * A URL fit for messages: a password in it becomes `xxxxx` (Go's url.URL.Redacted), since a
 * kubeconfig server or proxy URL may carry basic-auth credentials.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can take apart: drop anything that looks like userinfo.
    return url.replace(/\/\/[^/@]*@/, '//');
  }
  if (!parsed.password) return url;
  parsed.password = 'xxxxx';
  return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
}

/** The API server could not be reached at all (refused, no route, TLS failure...). */
export class ClusterUnreachableError extends Error {
  override readonly name = 'ClusterUnreachableError';
  /** The server URL, password redacted. */
  readonly server: string;
  constructor(
    server: string,
    readonly detail: string,
  ) {
    const shown = redactUrl(server);
    super(`unable to connect to the cluster at ${shown}: ${detail}`);
    this.server = shown;
  }
}

/**
 * The kubeconfig's credentials could not be produced (exec plugin, token file, auth provider).
 * kubectl's `getting credentials:` prefix; the detail never quotes what a plugin printed on
 * stdout, which is where the credential is.
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  constructor(readonly detail: string) {
    super(`getting credentials: ${detail}`);
  }
}

/** The command's --timeout passed (Go's context.DeadlineExceeded text). */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor() {
    super('context deadline exceeded');
  }
}

/** A kubeconfig that cannot be used: the file and what is wrong with it. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 409;
}

export function isGone(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 410;
}

export function isForbidden(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 403;
}

export function isNoKindMatch(err: unknown): err is NoKindMatchError {
  return err instanceof NoKindMatchError;
}

/** What a request was doing, to name it in errors the server did not explain. */
export interface RequestContext {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  resource?: ResourceRef;
  name?: string;
  namespace?: string;
}

function resourceName(res: ResourceRef): string {
  return res.group ? `${res.plural}.${res.group}` : res.plural;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function parseStatus(body: string): StatusBody | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && (parsed as StatusBody).kind === 'Status') return parsed as StatusBody;
  } catch {
    // not JSON: fall through
  }
  return undefined;
}

/**
 * A short plain-text answer (a proxy's "upstream connect error") is worth showing; a JSON one is
 * not: a proxy or webhook echoing the request would put a Secret's data in the message.
 */
function quotableBody(body: string): string {
  const text = body.trim();
  if (text === '' || text.length >= 200 || /[\r\n]/.test(text) || /^[[{"]/.test(text)) return '';
  return `: ${text}`;
}

/** Builds the error for an HTTP error answer: the server's Status message when it has one. */
export function apiError(statusCode: number, body: string, ctx: RequestContext): KubeApiError {
  const status = parseStatus(body);
  const reason = status?.reason ?? REASONS[statusCode] ?? 'Unknown';
  let message = status?.message;
  if (!message) {
    const what = ctx.resource ? resourceName(ctx.resource) : 'resource';
    const where = ctx.namespace ? ` in the namespace ${JSON.stringify(ctx.namespace)}` : '';
    if (statusCode === 404) message = ctx.name ? `${what} ${JSON.stringify(ctx.name)} not found` : 'the server could not find the requested resource';
    else if (statusCode === 403)
      message = `${ctx.name ? `${what} ${JSON.stringify(ctx.name)}` : what} is forbidden: cannot ${ctx.verb} resource ${JSON.stringify(ctx.resource?.plural ?? what)}${ctx.resource ? ` in API group ${JSON.stringify(ctx.resource.group)}` : ''}${where}`;
    else if (statusCode === 401) message = 'Unauthorized';
    else message = `the server responded with status ${statusCode} (${reason})${quotableBody(body)}`;
  }
  if (statusCode === 401) message = `You must be logged in to the server (${message})`;
  return new KubeApiError(message, statusCode, reason, status);
}

const NETWORK_DETAILS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'temporary failure in name resolution',
  ETIMEDOUT: 'i/o timeout',
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'broken pipe',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ECONNABORTED: 'connection aborted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'x509: certificate signed by unknown authority (self-signed)',
  SELF_SIGNED_CERT_IN_CHAIN: 'x509: certificate signed by unknown authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'x509: certificate signed by unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'x509: certificate signed by unknown authority',
  CERT_HAS_EXPIRED: 'x509: certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'x509: certificate is not valid for this host',
};

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** One line describing a network failure, without stack or credentials. */
export function networkDetail(err: unknown): string {
  const code = errorCode(err);
  if (code && NETWORK_DETAILS[code]) return NETWORK_DETAILS[code] as string;
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}
