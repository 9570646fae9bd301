// --set, --set-string, --set-json, --set-literal and --set-file against what helm v4.1.4 renders
// for the same arguments (test/fixtures/strvals/generate.mjs): toYaml of the final .Values or
// helm's error line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../../src/helm/chart/load.js';
import { coalesceValues } from '../../../src/helm/values/coalesce.js';
import { localFileReader, mergeUserValues, type ValueOptions } from '../../../src/helm/values/options.js';
import { toYaml } from '../../../src/helm/yaml/marshal.js';

const dir = 'test/fixtures/strvals';
// expected.json: hand-picked cases; fuzz-expected.json: seeded random ones (make-fuzz.mjs).
const expected = {
  ...(JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, { args: string[]; values?: string; error?: string }>),
  ...(JSON.parse(readFileSync(join(dir, 'fuzz-expected.json'), 'utf8')) as Record<string, { args: string[]; values?: string; error?: string }>),
};

function options(args: string[]): ValueOptions {
  const o: Required<ValueOptions> = { valueFiles: [], jsonValues: [], values: [], stringValues: [], fileValues: [], literalValues: [] };
  const flags: Record<string, keyof ValueOptions> = {
    '-f': 'valueFiles',
    '--set-json': 'jsonValues',
    '--set': 'values',
    '--set-string': 'stringValues',
    '--set-file': 'fileValues',
    '--set-literal': 'literalValues',
  };
  for (let i = 0; i < args.length; i += 2) o[flags[args[i]!]!].push(args[i + 1]!);
  return o;
}

const enc = new TextEncoder();

describe.each(Object.entries(expected))('helm template %s', (_key, want) => {
  it(want.error !== undefined ? 'fails as helm does' : 'gives the values helm gives', async () => {
    const chart = await loadFiles([
      { name: 'Chart.yaml', data: enc.encode('apiVersion: v2\nname: probe\nversion: 0.1.0\n') },
      { name: 'values.yaml', data: enc.encode('replicaCount: 1\n') },
    ]);
    const reader = localFileReader(dir);
    let got: string;
    try {
      const user = await mergeUserValues(options(want.args), reader);
      got = toYaml(coalesceValues(chart, user));
    } catch (e) {
      got = `error: ${(e as Error).message}`;
    }
    expect(got).toBe(want.error !== undefined ? `error: ${want.error}` : want.values);
  });
});
