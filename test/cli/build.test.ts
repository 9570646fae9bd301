// scripts/build.mjs replaces its output directory: chunk names carry content hashes, so files
// of an earlier build must not survive next to the new ones. (The start-up snapshot is left out
// here: test/cli/snapshot.test.ts checks the one `npm test` built.)
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const base = mkdtempSync(join(tmpdir(), 'flux-ts-build-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('scripts/build.mjs', () => {
  it('removes what an earlier build left in the output directory', () => {
    const out = join(base, 'dist');
    mkdirSync(join(out, 'chunks'), { recursive: true });
    writeFileSync(join(out, 'chunks', 'stale-OLDHASH1.js'), 'export {};\n');
    writeFileSync(join(out, 'leftover.txt'), 'old\n');
    execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', out, '--no-snapshot'], { stdio: 'pipe' });
    expect(existsSync(join(out, 'cli.js'))).toBe(true);
    expect(existsSync(join(out, 'leftover.txt'))).toBe(false);
    expect(readdirSync(join(out, 'chunks')).filter((f) => f.startsWith('stale-'))).toEqual([]);
    // No staging or old directory is left beside it.
    expect(readdirSync(base)).toEqual(['dist']);
  });

  it('survives a parallel build into the same directory (test runs build concurrently)', async () => {
    const out = join(base, 'dist');
    const run = promisify(execFile);
    await Promise.all([0, 1].map(() => run(process.execPath, ['scripts/build.mjs', '--outdir', out, '--no-snapshot'])));
    expect(existsSync(join(out, 'cli.js'))).toBe(true);
    expect(readdirSync(base)).toEqual(['dist']);
  });
});
