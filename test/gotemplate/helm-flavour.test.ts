// Cases rendered by the official helm v4.1.4 (Go 1.25's text/template): newer Go features
// (range over integers, else with, current error texts) and Helm's flavour: missingkey=zero,
// then "<no value>" removed from the output. Expectations: scripts/gotemplate-fixtures/helm-check.mjs.
import { describe, expect, it } from 'vitest';
import { Template } from '../../src/gotemplate/index.js';
import { loadCasesWith } from './cases.js';
import { decode } from './gomodel.js';

/** Renders a case the way Helm renders templates/t.yaml of a one-template chart. */
function renderLikeHelm(template: string, values: unknown): { output?: string; error?: string } {
  try {
    const t = new Template('c/templates/t.yaml', { missingKey: 'zero' });
    t.parse('# ' + template + '\n');
    const out = t.execute({ Values: decode(values ?? {}) }).replaceAll('<no value>', '');
    return { output: out.trim().replace(/^#\s?/, '') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('helm.yaml matches helm v4.1.4', () => {
  for (const c of loadCasesWith('helm', 'helm')) {
    it(c.name, () => {
      const got = renderLikeHelm(c.template as string, c.values);
      if (c.expected.output !== undefined) expect(got).toEqual({ output: c.expected.output.trim() });
      else expect(got).toEqual(c.expected);
    });
  }
});
