// Sprig's encodings and checksums (b64enc/b64dec, b32enc/b32dec, sha1sum, sha256sum, sha512sum,
// adler32sum): strings are hashed as their UTF-8 bytes; decode errors become the returned text,
// as Sprig does.
import { createHash } from 'node:crypto';
import type { FuncMap } from '../../../../gotemplate/value.js';
import { str } from './args.js';
import { base32Decode, base32Encode, base64Decode, base64Encode } from './gobase.js';

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** Go's string([]byte): our strings are UTF-16, so invalid UTF-8 becomes U+FFFD. */
export function bytesToString(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}

/** hash/adler32 checksum. */
export function adler32(data: Uint8Array): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    // 5552 bytes is the most that can be summed before the sums risk overflowing 2^32.
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

function decodeOrMessage(decode: () => Uint8Array): string {
  try {
    return bytesToString(decode());
  } catch (e) {
    return (e as Error).message;
  }
}

const hex = (alg: string, s: string): string => createHash(alg).update(utf8(s)).digest('hex');

export function encodingFuncs(): FuncMap {
  const s = ['string'] as const;
  return {
    b64enc: { params: [...s], fn: (v) => base64Encode(utf8(str(v))) },
    b64dec: { params: [...s], fn: (v) => decodeOrMessage(() => base64Decode(str(v))) },
    b32enc: { params: [...s], fn: (v) => base32Encode(utf8(str(v))) },
    b32dec: { params: [...s], fn: (v) => decodeOrMessage(() => base32Decode(str(v))) },
    sha1sum: { params: [...s], fn: (v) => hex('sha1', str(v)) },
    sha256sum: { params: [...s], fn: (v) => hex('sha256', str(v)) },
    sha512sum: { params: [...s], fn: (v) => hex('sha512', str(v)) },
    adler32sum: { params: [...s], fn: (v) => String(adler32(utf8(str(v)))) },
  };
}
