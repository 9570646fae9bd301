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
    super(valuesReferenceMessage(reason, refKind, `${namespace}/${refName}`, key, optional, cause));
    this.name = 'ValuesReferenceError';
  }
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
