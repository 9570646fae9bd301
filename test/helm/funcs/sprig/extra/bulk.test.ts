// Differential checks on thousands of seeded inputs rendered by helm (see
// test/fixtures/sprig/extra/generate-bulk.mjs): Go layouts across zones, parsing formatted
// times back under two time.Local values, and RE2 find/replace/split on assorted inputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../../../../src/gotemplate/fmt.js';
import type { FuncMap, GoValue } from '../../../../../src/gotemplate/value.js';
import { extraFuncs } from '../../../../../src/helm/funcs/sprig/extra/index.js';
import { FIXTURES } from './cases.js';

const load = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, 'bulk', name), 'utf8')) as T;

interface Bulk<C> {
  cases: C[];
  outputs: string[];
}

/** Every mismatch as "input => ours != helm's", so a failure lists them all at once. */
function mismatches<C>(bulk: Bulk<C>, ours: (c: C) => string): string[] {
  expect(bulk.outputs).toHaveLength(bulk.cases.length);
  const bad: string[] = [];
  bulk.cases.forEach((c, i) => {
    let got: string;
    try {
      got = ours(c);
    } catch (e) {
      got = `threw ${(e as Error).message}`;
    }
    if (got !== bulk.outputs[i]) bad.push(`${JSON.stringify(c)} => ${JSON.stringify(got)} != ${JSON.stringify(bulk.outputs[i])}`);
  });
  return bad;
}

/** A case rendered on its own when it failed: its output, or the function's error text. */
type Outcome = { output: string } | { error: string };

function isolatedMismatches<C>(bulk: { cases: C[]; outputs: Outcome[] }, ours: (c: C) => string): string[] {
  expect(bulk.outputs).toHaveLength(bulk.cases.length);
  const bad: string[] = [];
  bulk.cases.forEach((c, i) => {
    let got: Outcome;
    try {
      got = { output: ours(c) };
    } catch (e) {
      got = { error: (e as Error).message };
    }
    if (JSON.stringify(got) !== JSON.stringify(bulk.outputs[i])) bad.push(`${JSON.stringify(c)} => ${JSON.stringify(got)} != ${JSON.stringify(bulk.outputs[i])}`);
  });
  return bad;
}

const utc = extraFuncs({ tz: 'UTC' });
const newYork = extraFuncs({ tz: 'America/New_York' });
const call = (f: FuncMap, name: string, ...args: GoValue[]): GoValue => f[name]!.fn(...args);

describe('bulk differential against helm', () => {
  it('formats 1500 layouts in 21 zones', () => {
    const bulk = load<Bulk<{ layout: string; time: string; zone: string }>>('date-format.json');
    const bad = mismatches(bulk, (c) =>
      call(utc, 'dateInZone', c.layout, call(utc, 'toDate', '2006-01-02T15:04:05.999999999Z07:00', c.time), c.zone) as string,
    );
    expect(bad).toEqual([]);
  });

  it('parses the formatted values back, some damaged, with time.Local UTC and New York', () => {
    const bulk = load<Record<'utc' | 'newYork', Bulk<{ layout: string; value: string }>>>('date-parse.json');
    expect(mismatches(bulk.utc, (c) => formatValue(call(utc, 'toDate', c.layout, c.value)))).toEqual([]);
    expect(mismatches(bulk.newYork, (c) => formatValue(call(newYork, 'toDate', c.layout, c.value)))).toEqual([]);
  });

  it('parses, adds, rounds and prints 500 durations like Go', () => {
    const bulk = load<Bulk<{ d: string; secs: string }>>('durations.json');
    const t = call(utc, 'toDate', '2006-01-02T15:04:05Z07:00', '2024-03-05T07:08:09Z');
    const bad = mismatches(bulk, ({ d, secs }) =>
      [formatValue(call(utc, 'dateModify', d, t)), call(utc, 'durationRound', d), call(utc, 'duration', secs)].join('|'),
    );
    expect(bad).toEqual([]);
  });

  it('parses and joins 400 URLs like Go net/url, errors included', () => {
    const bulk = load<{ cases: { url: string }[]; outputs: Outcome[] }>('urls.json');
    const bad = isolatedMismatches(bulk, ({ url }) => {
      const u = call(utc, 'urlParse', url);
      return `${formatValue(u)}|${call(utc, 'urlJoin', u) as string}`;
    });
    expect(bad).toEqual([]);
  });

  it('handles 400 paths and base64/base32 inputs like Go', () => {
    const bulk = load<{ cases: { path: string; enc: string }[]; outputs: Outcome[] }>('paths-codecs.json');
    const bad = isolatedMismatches(bulk, ({ path, enc }) =>
      [
        call(utc, 'base', path),
        call(utc, 'dir', path),
        call(utc, 'clean', path),
        call(utc, 'ext', path),
        formatValue(call(utc, 'isAbs', path)),
        call(utc, 'b64dec', enc),
        call(utc, 'b32dec', enc),
        call(utc, 'b64enc', path),
        call(utc, 'b32enc', path),
      ].join('|'),
    );
    expect(bad).toEqual([]);
  });

  it('matches, finds, replaces and splits like Go regexp', () => {
    const bulk = load<Bulk<{ re: string; s: string; repl: string; count: number }>>('regex.json');
    const bad = mismatches(bulk, ({ re, s, repl, count }) => {
      const n = BigInt(count);
      const all = call(utc, 'regexFindAll', re, s, n) as string[];
      const split = call(utc, 'regexSplit', re, s, n) as string[];
      return [
        formatValue(call(utc, 'regexMatch', re, s)),
        call(utc, 'regexFind', re, s),
        formatValue(all),
        all.length,
        call(utc, 'regexReplaceAll', re, s, repl),
        call(utc, 'regexReplaceAllLiteral', re, s, repl),
        formatValue(split),
        split.length,
      ].join('|');
    });
    expect(bad).toEqual([]);
  });
});
