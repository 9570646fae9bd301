// Just enough DER for the one structure no library here writes: OpenSSL's (and Sprig's)
// traditional "DSA PRIVATE KEY" SEQUENCE of integers, and reading DSA's PKCS#8 fields.

export interface Tlv {
  tag: number;
  /** Content octets. */
  value: Uint8Array;
  /** Bytes after this element. */
  rest: Uint8Array;
}

export function readTlv(b: Uint8Array): Tlv {
  if (b.length < 2) throw new Error('asn1: syntax error: data truncated');
  const tag = b[0]!;
  let len = b[1]!;
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || b.length < 2 + n) throw new Error('asn1: syntax error: invalid length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
    off += n;
  }
  if (b.length < off + len) throw new Error('asn1: syntax error: data truncated');
  return { tag, value: b.subarray(off, off + len), rest: b.subarray(off + len) };
}

/** Elements of a SEQUENCE's content. */
export function readAll(content: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  while (content.length > 0) {
    const t = readTlv(content);
    out.push(t);
    content = t.rest;
  }
  return out;
}

export function intValue(t: Tlv): bigint {
  if (t.tag !== 0x02) throw new Error('asn1: structure error: tags don\'t match');
  let v = 0n;
  for (const byte of t.value) v = (v << 8n) | BigInt(byte);
  // Two's complement sign.
  if (t.value.length > 0 && t.value[0]! & 0x80) v -= 1n << BigInt(8 * t.value.length);
  return v;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return Uint8Array.from([tag, ...lengthBytes(content.length), ...content]);
}

/** A non-negative INTEGER, minimal two's complement. */
export function derInt(v: bigint): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  if (bytes[0]! & 0x80) bytes = Uint8Array.from([0, ...bytes]);
  return tlv(0x02, bytes);
}

export function derSeq(items: Uint8Array[]): Uint8Array {
  return tlv(0x30, Uint8Array.from(Buffer.concat(items)));
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}
