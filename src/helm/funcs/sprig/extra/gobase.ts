// Go's encoding/base64 and encoding/base32 standard encodings, decoding with Go's exact rules:
// newlines ignored, padding required, and Go's "illegal ... data at input byte N" offsets.

export class CorruptInputError extends Error {
  constructor(kind: 'base64' | 'base32', readonly offset: number) {
    super(`illegal ${kind} data at input byte ${offset}`);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}

const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);
const PAD = 0x3d; // '='
const isNewline = (c: number | undefined): boolean => c === 0x0a || c === 0x0d;

export function base64Encode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** base64.StdEncoding.DecodeString. */
export function base64Decode(s: string): Uint8Array {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailingErr: CorruptInputError | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new CorruptInputError('base64', si - j);
      }
      const inb = src[si]!;
      si++;
      const v = B64_MAP[inb]!;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (isNewline(inb)) {
        j--;
        continue;
      }
      if (inb !== PAD) throw new CorruptInputError('base64', si - 1);
      // Padding: only after two or three symbols of a quantum.
      if (j === 0 || j === 1) throw new CorruptInputError('base64', si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new CorruptInputError('base64', src.length);
        if (src[si] !== PAD) throw new CorruptInputError('base64', si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailingErr = new CorruptInputError('base64', si);
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailingErr) throw trailingErr;
  }
  return Uint8Array.from(out);
}

export function base32Encode(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 5) {
    const chunk = data.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const symbols = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) {
      out += k < symbols ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
    }
  }
  return out;
}

/** base32.StdEncoding.DecodeString (newlines stripped first, as Go does). */
export function base32Decode(s: string): Uint8Array {
  const src = Buffer.from(s, 'utf8').filter((c) => !isNewline(c));
  const olen = src.length;
  const out: number[] = [];
  let p = 0;
  let end = false;
  while (p < src.length && !end) {
    const dbuf = new Array<number>(8).fill(0);
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (p === src.length) throw new CorruptInputError('base32', olen - (src.length - p) - j);
      const inb = src[p]!;
      p++;
      const remaining = src.length - p;
      if (inb === PAD && j >= 2 && remaining < 8) {
        if (remaining + j < 8 - 1) throw new CorruptInputError('base32', olen);
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (remaining > k && src[p + k] !== PAD) throw new CorruptInputError('base32', olen - remaining + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInputError('base32', olen - remaining - 1);
        break;
      }
      const v = B32_MAP[inb]!;
      if (v < 0) throw new CorruptInputError('base32', olen - remaining - 1);
      dbuf[j] = v;
      j++;
    }
    const b = dbuf;
    const bytes = [
      ((b[0]! << 3) | (b[1]! >> 2)) & 0xff,
      ((b[1]! << 6) | (b[2]! << 1) | (b[3]! >> 4)) & 0xff,
      ((b[3]! << 4) | (b[4]! >> 1)) & 0xff,
      ((b[4]! << 7) | (b[5]! << 2) | (b[6]! >> 3)) & 0xff,
      ((b[6]! << 5) | b[7]!) & 0xff,
    ];
    const count = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    out.push(...bytes.slice(0, count));
  }
  return Uint8Array.from(out);
}
