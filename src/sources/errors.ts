// One error type for everything that goes wrong while fetching a chart: its message is one
// line that starts with the object (`HelmRepository flux-system/podinfo: ...`) so a user can
// tell which source failed. Messages never contain credentials.

export type SourceErrorReason =
  | 'Unreachable' // connection refused, DNS, TLS
  | 'AuthenticationFailed' // 401 / 403
  | 'NotFound' // 404 of an index, manifest, blob, chart or ref
  | 'InvalidIndex'
  | 'NoMatchingVersion'
  | 'InvalidConstraint'
  | 'InvalidArtifact' // corrupt, oversized, digest mismatch
  | 'InvalidSpec' // the object itself is wrong
  | 'AccessDenied' // cross-namespace policy
  | 'Failed';

export class SourceError extends Error {
  override name = 'SourceError';
  /** The part after `subject: ` (one line, credentials removed). */
  readonly detail: string;
  constructor(
    /** `Kind ns/name`, or the URL for the CLI. */
    readonly subject: string,
    readonly reason: SourceErrorReason,
    detail: string,
  ) {
    const clean = oneLine(detail);
    super(`${oneLine(subject)}: ${clean}`);
    this.detail = clean;
  }
}

/** Errors whose text is fixed by Flux (no subject prefix). */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
  readonly reason = 'AccessDenied';
}

/** One line, with any `scheme://user:password@` credentials removed. */
export function oneLine(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1')
    .trim();
}

/** Lower-level failure from a transport, mapped to a SourceError by the caller. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly reason: SourceErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
