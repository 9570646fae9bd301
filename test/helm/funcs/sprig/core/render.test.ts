// End to end: the fixture chart's templates rendered by our Go template engine with the core
// function map print exactly what helm v4.1.4 printed for every case; each error case fails
// with helm's very error text (position, action and Go message).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ExecError, Template } from '../../../../../src/gotemplate/index.js';
import type { FuncMap, GoValue } from '../../../../../src/gotemplate/value.js';
import { reformatExecError } from '../../../../../src/helm/engine/errors.js';
import { helmFuncMap } from '../../../../../src/helm/funcs/helm/funcmap.js';
import { coreFuncs } from '../../../../../src/helm/funcs/sprig/core/index.js';
import { knownDifference } from './known-differences.js';

const fixtures = join(import.meta.dirname, '../../../../fixtures/sprig/core');
const chart = join(fixtures, 'charts/core');

interface CaseFile {
  /** Cases about Helm's own functions too: rendered with Helm's whole function map. */
  helmFuncs?: boolean;
  errors?: Record<string, string>;
}
interface Expected {
  cases: Record<string, string>;
  errors: Record<string, string>;
}

function values(): GoValue {
  // Helm's values pass through JSON: every number is a float64.
  return JSON.parse(JSON.stringify(parse(readFileSync(join(chart, 'values.yaml'), 'utf8')))) as GoValue;
}

/** Renders like Helm: missingkey=zero, then "<no value>" removed. */
function render(name: string, text: string, funcs: FuncMap = coreFuncs()): string {
  const t = new Template(name, { funcs }).option('missingkey=zero').parse(text);
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
  const funcs = cases.helmFuncs ? helmFuncMap() : coreFuncs();

  describe(`sprig core rendered: ${family}`, () => {
    const rendered = (): Record<string, string> =>
      blocks(render(`core/templates/${file}`, readFileSync(join(chart, 'templates', file), 'utf8'), funcs));
    const known = Object.keys(expected.cases).filter((name) => knownDifference(family, name));

    it('renders every case as helm does', () => {
      const got = rendered();
      const want = { ...expected.cases };
      for (const name of known) delete got[name], delete want[name];
      expect(got).toEqual(want);
    });

    for (const name of known) {
      it.fails(`${name} renders as in helm (known difference: ${knownDifference(family, name)})`, () => {
        expect(rendered()[name]).toBe(expected.cases[name]);
      });
    }

    for (const [name, expr] of Object.entries(cases.errors ?? {})) {
      const known = knownDifference(family, name);
      (known ? it.fails : it)(`${name} fails as in helm${known ? ` (known difference: ${known})` : ''}`, () => {
        const text = `#@case ${name}\n${expr.split(' ; ').map((e) => `{{ ${e} }}`).join('')}\n#@end\n`;
        const file = 'core/templates/case.yaml';
        let message = '';
        try {
          render(file, text, funcs);
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

// The same chart through the function map Helm's renderer uses (Sprig's two halves plus Helm's
// own toJson/fromJson/... and lookup), so nothing there shadows a core function differently.
describe('sprig core rendered with the full Helm function map', () => {
  for (const file of readdirSync(join(chart, 'templates'))) {
    const family = file.replace(/\.yaml$/, '');
    const expected = JSON.parse(readFileSync(join(fixtures, 'expected', `${family}.json`), 'utf8')) as Expected;
    it(`${family} renders as helm does`, () => {
      const got = blocks(render(`core/templates/${file}`, readFileSync(join(chart, 'templates', file), 'utf8'), helmFuncMap()));
      const want = { ...expected.cases };
      for (const name of Object.keys(want)) if (knownDifference(family, name)) delete got[name], delete want[name];
      expect(got).toEqual(want);
    });
  }
});
