// The error values of Go's OpenPGP library (github.com/ProtonMail/go-crypto, which helm uses),
// worded as it prints them. Their kind matters, not only their text: a keyring reader skips an
// entity after a structural or unsupported error, but stops at any other.

export type OpenPgpErrorKind = 'structural' | 'unsupported' | 'signature' | 'unknown-issuer' | 'eof' | 'unexpected-eof' | 'other';

export class OpenPgpError extends Error {
  constructor(
    readonly kind: OpenPgpErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'OpenPgpError';
  }
}

/** errors.StructuralError: "openpgp: invalid data: ..." */
export const structural = (detail: string): OpenPgpError => new OpenPgpError('structural', `openpgp: invalid data: ${detail}`);

/** errors.UnsupportedError: "openpgp: unsupported feature: ..." */
export const unsupported = (detail: string): OpenPgpError => new OpenPgpError('unsupported', `openpgp: unsupported feature: ${detail}`);

/** errors.SignatureError: "openpgp: invalid signature: ..." */
export const badSignature = (detail: string): OpenPgpError => new OpenPgpError('signature', `openpgp: invalid signature: ${detail}`);

/** errors.ErrUnknownIssuer */
export const unknownIssuer = (): OpenPgpError => new OpenPgpError('unknown-issuer', 'openpgp: signature made by unknown entity');

/** io.ErrUnexpectedEOF: data ended inside a packet. */
export const unexpectedEof = (): OpenPgpError => new OpenPgpError('unexpected-eof', 'unexpected EOF');
