// Go orders strings by UTF-8 bytes: compareGoStrings must agree with a byte comparison of the
// UTF-8 encodings (Buffer.compare), including characters above U+FFFF against U+E000..U+FFFF.
import { describe, expect, it } from 'vitest';
import { compareGoStrings } from '../../src/gotemplate/go-strings.js';

const sign = (n: number): number => Math.sign(n);
const bytewise = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareGoStrings', () => {
  it('puts U+FFFF before U+1F600, where UTF-16 order says the opposite', () => {
    expect(compareGoStrings('\uffff', '\u{1F600}')).toBeLessThan(0);
    expect('\u{1F600}' < '\uffff').toBe(true);
  });

  it('agrees with UTF-8 byte order on seeded random strings', () => {
    const alphabet = ['a', 'z', '0', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1F600}', '\u{10FFFF}'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = (): string => Array.from({ length: 1 + next(4) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const [a, b] = [word(), word()];
      expect(sign(compareGoStrings(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(bytewise(a, b)));
    }
  });
});
