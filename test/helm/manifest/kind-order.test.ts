// Go compares strings by UTF-8 bytes; compareBytes must agree with that on any input,
// including surrogate pairs against the top of the BMP.
import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../../src/helm/manifest/kind-order.js';

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const byUtf8 = (a: string, b: string): number => sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

describe('compareBytes', () => {
  it('orders like UTF-8 bytes where UTF-16 code units would not', () => {
    expect(compareBytes('\u{1F600}', '\uffff')).toBe(1);
    expect(compareBytes('\ue000', '\u{10000}')).toBe(-1);
    expect(compareBytes('a/b', 'a/b/c')).toBe(-1);
    expect(compareBytes('a-b', 'a/b')).toBe(-1);
    expect(compareBytes('x', 'x')).toBe(0);
  });

  it('agrees with a byte comparison on generated strings', () => {
    const units = ['a', 'B', '/', '-', '\u00e9', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1F600}', '\u{10FFFF}'];
    let seed = 3;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const gen = (): string => Array.from({ length: rnd(5) }, () => units[rnd(units.length)]!).join('');
    for (let t = 0; t < 5000; t++) {
      const a = gen();
      const b = rnd(3) === 0 ? a + gen() : gen();
      expect(sign(compareBytes(a, b)), JSON.stringify([a, b])).toBe(byUtf8(a, b));
    }
  });
});
