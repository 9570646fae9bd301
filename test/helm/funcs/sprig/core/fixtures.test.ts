// Every case of test/fixtures/sprig/core: the functions called directly on the inputs the
// helm fixtures used must print what helm v4.1.4 printed, or fail with helm's error text.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { coreFuncs } from '../../../../../src/helm/funcs/sprig/core/index.js';
import type { GoValue } from '../../../../../src/gotemplate/value.js';
import { render } from './expr.js';
import { knownDifference } from './known-differences.js';

const fixtures = join(import.meta.dirname, '../../../../fixtures/sprig/core');

interface CaseFile {
  /** Cases about the template engine's argument conversion: only render.test.ts runs them. */
  engineOnly?: boolean;
  cases?: Record<string, string>;
  errors?: Record<string, string>;
}
interface Expected {
  cases: Record<string, string>;
  errors: Record<string, string>;
}

// Values reach templates through JSON, so every number is a float64 (a JS number).
const values = JSON.parse(JSON.stringify(parse(readFileSync(join(fixtures, 'charts/core/values.yaml'), 'utf8')))) as GoValue;
const funcs = coreFuncs();

/** helm's error line ends with `error calling NAME: MESSAGE`; the function's own error is MESSAGE. */
function funcMessage(helmError: string): string {
  const m = /error calling \w+: (.*)$/.exec(helmError);
  if (!m) throw new Error(`not a function error: ${helmError}`);
  return m[1]!;
}

for (const file of readdirSync(join(fixtures, 'cases')).filter((f) => f.endsWith('.yaml'))) {
  const family = file.replace(/\.yaml$/, '');
  const cases = parse(readFileSync(join(fixtures, 'cases', file), 'utf8')) as CaseFile;
  if (cases.engineOnly) continue;
  const expected = JSON.parse(readFileSync(join(fixtures, 'expected', `${family}.json`), 'utf8')) as Expected;

  describe(`sprig core: ${family}`, () => {
    for (const [name, expr] of Object.entries(cases.cases ?? {})) {
      const known = knownDifference(family, name);
      (known ? it.fails : it)(`${name}: {{ ${expr} }}${known ? ` (known difference: ${known})` : ''}`, () => {
        const env = { funcs, values: structuredClone(values) };
        expect(render(expr, env)).toBe(expected.cases[name]);
      });
    }
    for (const [name, expr] of Object.entries(cases.errors ?? {})) {
      it(`${name} fails: {{ ${expr} }}`, () => {
        const env = { funcs, values: structuredClone(values) };
        let message: string | undefined;
        try {
          render(expr, env);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message).toBe(funcMessage(expected.errors[name]!));
      });
    }
  });
}
