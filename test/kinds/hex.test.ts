import { describe, expect, it } from 'vitest';
import { truncateHex } from '../../src/kinds/hex.js';

// The vectors of flux's internal/utils/hex_test.go.
const sha256 = 'c2448c95e262b10f9c1137bf1472f51c04dffca76966ff15eff409d0b300c0b0';
const cases: [string, string, string][] = [
  ['SHA1 hash', '16cfcc0b9066b3234dda29927ac1c19860d9663f', '16cfcc0b'],
  ['SHA256 hash', sha256, 'c2448c95'],
  ['BLAKE3 hash', 'd7b332559f4e57c01dcbe24e53346b4e47696fd2a07f39639a4017a8c3a1d045', 'd7b33255'],
  [
    'SHA512 hash',
    'dd81564b7e1e1d5986b166c21963d602f47f8610bf2a6ebbfd2f9c1e5ef05ef134f07e587383cbc049325c43e0e6817b5a282a74c0d569a5e057118484989781',
    'dd81564b',
  ],
  ['part of digest', `sha256:${sha256}`, 'sha256:c2448c95'],
  ['part of revision with digest', `tag@sha256:${sha256}`, 'tag@sha256:c2448c95'],
  ['legacy revision with hash', 'HEAD/16cfcc0b9066b3234dda29927ac1c19860d9663f', 'HEAD/16cfcc0b'],
  ['hex exceeding max length', 'f'.repeat(150), 'f'.repeat(150)],
  ['hex under min length', 'ffffffffffffff', 'ffffffffffffff'],
  ['within string', 'this is a lengthy string with a hash 16cfcc0b9066b3234dda29927ac1c19860d9663f in it', 'this is a lengthy string with a hash 16cfcc0b in it'],
  ['within string (quoted)', `this is a lengthy string with a hash "${sha256}" in it`, 'this is a lengthy string with a hash "c2448c95" in it'],
  ['within string (single quoted)', `this is a lengthy string with a hash 'sha256:${sha256}' in it`, "this is a lengthy string with a hash 'sha256:c2448c95' in it"],
  ['arbitrary string', 'which should not be modified', 'which should not be modified'],
];

describe('truncateHex (flux TruncateHex)', () => {
  for (const [name, input, want] of cases) {
    it(name, () => expect(truncateHex(input)).toBe(want));
  }
  it('leaves upper-case hex alone', () => {
    const upper = '16CFCC0B9066B3234DDA29927AC1C19860D9663F';
    expect(truncateHex(upper)).toBe(upper);
  });
  it('replaces every occurrence of a hash', () => {
    const h = '16cfcc0b9066b3234dda29927ac1c19860d9663f';
    expect(truncateHex(`${h} and ${h}`)).toBe('16cfcc0b and 16cfcc0b');
  });
});
