import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goQuote } from '../../src/cli/go-quote.js';

describe('goQuote (Go strconv.Quote, vectors from Go in fixtures/go-quote.go)', () => {
  const vectors = JSON.parse(readFileSync(new URL('./fixtures/go-quote.json', import.meta.url), 'utf8')) as [string, string][];
  for (const [input, want] of vectors) {
    it(`quotes ${JSON.stringify(input)}`, () => expect(goQuote(input)).toBe(want));
  }
});
