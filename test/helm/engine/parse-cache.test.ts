// Rendering again from cached parsed templates gives exactly what a fresh parse gives, for
// charts that use include, tpl (which clones the set) and define overrides.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, ParseCache, renderChart, renderChartView } from '../../../src/helm/engine/index.js';
import { processDependencies, toRenderValues } from '../../../src/helm/values/index.js';

const fixtures = join(import.meta.dirname, '../../fixtures/render/charts');

async function prepare(name: string, values: Record<string, string> = {}) {
  const chart = await loadChart(join(fixtures, name));
  processDependencies(chart, { ...values });
  const caps = makeCapabilities();
  const top = toRenderValues(chart, { ...values }, { name: 'rel', namespace: 'ns', revision: 1, isInstall: true, isUpgrade: false }, caps);
  return { view: renderChartView(chart), top };
}

describe('parse cache', () => {
  for (const name of ['basic', 'features', 'define-order', 'files']) {
    it(`renders ${name} identically from cached templates`, async () => {
      const { view, top } = await prepare(name);
      const fresh = renderChart(view, top, helmRenderOptions());
      const opts = { ...helmRenderOptions(), parseCache: new ParseCache() };
      for (let i = 0; i < 3; i++) expect(renderChart(view, top, opts)).toEqual(fresh);
    });
  }

  it('reuses parsed templates across different values', async () => {
    const opts = { ...helmRenderOptions(), parseCache: new ParseCache() };
    const a = await prepare('basic');
    renderChart(a.view, a.top, opts);
    const b = await prepare('basic', { nameOverride: 'other' });
    expect(renderChart(b.view, b.top, opts)).toEqual(renderChart(b.view, b.top, helmRenderOptions()));
  });
});
