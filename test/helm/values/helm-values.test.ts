// Values coalescing and dependency processing against helm v4.1.4 (test/fixtures/values):
// which subcharts render, the .Values each chart sees, and helm's warnings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GoMap } from '../../../src/gotemplate/value.js';
import { loadChart, type Chart } from '../../../src/helm/chart/index.js';
import { marshal } from '../../../src/helm/gojson/marshal.js';
import { mergeUserValues, processDependencies, toRenderValues } from '../../../src/helm/values/index.js';

interface Case {
  chart: string;
  args: string[];
  sources?: string[];
  values?: Record<string, unknown>;
  stderr?: string;
  error?: string;
}
const cases = JSON.parse(readFileSync('test/fixtures/values/expected.json', 'utf8')) as Case[];

function setArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 2) out.push(args[i + 1]!);
  return out;
}

/** Charts that render templates: enabled, not libraries, with non-partial templates. */
function renderingCharts(c: Chart): string[] {
  const own = !c.isLibrary() && c.templates.some((t) => !t.name.split('/').pop()!.startsWith('_')) ? [c.chartFullPath()] : [];
  return [...own, ...c.dependencies().flatMap(renderingCharts)];
}

function valuesFor(top: GoMap, source: string): unknown {
  const chartPath = source.replace(/\/templates\/.*$/, '').split('/charts/').slice(1);
  let v: unknown = top;
  for (const name of chartPath) v = (v as GoMap)[name];
  return JSON.parse(marshal(v as GoMap));
}

describe.each(cases.map((c) => [`${c.chart} ${c.args.join(' ')}`, c] as const))('helm template %s', (_name, c) => {
  it('coalesces and processes dependencies as helm does', async () => {
    const chart = await loadChart(join('test/fixtures/charts', c.chart));
    const logs: string[] = [];
    const log = (l: string) => logs.push(l);
    let top;
    try {
      const user = await mergeUserValues({ values: setArgs(c.args) });
      processDependencies(chart, user, { log });
      top = toRenderValues(chart, user, { name: 'rel', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, null, { log });
    } catch (e) {
      expect((e as Error).message).toBe(c.error);
      return;
    }
    expect(c.error).toBeUndefined();
    const expectedCharts = [...new Set(c.sources!.map((s) => s.replace(/\/templates\/.*$/, '')))].sort();
    expect(renderingCharts(chart).sort()).toEqual(expectedCharts);
    for (const [source, want] of Object.entries(c.values!)) {
      expect(valuesFor(top.Values, source), source).toEqual(want);
    }
    expect(logs.map((l) => `${l}\n`).join('')).toBe(c.stderr);
  });
});
