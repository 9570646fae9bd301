// toToml of nil: BurntSushi's encoder panics in reflect and helm's template fails with that
// panic's text (test/fixtures/toml/expected/failures.json, made by generate.mjs).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderChart, renderChartView } from '../../../src/helm/engine/index.js';
import { processDependencies, toRenderValues } from '../../../src/helm/values/index.js';

interface Failure {
  template: string;
  error: string;
}
const failures = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/toml/expected/failures.json'), 'utf8')) as Record<string, Failure>;
const scratch = mkdtempSync(join(tmpdir(), 'toml-failing-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The same chart generate.mjs gave helm: one template, `nothing: null` in values.yaml. */
async function render(template: string): Promise<unknown> {
  const dir = mkdtempSync(join(scratch, 'failing-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: failing\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), 'nothing: null\n');
  writeFileSync(join(dir, 'templates', 'fail.yaml'), `${template}\n`);
  const chart = await loadChart(dir);
  processDependencies(chart, {});
  const caps = makeCapabilities();
  const top = toRenderValues(chart, {}, { name: 'release-name', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
  try {
    renderChart(renderChartView(chart), { ...top, Capabilities: caps }, helmRenderOptions());
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('toToml of nil fails the template as in helm', () => {
  for (const [name, f] of Object.entries(failures)) {
    it(`${name}: ${f.template}`, async () => {
      const e = await render(f.template);
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toBe(f.error);
    });
  }
});
