// Every fixture case, called directly on our functions, must give what helm v4.1.4 printed
// (or the error text helm reported) for the same call in a template.
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../../../../src/gotemplate/fmt.js';
import type { FuncMap } from '../../../../../src/gotemplate/value.js';
import { extraFuncs } from '../../../../../src/helm/funcs/sprig/extra/index.js';
import { callCases, goArg, loadFamilies } from './cases.js';

// Helm ran with TZ=UTC unless a case says otherwise; our time.Local follows the same TZ value.
const byZone = new Map<string, FuncMap>();
const funcsFor = (tz: string): FuncMap => {
  if (!byZone.has(tz)) byZone.set(tz, extraFuncs({ tz }));
  return byZone.get(tz)!;
};

for (const f of loadFamilies()) {
  const cases = callCases(f);
  if (cases.length === 0) continue;
  describe(`${f.family} matches helm`, () => {
    for (const { c, expected } of cases) {
      it(c.name, () => {
        const funcs = funcsFor(c.tz ?? 'UTC');
        const fn = funcs[c.fn];
        expect(fn, `function ${c.fn}`).toBeDefined();
        const args = c.args.map((a) => goArg(a, funcs));
        if (expected.error !== undefined) {
          let message: string | undefined;
          try {
            fn!.fn(...args);
          } catch (e) {
            message = (e as Error).message;
          }
          expect(message, 'helm reported an error').toBe(expected.error);
        } else {
          expect(expected.output, 'helm recorded an output').toBeDefined();
          expect(formatValue(fn!.fn(...args))).toBe(expected.output);
        }
      });
    }
  });
}
