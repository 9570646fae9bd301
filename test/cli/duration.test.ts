import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from '../../src/cli/duration.js';

// Expected values come from Go's own time package (fixtures/go-duration.go).
const golden = JSON.parse(readFileSync(new URL('./fixtures/go-duration.json', import.meta.url), 'utf8')) as {
  parse: { in: string; ms?: number; error?: string }[];
  format: { ns: number; out: string }[];
};

describe('Go duration parsing (--timeout)', () => {
  for (const c of golden.parse) {
    if (c.error) {
      it(`rejects ${JSON.stringify(c.in)} with Go's error`, () => {
        expect(() => parseGoDuration(c.in)).toThrow(c.error);
      });
    } else {
      it(`parses ${JSON.stringify(c.in)} as Go does`, () => {
        expect(parseGoDuration(c.in)).toBeCloseTo(c.ms ?? 0, 6);
      });
    }
  }
});

describe('Go Duration.String', () => {
  for (const c of golden.format) {
    it(`prints ${c.ns}ns as ${c.out}`, () => {
      expect(formatGoDuration(c.ns / 1e6)).toBe(c.out);
    });
  }
});
