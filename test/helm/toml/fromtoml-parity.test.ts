// fromToml parity with helm v4.1.4 (BurntSushi/toml v1.6.0): every document of
// test/fixtures/toml (hand-written valid and invalid documents, and seeded mutations of the
// valid ones) rendered by our engine through the fixture chart prints exactly what helm
// printed: the decoded map (or its "Error"), its Go types, and toToml/toYaml of it. The
// documents about dates and times are checked again with Go's time.Local in New York.
// Regenerate with `node test/fixtures/toml/generate.mjs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderChart, renderChartView } from '../../../src/helm/engine/index.js';
import { tomlFuncs, type TomlFuncsOptions } from '../../../src/helm/funcs/helm/toml.js';
import { localLocation, UTC } from '../../../src/helm/funcs/sprig/extra/gotime/location.js';
import { processDependencies, toRenderValues } from '../../../src/helm/values/index.js';
import { knownDifference } from './known-differences.js';

const fixtures = join(import.meta.dirname, '../../fixtures/toml');
const read = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, 'expected', name), 'utf8'));

/** Every marked block the fixture chart renders, with fromToml seeing time.Local as `toml` says. */
async function renderAll(toml: TomlFuncsOptions): Promise<Record<string, string>> {
  const chart = await loadChart(join(fixtures, 'chart'));
  processDependencies(chart, {});
  const caps = makeCapabilities();
  const top = toRenderValues(chart, {}, { name: 'release-name', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
  const opts = helmRenderOptions();
  opts.funcs = { ...opts.funcs, ...tomlFuncs(toml) };
  const text = renderChart(renderChartView(chart), { ...top, Capabilities: caps }, opts).get('toml/templates/cases.yaml') ?? '';
  const blocks: Record<string, string> = {};
  for (const m of text.matchAll(/^#@case (\S+)\n([\s\S]*?)\n#@end$/gm)) blocks[m[1]!] = m[2]!;
  return blocks;
}

function parity(title: string, expected: Record<string, string>, toml: TomlFuncsOptions): void {
  describe(title, () => {
    const rendered = renderAll(toml);
    const families = [...new Set(Object.keys(expected).map((n) => n.slice(0, n.indexOf('/'))))];
    for (const family of families) {
      const names = Object.keys(expected).filter((n) => n.startsWith(`${family}/`));
      const known = names.filter((n) => knownDifference(n) !== undefined);
      it(`${family}: ${names.length - known.length} documents decode (or fail) and re-encode as in helm`, async () => {
        const got = await rendered;
        const want: Record<string, string | undefined> = {};
        const have: Record<string, string | undefined> = {};
        for (const n of names.filter((x) => !known.includes(x))) {
          want[n] = expected[n];
          have[n] = got[n];
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
}

// helm ran with TZ=UTC: time.Local is UTC, local date-times have offset 0.
parity('fromToml as helm v4.1.4 (TZ=UTC)', read('results.json') as Record<string, string>, { local: UTC, localOffset: 0 });

// helm ran with TZ=America/New_York: local date-times have New York's offset at that time.
const newYork = read('results-new-york.json') as { generatedAt: string; results: Record<string, string> };
const nyLocal = localLocation('America/New_York');
parity('fromToml as helm v4.1.4 (TZ=America/New_York)', newYork.results, {
  local: nyLocal,
  localOffset: nyLocal.lookup(Math.floor(Date.parse(newYork.generatedAt) / 1000)).offset,
});
