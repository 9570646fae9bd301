// Sprig's random functions: randAlphaNum, randAlpha, randNumeric, randAscii (goutils'
// CryptoRandom* alphabets), randInt, shuffle, uuidv4, randBytes. All draw from a
// cryptographic source; results are uniform over the same alphabets Go uses.
import { randomUUID } from 'node:crypto';
import { GoFuncError, type FuncMap } from '../../../../gotemplate/value.js';
import { int, str } from './args.js';
import { base64Encode } from './gobase.js';
import type { ResolvedOptions } from './options.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** Printable ASCII, code points 32..126 (goutils CryptoRandomAscii). */
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

export const ALPHABETS = {
  alphaNum: DIGITS + UPPER + LOWER,
  alpha: UPPER + LOWER,
  numeric: DIGITS,
  ascii: ASCII,
} as const;

export function randomFuncs(o: ResolvedOptions): FuncMap {
  /** Uniform integer in [0, n) by rejection sampling over just enough random bits. */
  const randBelow = (n: bigint): bigint => {
    const bits = (n - 1n).toString(2).length;
    const mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      let v = 0n;
      for (const b of o.randomBytes(Math.ceil(bits / 8))) v = (v << 8n) | BigInt(b);
      v &= mask;
      if (v < n) return v;
    }
  };
  const randIndex = (n: number): number => Number(randBelow(BigInt(n)));

  /** goutils CryptoRandom: a negative count is an error Sprig swallows, giving "". */
  const randString = (alphabet: string) => (count: Parameters<typeof int>[0]) => {
    const n = int(count);
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[randIndex(alphabet.length)];
    return out;
  };

  return {
    randAlphaNum: { params: ['int'], fn: randString(ALPHABETS.alphaNum) },
    randAlpha: { params: ['int'], fn: randString(ALPHABETS.alpha) },
    randNumeric: { params: ['int'], fn: randString(ALPHABETS.numeric) },
    randAscii: { params: ['int'], fn: randString(ALPHABETS.ascii) },
    randInt: {
      params: ['int', 'int'],
      fn: (min, max) => {
        const lo = BigInt(int(min));
        const span = BigInt.asIntN(64, BigInt(int(max)) - lo);
        // rand.Intn panics on a non-positive bound; the template reports the panic text.
        if (span <= 0n) throw new GoFuncError('invalid argument to Intn');
        return randBelow(span) + lo;
      },
    },
    shuffle: {
      params: ['string'],
      fn: (s) => {
        const runes = Array.from(str(s));
        for (let i = runes.length - 1; i > 0; i--) {
          const j = randIndex(i + 1);
          [runes[i], runes[j]] = [runes[j]!, runes[i]!];
        }
        return runes.join('');
      },
    },
    // Without node's entropy cache: a cache filled while the start-up snapshot was built would
    // give every process started from it the same UUIDs.
    uuidv4: { params: [], fn: () => randomUUID({ disableEntropyCache: true }) },
    randBytes: {
      params: ['int'],
      fn: (count) => {
        const n = int(count);
        if (n < 0) throw new GoFuncError('runtime error: makeslice: len out of range');
        return base64Encode(o.randomBytes(n));
      },
    },
  };
}
