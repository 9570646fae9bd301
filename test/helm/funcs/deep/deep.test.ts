// Deeply nested values through Helm's serialisation functions, as helm v4.1.4 handles them:
// encoding/json's Marshal, copystructure and mergo have no depth limit; encoding/json's decoder
// refuses the 10001st nested array or object, go-yaml the 10001st flow level or indentation.
// Every run of runs.ts renders chart/ in-process and must print what helm printed
// (expected.json, made by generate.ts), or fail with helm's error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GoMap } from '../../../../src/gotemplate/value.js';
import { loadChart } from '../../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderChart, renderChartView } from '../../../../src/helm/engine/index.js';
import { localFileReader, mergeUserValues, processDependencies, toRenderValues } from '../../../../src/helm/values/index.js';
import { runKey, runs, setJsonText, valuesFileText, type Run } from './runs.js';

interface Expected {
  stdout?: string;
  stderr?: string;
}
const expected = JSON.parse(readFileSync(join(import.meta.dirname, 'expected.json'), 'utf8')) as Record<string, Expected>;
const chartDir = join(import.meta.dirname, 'chart');
const scratch = mkdtempSync(join(tmpdir(), 'deep-values-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What `helm template deep chart --set case=... --set n=...` prints, or its error line. */
async function template(run: Run): Promise<Expected> {
  try {
    const chart = await loadChart(chartDir);
    processDependencies(chart, {});
    if (run.valuesFile) writeFileSync(join(scratch, 'deep-values.yaml'), valuesFileText(run.valuesFile, run.depth!));
    const user: GoMap = await mergeUserValues(
      {
        valueFiles: run.valuesFile ? ['deep-values.yaml'] : [],
        jsonValues: run.setJson ? [setJsonText(run.setJson, run.depth!)] : [],
        values: [`case=${run.case}`, `n=${run.n}`],
      },
      localFileReader(scratch),
    );
    const caps = makeCapabilities();
    const top = toRenderValues(chart, user, { name: 'deep', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
    const files = renderChart(renderChartView(chart), { ...top, Capabilities: caps }, helmRenderOptions());
    const name = `deep/templates/${run.case}.yaml`;
    return { stdout: `---\n# Source: ${name}\n${files.get(name)!.trim()}\n` };
  } catch (e) {
    return { stderr: `Error: ${(e as Error).message}` };
  }
}

/** helm's error line, without the hint it prints after template errors. */
const firstLine = (e: Expected): Expected => (e.stderr === undefined ? e : { stderr: e.stderr.split('\n')[0] });

/**
 * Runs flux-ts does not yet get right in-process (node's default stack, ~1 MB). `it.fails`
 * flags a fix, so the entry can go.
 */
function knownDifference(run: Run): string | undefined {
  if ((run.case === 'fromToml' || run.case === 'fromTomlInline') && run.n >= 5000) return 'src/helm/toml/parser.ts reads arrays and inline tables by recursion';
  return undefined;
}

describe('deeply nested values, as helm renders them', () => {
  for (const run of runs) {
    const key = runKey(run);
    const known = knownDifference(run);
    (known ? it.fails : it)(`${key}${known ? ` (known difference: ${known})` : ''}`, { timeout: 120_000 }, async () => {
      const want = expected[key];
      expect(want, `expected.json has no run "${key}": run generate.ts`).toBeDefined();
      expect(firstLine(await template(run))).toEqual(firstLine(want!));
    });
  }
});
