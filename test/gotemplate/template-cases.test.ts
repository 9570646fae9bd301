// Template cases (test/fixtures/gotemplate/cases/*.yaml of kind "template") executed by our
// engine and compared with what Go's text/template produced for them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { Template } from '../../src/gotemplate/index.js';
import type { MissingKey } from '../../src/gotemplate/index.js';
import { loadCases } from './cases.js';
import type { Case } from './cases.js';
import { decode, testFuncs } from './gomodel.js';

const casesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'gotemplate', 'cases');
const files = readdirSync(casesDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .filter((f) => (parseYaml(readFileSync(join(casesDir, `${f}.yaml`), 'utf8')) as { kind: string }).kind === 'template');

/** Runs a case as main.go does; returns the output or the error message. */
export function runCase(c: Case): { output?: string; error?: string } {
  try {
    const t = new Template(c.name, { funcs: testFuncs });
    if (Array.isArray(c.delims)) t.delims(c.delims[0] as string, c.delims[1] as string);
    if (typeof c.missingkey === 'string') t.option(`missingkey=${c.missingkey as MissingKey}`);
    t.parse(c.template as string);
    ((c.extra as string[] | undefined) ?? []).forEach((text, i) => t.new(`extra${i + 1}`).parse(text));
    const data = decode(c.data);
    const output = typeof c.exec === 'string' ? t.executeTemplate(c.exec, data) : t.execute(data);
    return { output };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

for (const file of files) {
  describe(`${file}.yaml matches Go text/template`, () => {
    for (const c of loadCases(file)) {
      it(c.name, () => {
        expect(runCase(c)).toEqual(c.expected);
      });
    }
  });
}
