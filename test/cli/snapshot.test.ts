// The start-up snapshot `npm run build` makes (dist/snapshot/). A snapshot that fails to build is
// only a warning at build time (the CLI then starts from the ESM bundle), so this is the alarm:
// the stamp must be there for this node, and the launcher must print what the ESM bundle prints,
// from the snapshot and from the fallback it takes when NODE_OPTIONS is set.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper
import { writeSyntheticChart } from '../../bench/render/synthetic.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = realpathSync(`${ROOT}dist`);
const run = promisify(execFile);
const ARGS = ['template', `${ROOT}examples/charts/grade-api`, '--set', 'replicaCount=3'];

async function output(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout, stderr } = await run(file, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env } });
  expect(stderr).toBe('');
  return stdout;
}

describe('start-up snapshot', () => {
  it('was built and stamped for this node and this dist/', () => {
    expect(readFileSync(`${DIST}/snapshot/stamp`, 'utf8')).toBe(`${process.version} ${DIST}\n`);
  });

  it('bin/flux-ts prints what the ESM bundle prints, with and without the snapshot', async () => {
    const esm = await output(process.execPath, [`${DIST}/cli.js`, ...ARGS]);
    expect(esm).toContain('replicas: 3');
    expect(await output(`${ROOT}bin/flux-ts`, ARGS)).toBe(esm);
    // A V8 flag in NODE_OPTIONS makes node refuse the blob: the launcher falls back to the bundle.
    expect(await output(`${ROOT}bin/flux-ts`, ARGS, { NODE_OPTIONS: '--max-old-space-size=512' })).toBe(esm);
  });

  it('renders a large chart as the ESM bundle does (the baseline compiler paused at start, resumed for it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-large-chart-'));
    try {
      // ~140 KB of templates: above LARGE_CHART_TEMPLATE_BYTES (src/helm/template/run.ts).
      (writeSyntheticChart as (d: string, o: { services: number; templates: number }) => void)(join(dir, 'chart'), { services: 5, templates: 100 });
      const args = ['template', join(dir, 'chart')];
      const esm = await output(process.execPath, [`${DIST}/cli.js`, ...args]);
      expect(esm).toContain('# Source: synthetic/templates/');
      expect(await output(`${ROOT}bin/flux-ts`, args)).toBe(esm);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
