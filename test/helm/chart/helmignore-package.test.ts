// What a chart directory yields under various .helmignore files, against `helm package`
// (test/fixtures/helmignore/generate.mjs).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';

const cases = JSON.parse(readFileSync('test/fixtures/helmignore/expected.json', 'utf8')) as Array<{ helmignore: string; files?: string[]; error?: string }>;

describe.each(cases.map((c) => [JSON.stringify(c.helmignore), c] as const))('.helmignore %s', (_n, c) => {
  it('keeps the files helm keeps', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ig-')), 'ig');
    cpSync('test/fixtures/helmignore/chart', dir, { recursive: true });
    writeFileSync(join(dir, '.helmignore'), c.helmignore);
    try {
      const chart = await loadChart(dir);
      expect(chart.raw.map((f) => f.name).sort()).toEqual(c.files);
    } catch (e) {
      expect((e as Error).message).toBe(c.error);
    }
  });
});
