// End to end: the fixture chart's templates rendered by our Go template engine with the core
// function map print exactly what helm v4.1.4 printed for every case; each error case fails
// with helm's very error text (position, action and Go message).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ExecError, Template } from '../../../../../src/gotemplate/index.js';
import type { GoValue } from '../../../../../src/gotemplate/value.js';
import { reformatExecError } from '../../../../../src/helm/engine/errors.js';
import { coreFuncs } from '../../../../../src/helm/funcs/sprig/core/index.js';

const fixtures = join(import.meta.dirname, '../../../../fixtures/sprig/core');
const chart = join(fixtures, 'charts/core');

interface CaseFile {
  errors?: Record<string, string>;
}
interface Expected {
  cases: Record<string, string>;
  errors: Record<string, string>;
}

/**
 * Error cases where our output still differs from helm's for reasons outside the Sprig
 * functions. `it.fails` keeps them honest: each turns red once the cause is fixed.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // Helm prints the raw Go message here (the error chain ends in a non-template error), but
  // src/helm/engine/errors.ts re-reads the chain from the message text and trips over the
  // ": " inside the action `mustFromJson \`{1: 2}\``, printing a trace instead.
  'mustFromJson-key': 'engine error rewriting with ": " in the action',
  'mustFromJson-after-pair': 'engine error rewriting with ": " in the action',
  // split returns map[string]string; the value model has no typed maps yet, so the executor
  // accepts it for a map[string]interface{} parameter instead of failing.
  'map-param-typed-map': 'no typed maps in the executor',
};

function values(): GoValue {
  // Helm's values pass through JSON: every number is a float64.
  return JSON.parse(JSON.stringify(parse(readFileSync(join(chart, 'values.yaml'), 'utf8')))) as GoValue;
}

/** Renders like Helm: missingkey=zero, then "<no value>" removed. */
function render(name: string, text: string): string {
  const t = new Template(name, { funcs: coreFuncs() }).option('missingkey=zero').parse(text);
  return t.execute({ Values: values() }).replaceAll('<no value>', '');
}

function blocks(out: string): Record<string, string> {
  const res: Record<string, string> = {};
  for (const m of out.matchAll(/^#@case (\S+)\n([\s\S]*?)\n#@end$/gm)) res[m[1]!] = m[2]!;
  return res;
}

for (const file of readdirSync(join(chart, 'templates'))) {
  const family = file.replace(/\.yaml$/, '');
  const expected = JSON.parse(readFileSync(join(fixtures, 'expected', `${family}.json`), 'utf8')) as Expected;
  const cases = parse(readFileSync(join(fixtures, 'cases', file), 'utf8')) as CaseFile;

  describe(`sprig core rendered: ${family}`, () => {
    it('renders every case as helm does', () => {
      const got = blocks(render(`core/templates/${file}`, readFileSync(join(chart, 'templates', file), 'utf8')));
      expect(got).toEqual(expected.cases);
    });

    for (const [name, expr] of Object.entries(cases.errors ?? {})) {
      const known = KNOWN_DIFFERENCES[name];
      (known ? it.fails : it)(`${name} fails as in helm${known ? ` (known difference: ${known})` : ''}`, () => {
        const text = `#@case ${name}\n${expr.split(' ; ').map((e) => `{{ ${e} }}`).join('')}\n#@end\n`;
        const file = 'core/templates/case.yaml';
        let message = '';
        try {
          render(file, text);
        } catch (e) {
          expect(e).toBeInstanceOf(ExecError);
          // helm prints execution errors through Helm's rewriting (a trace for engine errors).
          message = reformatExecError(file, e as Error, (x) => x instanceof ExecError).message;
        }
        expect(message).toBe(expected.errors[name]);
      });
    }
  });
}
