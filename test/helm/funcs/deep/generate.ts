// Regenerates expected.json: each case of chart/ rendered by the real helm v4.1.4 at several
// depths. Run from the repository root: npx tsx test/helm/funcs/deep/generate.ts
// (needs .cache/tools/helm/helm, extracted by `node scripts/tools.mjs`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKey, runs, valuesFileText, setJsonText } from './runs.js';

const here = import.meta.dirname;
const helm = join(here, '../../../../.cache/tools/helm/helm');
const scratch = mkdtempSync(join(tmpdir(), 'deep-gen-'));
const expected: Record<string, { stdout?: string; stderr?: string }> = {};
for (const run of runs) {
  const args = ['template', 'deep', join(here, 'chart'), '--set', `case=${run.case}`, '--set', `n=${run.n}`];
  if (run.valuesFile) {
    // A relative name: helm's error names the file as given.
    writeFileSync(join(scratch, 'deep-values.yaml'), valuesFileText(run.valuesFile, run.depth!));
    args.push('-f', 'deep-values.yaml');
  }
  if (run.setJson) args.push('--set-json', setJsonText(run.setJson, run.depth!));
  const key = runKey(run);
  try {
    expected[key] = { stdout: execFileSync(helm, args, { cwd: scratch, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    expected[key] = { stderr: String((e as { stderr?: unknown }).stderr) };
  }
  process.stderr.write(`${key}: ${JSON.stringify(expected[key]).slice(0, 160)}\n`);
}
rmSync(scratch, { recursive: true, force: true });
writeFileSync(join(here, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');

