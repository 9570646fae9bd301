// values.schema.json validation worded as helm v4.1.4 words it (test/fixtures/schema).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { toRenderValues, validateAgainstSingleSchema } from '../../../src/helm/values/index.js';
import { loadValues } from '../../../src/helm/yaml/read.js';

const cases = JSON.parse(readFileSync('test/fixtures/schema/expected.json', 'utf8')) as Record<string, { values: string; result: string }>;
const release = { name: 'rel', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false };

describe.each(Object.entries(cases))('values file %s', (_name, c) => {
  it('is judged as helm judges it', async () => {
    const chart = await loadChart('test/fixtures/charts/schema');
    let result = 'ok';
    try {
      toRenderValues(chart, loadValues(c.values), release, null);
    } catch (e) {
      result = `${(e as Error).message}\n`;
    }
    // Helm (santhosh-tekuri/jsonschema) ranges over a Go map of properties, so sibling
    // properties come out in random order; we print them by name. Compare the lines as a set,
    // and the header exactly.
    const lines = (t: string) => t.split('\n');
    expect(lines(result).slice(0, 2)).toEqual(lines(c.result).slice(0, 2));
    expect(lines(result).sort()).toEqual(lines(c.result).sort());
  });
});

it('skips validation when asked', async () => {
  const chart = await loadChart('test/fixtures/charts/schema');
  expect(() => toRenderValues(chart, loadValues('replicaCount: two\n'), release, null, { skipSchemaValidation: true })).not.toThrow();
});

// test/fixtures/schema/<dir>/expected.txt come from generate-charts.sh (helm template <dir>).
// Sibling properties come out in Go map order in helm, so lines are compared as a multiset.
describe.each(['formats', 'keywords'])('schema chart %s', (dir) => {
  it('fails with the causes helm prints', async () => {
    const chart = await loadChart(`test/fixtures/schema/${dir}`);
    let result = '';
    try {
      toRenderValues(chart, Object.create(null), release, null);
    } catch (e) {
      result = `${(e as Error).message}\n`;
    }
    const want = readFileSync(`test/fixtures/schema/${dir}/expected.txt`, 'utf8');
    expect(result.split('\n').sort()).toEqual(want.split('\n').sort());
  });
});

describe('schemas that cannot be used', () => {
  // helm template says, after "<chart>:\n", exactly these (no final newline).
  it.each([
    ['truncated JSON', '{"type": "object", ', 'unexpected EOF'],
    ['a missing local reference', '{"$ref": "#/definitions/missing"}', 'json-pointer in "file:///values.schema.json#/definitions/missing" not found'],
  ])('%s', (_n, schema, want) => {
    expect(validateAgainstSingleSchema(loadValues('a: 1\n'), schema)).toBe(want);
  });
});
