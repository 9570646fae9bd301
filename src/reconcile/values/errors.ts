// fluxcd/pkg chartutil ErrValuesReference: one error type whose text names the reference
// (kind, namespace/name, key) and the reason, worded exactly as helm-controller reports it.

export type ValuesReferenceReason =
  | 'resource not found'
  | 'key not found'
  | 'unsupported values reference kind'
  | 'failed to read values data'
  | 'failed to merge value';

export class ValuesReferenceError extends Error {
  constructor(
    readonly reason: ValuesReferenceReason,
    readonly refKind: string,
    readonly namespace: string,
    readonly refName: string,
    readonly key: string,
    readonly optional: boolean,
    /** The wrapped error; when set its text replaces the reason in the message. */
    override readonly cause?: Error,
  ) {
    super(valuesReferenceMessage(reason, refKind, `${namespace}/${refName}`, key, optional, publicCause(refKind, reason, cause)));
    this.name = 'ValuesReferenceError';
  }
}

/**
 * Parser errors can quote the data they choke on; for a Secret that data is secret, so its
 * message is left out (the error stays available as `cause`).
 */
function publicCause(kind: string, reason: ValuesReferenceReason, cause: Error | undefined): Error | undefined {
  if (kind === 'Secret' && (reason === 'failed to merge value' || reason === 'failed to read values data')) return undefined;
  return cause;
}

function valuesReferenceMessage(
  reason: string,
  kind: string,
  name: string,
  key: string,
  optional: boolean,
  cause: Error | undefined,
): string {
  let s = 'could not resolve';
  if (optional) s += ' optional';
  if (kind) s += ` ${kind}`;
  s += ' chart values reference';
  // types.NamespacedName.String() is never empty: it always has the separator.
  s += ` '${name}'`;
  if (key) s += ` with key '${key}'`;
  return `${s}: ${cause ? cause.message : reason}`;
}
