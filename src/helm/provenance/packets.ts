// OpenPGP packet framing (RFC 4880 §4.2, RFC 9580 §4.2) read as go-crypto's packet.Reader reads
// it: old and new header formats, partial body lengths, and its errors (a tag byte without its
// high bit, data ending inside a header or body). Bodies are not interpreted here, apart from
// the few fields the keyring reader needs (key algorithm, signature type).
import { OpenPgpError, structural, unexpectedEof } from './errors.js';

export const TAG = {
  signature: 2,
  secretKey: 5,
  publicKey: 6,
  secretSubkey: 7,
  trust: 12,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
} as const;

export interface Packet {
  tag: number;
  body: Uint8Array;
  /** The whole packet as it appears in the input (header and body). */
  raw: Uint8Array;
}

/** Reads packets one at a time; `unread` puts one back, as packet.Reader.Unread. */
export class PacketReader {
  private pos = 0;
  private pushedBack: Packet[] = [];

  constructor(private readonly data: Uint8Array) {}

  /** The next packet, or undefined at the end of the data; throws OpenPgpError. */
  next(): Packet | undefined {
    const back = this.pushedBack.pop();
    if (back !== undefined) return back;
    if (this.pos >= this.data.length) return undefined;
    const start = this.pos;
    const first = this.byte();
    if ((first & 0x80) === 0) throw structural('tag byte does not have MSB set');
    let tag: number;
    let body: Uint8Array;
    if ((first & 0x40) === 0) {
      // Old format: tag in bits 5-2, length type in bits 1-0.
      tag = (first & 0x3f) >> 2;
      const lengthType = first & 3;
      const length = lengthType === 3 ? this.data.length - this.pos : this.uint(lengthType === 0 ? 1 : lengthType === 1 ? 2 : 4);
      body = this.take(length);
    } else {
      tag = first & 0x3f;
      body = this.newFormatBody();
    }
    return { tag, body, raw: this.data.subarray(start, this.pos) };
  }

  unread(p: Packet): void {
    this.pushedBack.push(p);
  }

  private byte(): number {
    if (this.pos >= this.data.length) throw unexpectedEof();
    return this.data[this.pos++]!;
  }

  private uint(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.byte();
    return v;
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.data.length) throw unexpectedEof();
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** New-format lengths, joining partial body chunks. */
  private newFormatBody(): Uint8Array {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const b = this.byte();
      if (b < 192) {
        chunks.push(this.take(b));
        break;
      }
      if (b < 224) {
        chunks.push(this.take(((b - 192) << 8) + this.byte() + 192));
        break;
      }
      if (b === 255) {
        chunks.push(this.take(this.uint(4)));
        break;
      }
      chunks.push(this.take(1 << (b & 0x1f)));
    }
    return chunks.length === 1 ? chunks[0]! : concat(chunks);
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The public-key algorithm of a key packet body (versions 3 to 6). */
export function keyAlgorithm(body: Uint8Array): number | undefined {
  const version = body[0];
  return version === 3 ? body[7] : body[5];
}

/** The signature type of a signature packet body (version 3 keeps it after a length byte). */
export function signatureType(body: Uint8Array): number | undefined {
  return body[0] === 3 ? body[2] : body[1];
}

/** Public-key algorithms that can make signatures (go-crypto PublicKeyAlgorithm.CanSign). */
export function canSign(algorithm: number | undefined): boolean {
  return algorithm !== undefined && [1, 3, 17, 19, 22, 27, 28].includes(algorithm);
}

export function isOpenPgpError(e: unknown): e is OpenPgpError {
  return e instanceof OpenPgpError;
}
