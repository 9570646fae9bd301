// fromToml parity with helm v4.1.4 (BurntSushi/toml v1.6.0): every document of
// test/fixtures/toml (hand-written valid and invalid documents, and seeded mutations of the
// valid ones) rendered by our engine through the fixture chart prints exactly what helm
// printed: the decoded map (or its "Error"), its Go types, and toToml/toYaml of it.
// Regenerate with `node test/fixtures/toml/generate.mjs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderChart, renderChartView } from '../../../src/helm/engine/index.js';
import { tomlFuncs } from '../../../src/helm/funcs/helm/toml.js';
import { UTC } from '../../../src/helm/funcs/sprig/extra/gotime/location.js';
import { processDependencies, toRenderValues } from '../../../src/helm/values/index.js';
import { knownDifference } from './known-differences.js';

const fixtures = join(import.meta.dirname, '../../fixtures/toml');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected/results.json'), 'utf8')) as Record<string, string>;

async function renderAll(): Promise<Record<string, string>> {
  const chart = await loadChart(join(fixtures, 'chart'));
  processDependencies(chart, {});
  const caps = makeCapabilities();
  const top = toRenderValues(chart, {}, { name: 'release-name', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
  const opts = helmRenderOptions();
  // The fixtures were made with TZ=UTC: Go's time.Local is UTC.
  opts.funcs = { ...opts.funcs, ...tomlFuncs({ local: UTC }) };
  const text = renderChart(renderChartView(chart), { ...top, Capabilities: caps }, opts).get('toml/templates/cases.yaml') ?? '';
  const blocks: Record<string, string> = {};
  for (const m of text.matchAll(/^#@case (\S+)\n([\s\S]*?)\n#@end$/gm)) blocks[m[1]!] = m[2]!;
  return blocks;
}

const rendered = renderAll();

describe('fromToml as helm v4.1.4', () => {
  it('renders every fixture document', async () => {
    expect(Object.keys(await rendered).sort()).toEqual(Object.keys(expected).sort());
  });
  for (const family of ['valid', 'errors', 'mutation']) {
    const names = Object.keys(expected).filter((n) => n.startsWith(`${family}/`));
    const known = names.filter((n) => knownDifference(n) !== undefined);
    it(`${family}: ${names.length - known.length} documents decode, fail and re-encode as in helm`, async () => {
      const got = await rendered;
      const want: Record<string, string> = {};
      const have: Record<string, string> = {};
      for (const n of names) {
        if (known.includes(n)) continue;
        want[n] = expected[n]!;
        have[n] = got[n]!;
      }
      expect(have).toEqual(want);
    });
    for (const n of known) {
      it.fails(`${n} (known difference: ${knownDifference(n)})`, async () => {
        expect((await rendered)[n]).toBe(expected[n]);
      });
    }
  }
});
