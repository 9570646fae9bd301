// Deeply nested values through the built launcher (bin/flux-ts, after `npm run build`), byte for
// byte against helm v4.1.4's output in expected.json: runs of each serialisation family, and deep
// values files and --set-json, which go on through coalescing (run by the bundle, as users do).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKey, runs, setJsonText, valuesFileText, type Run } from './runs.js';

interface Output {
  stdout?: string;
  stderr?: string;
}
const expected = JSON.parse(readFileSync(join(import.meta.dirname, 'expected.json'), 'utf8')) as Record<string, Output>;
const launcher = resolve(import.meta.dirname, '../../../../bin/flux-ts');
const chartDir = join(import.meta.dirname, 'chart');
const scratch = mkdtempSync(join(tmpdir(), 'deep-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const picked = new Set([
  'toJson 20000',
  'toPrettyJson 1000',
  'toToml 3000',
  'toTomlList 20000',
  'mustToYaml 9999',
  'mustToYaml 10000',
  'fromJson 20000',
  'fromYaml 9999',
  'fromYaml 20000',
  'fromYamlArray 10000',
  'fromYamlBlock 10000',
  'fromYamlArrayBlock 9999',
  'deepCopy 20000',
  'mergeOverwrite 20000',
  'values values-file=flow:9999',
  'values values-file=block-list:9999',
  'values values-file=flow:10000',
  'values values-file=flow:10001',
  'values values-file=block-list:10001',
  'values set-json=object:9999',
  'values set-json=object:10000',
  'merged set-json=merged:9999',
]);

/** `flux-ts template deep chart ...` run as helm was (values file named relative to the cwd). */
function template(run: Run): Output {
  const args = ['template', 'deep', chartDir, '--set', `case=${run.case}`, '--set', `n=${run.n}`];
  if (run.valuesFile) {
    writeFileSync(join(scratch, 'deep-values.yaml'), valuesFileText(run.valuesFile, run.depth!));
    args.push('-f', 'deep-values.yaml');
  }
  if (run.setJson) args.push('--set-json', setJsonText(run.setJson, run.depth!));
  try {
    return { stdout: execFileSync(launcher, args, { cwd: scratch, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    return { stderr: String((e as { stderr?: unknown }).stderr) };
  }
}

/** The error's text: flux-ts marks an error line with ✗ where helm writes "Error: ". */
const errorText = (o: Output): Output => (o.stderr === undefined ? o : { stderr: o.stderr.replace(/^(Error: |✗ )/, '') });

describe('deeply nested values through bin/flux-ts, as helm renders them', () => {
  const chosen = runs.filter((r) => picked.has(runKey(r)));
  it('every picked run exists', () => {
    expect(chosen.map(runKey).sort()).toEqual([...picked].sort());
  });
  for (const run of chosen) {
    it(runKey(run), { timeout: 60_000 }, () => {
      expect(errorText(template(run))).toEqual(errorText(expected[runKey(run)]!));
    });
  }
});
