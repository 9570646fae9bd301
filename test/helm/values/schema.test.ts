// values.schema.json validation worded as helm v4.1.4 words it (test/fixtures/schema).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { toRenderValues } from '../../../src/helm/values/index.js';
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
    expect(result).toBe(c.result);
  });
});

it('skips validation when asked', async () => {
  const chart = await loadChart('test/fixtures/charts/schema');
  expect(() => toRenderValues(chart, loadValues('replicaCount: two\n'), release, null, { skipSchemaValidation: true })).not.toThrow();
});
