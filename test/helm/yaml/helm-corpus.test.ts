// Helm's toYaml and toJson over nasty values files, byte for byte against the outputs the
// official helm produced (test/fixtures/yaml/generate.sh).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marshal } from '../../../src/helm/gojson/marshal.js';
import { toYaml } from '../../../src/helm/yaml/marshal.js';
import { loadValues, parseValuesYaml } from '../../../src/helm/yaml/read.js';

const dir = 'test/fixtures/yaml';

/** Helm's verdicts on every mutation set (mutations/expected*.json). */
function mutationVerdicts(): Record<string, { error?: string; values?: string }> {
  const files = readdirSync(join(dir, 'mutations')).filter((f) => /^expected\d*\.json$/.test(f));
  return Object.assign({}, ...files.map((f) => JSON.parse(readFileSync(join(dir, 'mutations', f), 'utf8')) as Record<string, { error?: string; values?: string }>));
}
const corpora = readdirSync(dir).filter((f) => f.endsWith('-values.yaml'));

describe.each(corpora)('%s', (file) => {
  const name = file.replace(/-values\.yaml$/, '');
  const values = parseValuesYaml(readFileSync(join(dir, file), 'utf8'), file);

  it('reads the values as Helm does (toJson of them matches helm)', () => {
    expect(marshal(values)).toBe(readFileSync(join(dir, `${name}.toJson`), 'utf8'));
  });

  it('writes them back as Helm toYaml does', () => {
    expect(toYaml(values)).toBe(readFileSync(join(dir, `${name}.toYaml`), 'utf8'));
  });
});

describe('values.yaml errors and edge documents, as helm reports them', () => {
  const expected = JSON.parse(readFileSync(join(dir, 'errors/expected.json'), 'utf8')) as Record<string, { error?: string; values?: string }>;
  it.each(Object.entries(expected))('%j', (input, want) => {
    if (want.error !== undefined) {
      expect(() => loadValues(input)).toThrow();
      try {
        loadValues(input);
      } catch (e) {
        expect(`cannot load values.yaml: ${(e as Error).message}`).toBe(want.error);
      }
    } else {
      expect(marshal(loadValues(input))).toBe(want.values);
    }
  });
});

describe('mutated values files: accepted and refused exactly when helm accepts and refuses them', () => {
  // test/fixtures/yaml/mutations: random small edits of a values file and helm's verdicts.
  // Exact error wording is pinned by the errors corpus above; here the verdict and values must agree.
  const expected = mutationVerdicts();
  it.each(Object.entries(expected))('%j', (input, want) => {
    if (want.error !== undefined) {
      expect(() => loadValues(input)).toThrow(/^(cannot unmarshal|error reading) yaml document: /);
    } else {
      expect(marshal(loadValues(input))).toBe(want.values);
    }
  });
});

describe('mutated values files: error texts as helm words them', () => {
  // Each refused mutation gets helm's exact text, except the inputs listed in
  // known-text-differences.json (none today). A listed input that starts to match fails here, so
  // the list only shrinks.
  const expected = mutationVerdicts();
  const known = new Set(JSON.parse(readFileSync(join(dir, 'mutations/known-text-differences.json'), 'utf8')) as string[]);
  const refused = Object.entries(expected).filter(([, want]) => want.error !== undefined);
  const textOf = (input: string): string => {
    try {
      loadValues(input);
      return '(accepted)';
    } catch (e) {
      return `cannot load values.yaml: ${(e as Error).message}`;
    }
  };
  it.each(refused.filter(([input]) => !known.has(input)))('%j', (input, want) => {
    expect(textOf(input)).toBe(want.error);
  });
  it.each(refused.filter(([input]) => known.has(input)))('known difference: %j', (input, want) => {
    expect(textOf(input)).not.toBe(want.error);
  });
});
