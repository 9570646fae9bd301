// metav1.Status bodies and the errors that carry them, with the reasons, codes and message
// wording kube-apiserver uses (k8s.io/apimachinery/pkg/api/errors), so clients can be tested
// against the exact text users see from a real cluster.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}


/** A resource as named in messages: `helmreleases.helm.toolkit.fluxcd.io`, or `configmaps` for core. */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export function qualified(r: QualifiedResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export class ApiError extends Error {
  readonly status: Status;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string>;

  constructor(code: number, reason: string, message: string, details?: StatusDetails, headers: Record<string, string> = {}) {
    super(message);
    // Field order as the apiserver serializes a Status; untyped errors carry no reason at all.
    const st: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message } as Status;
    if (reason) st.reason = reason;
    if (details) st.details = details;
    st.code = code;
    this.status = st;
    this.headers = headers;
  }

  get code(): number {
    return this.status.code;
  }
}

function details(r: QualifiedResource, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name !== undefined && name !== '') d.name = name;
  if (r.group) d.group = r.group;
  d.kind = r.resource;
  return d;
}

export function notFound(r: QualifiedResource, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(r)} "${name}" not found`, details(r, name));
}

export function alreadyExists(r: QualifiedResource, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, details(r, name));
}

export function conflict(r: QualifiedResource, name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, details(r, name));
}

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export function staleUpdate(r: QualifiedResource, name: string): ApiError {
  return conflict(r, name, OBJECT_MODIFIED);
}

/** One field error, as field.Error prints it. */
export interface FieldError {
  field: string;
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueDuplicate' | 'FieldValueTypeInvalid';
  /** The full "Invalid value: ...: detail" text after `field: `. */
  text: string;
}

export function requiredField(field: string, detail = ''): FieldError {
  return { field, type: 'FieldValueRequired', text: detail ? `Required value: ${detail}` : 'Required value' };
}

export function invalidField(field: string, value: unknown, detail: string): FieldError {
  return { field, type: 'FieldValueInvalid', text: `Invalid value: ${goValue(value)}: ${detail}` };
}

export function forbiddenField(field: string, detail: string): FieldError {
  return { field, type: 'FieldValueForbidden', text: `Forbidden: ${detail}` };
}

export function notSupportedField(field: string, value: unknown, allowed: unknown[]): FieldError {
  const list = allowed.map((v) => goValue(v)).join(', ');
  return { field, type: 'FieldValueNotSupported', text: `Unsupported value: ${goValue(value)}: supported values: ${list}` };
}

/** How field.Error renders values: strings quoted, numbers bare, objects as "object". */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[]interface {}{...}';
  return '"object"';
}

/** 422 Invalid: `Kind.group "name" is invalid: [a, b]` (no brackets for one error). */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const gk = group ? `${kind}.${group}` : kind;
  const parts = errors.map((e) => `${e.field}: ${e.text}`);
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (group) d.group = group;
  d.kind = kind;
  d.causes = errors.map((e) => ({ reason: e.type, message: e.text, field: e.field }));
  return new ApiError(422, 'Invalid', `${gk} "${name}" is invalid: ${list}`, d);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotSupported(r: QualifiedResource, action: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualified(r)}"`, details(r));
}

export function unsupportedMediaType(accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    undefined,
  );
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Gone', message);
}

/** The apiserver's answer for a path no handler serves. */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export interface ForbiddenRequest {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** RBAC denial text, as the authorizer reports it. */
export function forbidden(req: ForbiddenRequest): ApiError {
  const res = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  const subject = req.name ? `${qualified({ group: req.group, resource: req.resource })} "${req.name}"` : qualified({ group: req.group, resource: req.resource });
  const scope = req.namespace ? `in the namespace "${req.namespace}"` : 'at the cluster scope';
  const message = `${subject} is forbidden: User "${req.user}" cannot ${req.verb} resource "${res}" in API group "${req.group}" ${scope}`;
  const d: StatusDetails = { kind: req.resource };
  if (req.name) d.name = req.name;
  if (req.group) d.group = req.group;
  return new ApiError(403, 'Forbidden', message, d);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** What DELETE answers for kinds that do not return the object (finalizeDelete: no code set). */
export function successStatus(r: QualifiedResource, name: string, uid?: string): Omit<Status, 'code'> {
  const d = details(r, name);
  if (uid) d.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: d };
}

/** The Status a given HTTP code carries when a fault is injected without a message. */
export function statusForCode(code: number, retryAfter?: number): ApiError {
  const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
  const d: StatusDetails | undefined = retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : undefined;
  switch (code) {
    case 400:
      return new ApiError(400, 'BadRequest', 'the server rejected our request for an unknown reason', d, headers);
    case 401:
      return new ApiError(401, 'Unauthorized', 'Unauthorized', d, headers);
    case 403:
      return new ApiError(403, 'Forbidden', 'forbidden', d, headers);
    case 404:
      return new ApiError(404, 'NotFound', 'the server could not find the requested resource', d ?? {}, headers);
    case 409:
      return new ApiError(409, 'Conflict', 'the server reported a conflict', d, headers);
    case 410:
      return new ApiError(410, 'Expired', 'too old resource version', d, headers);
    case 429:
      return new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', d, headers);
    case 500:
      return new ApiError(500, 'InternalError', 'Internal error occurred: injected fault', { ...d, causes: [{ message: 'injected fault' }] }, headers);
    case 503:
      return new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request', d, headers);
    case 504:
      return new ApiError(504, 'Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request', d, headers);
    default:
      return new ApiError(code, code >= 500 ? 'InternalError' : 'Unknown', `the server responded with the status code ${code} but did not return more information`, d, headers);
  }
}
