// Loads the fixture cases (test/fixtures/sprig/extra/cases/*.yaml) with helm's recorded results,
// and turns each case's arguments into the Go values the template executor would pass.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { GoNumber, type FuncMap, type GoValue } from '../../../../../src/gotemplate/value.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/sprig/extra');

export type Arg =
  | string
  | boolean
  | { i: number }
  | { i64: number }
  | { f: number }
  | { t: [string, string] }
  | { nil: true }
  | { l: Arg[] }
  | { d: Record<string, Arg> };

export interface Case {
  name: string;
  /** A function call... */
  fn?: string;
  args?: Arg[];
  /** ...or a whole template body (checked end to end only). */
  template?: string;
  /** The TZ value helm ran under (default UTC). */
  tz?: string;
}

export interface Expected {
  output?: string;
  /** The function's error text. */
  error?: string;
  /** helm's whole error line for a function error. */
  helmError?: string;
  /** An error of the template engine itself, as helm printed it. */
  templateError?: string;
}

export interface Family {
  family: string;
  cases: { c: Case; expected: Expected }[];
}

export function loadFamilies(): Family[] {
  return readdirSync(join(FIXTURES, 'cases'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const family = basename(file, '.yaml');
      const cases = parse(readFileSync(join(FIXTURES, 'cases', file), 'utf8')) as Case[];
      const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected', `${family}.json`), 'utf8')) as Record<string, Expected>;
      return { family, cases: cases.map((c) => ({ c, expected: expected[c.name]! })) };
    });
}

/** The committed one-line template of a case (what helm rendered). */
export function caseTemplate(family: string, name: string): string {
  return readFileSync(join(FIXTURES, 'charts', family, 'templates', `${name}.yaml`), 'utf8');
}

/** Cases that are plain function calls, for calling our functions directly. */
export function callCases(f: Family): { c: Case & { fn: string; args: Arg[] }; expected: Expected }[] {
  return f.cases.flatMap(({ c, expected }) => {
    if (c.fn === undefined || c.args === undefined) return [];
    return [{ c: { ...c, fn: c.fn, args: c.args }, expected }];
    });
}

/** The Go value of an argument, as `{{ fn args }}` hands it to the function. */
export function goArg(a: Arg, funcs: FuncMap): GoValue {
  if (typeof a === 'string' || typeof a === 'boolean') return a;
  if ('i' in a) return BigInt(a.i);
  if ('i64' in a) return new GoNumber('int64', BigInt(a.i64));
  if ('f' in a) return a.f;
  if ('t' in a) return funcs.toDate!.fn(a.t[0], a.t[1]);
  if ('nil' in a) return null;
  if ('l' in a) return a.l.map((x) => goArg(x, funcs));
  return Object.fromEntries(Object.entries(a.d).map(([k, v]) => [k, goArg(v, funcs)]));
}
