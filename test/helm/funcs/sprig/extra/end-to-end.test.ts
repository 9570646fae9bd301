// The fixture charts' templates rendered through our Go template engine with Sprig's full
// function map (core + extra) give helm's bytes, or helm's error text.
import { describe, expect, it } from 'vitest';
import { Template } from '../../../../../src/gotemplate/index.js';
import type { FuncMap } from '../../../../../src/gotemplate/value.js';
import { coreFuncs } from '../../../../../src/helm/funcs/sprig/core/index.js';
import { extraFuncs } from '../../../../../src/helm/funcs/sprig/extra/index.js';
import { caseTemplate, loadFamilies } from './cases.js';

const byZone = new Map<string, FuncMap>();
const funcsFor = (tz: string): FuncMap => {
  if (!byZone.has(tz)) byZone.set(tz, { ...coreFuncs(), ...extraFuncs({ tz }) });
  return byZone.get(tz)!;
};

for (const { family, cases } of loadFamilies()) {
  describe(`${family} rendered end to end`, () => {
    for (const { c, expected } of cases) {
      it(c.name, () => {
        const name = `sprig-extra-${family}/templates/t.yaml`;
        const render = () =>
          new Template(name, { funcs: funcsFor(c.tz ?? 'UTC'), missingKey: 'zero' }).parse(caseTemplate(family, c.name)).execute({ Values: {} });
        if (expected.output !== undefined) {
          expect(render()).toBe(`#<<<${expected.output}>>>\n`);
        } else if (expected.helmError !== undefined) {
          expect(render).toThrow(expected.helmError);
        } else {
          // helm prints engine errors over several lines; the last one is Go's message.
          const helmLast = expected.templateError!.split('\n').at(-1)!.trim().replace(/^Error: parse error at \([^)]*\): /, '');
          expect(render).toThrow(helmLast);
          // A one-level trace (location, action, message) is Go's ExecError text, spread by
          // helm over three lines: the error must come from the same action, at the same place.
          const trace = /^Error: ([^\n]+)\n {2}executing ("[^"]*") at (<[^\n]*>):\n {4}([^\n]*)$/.exec(expected.templateError!);
          if (trace) expect(render).toThrow(`template: ${trace[1]}: executing ${trace[2]} at ${trace[3]}: ${trace[4]}`);
        }
      });
    }
  });
}
