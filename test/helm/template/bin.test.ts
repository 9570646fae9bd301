// The installed launcher (bin/flux-ts) gives the CLI the stack Helm's 1000-level include limit
// needs: runaway recursion ends with Helm's own error, not a JavaScript stack overflow.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expected, fixtures } from './harness.js';

const bin = resolve(import.meta.dirname, '../../../bin/flux-ts');

describe('bin/flux-ts template', () => {
  it('err-recursion: fails after 1000 nested includes with helm\'s exact error', () => {
    const got = spawnSync(bin, ['template', 'charts/err-recursion'], { cwd: fixtures, encoding: 'utf8', maxBuffer: 64 << 20 });
    const want = expected('err-recursion');
    expect(got.status).toBe(1);
    expect(got.stdout).toBe('');
    // flux-ts prints errors as `✗ <message>` where helm prints `Error: <message>`.
    expect(got.stderr).toBe(want.stderr.replace(/^Error: /, '✗ '));
  });

  it('heavy-funcs: regex, certificate and bcrypt functions work from the lazily required libraries', () => {
    const got = spawnSync(bin, ['template', 'charts/heavy-funcs'], { cwd: fixtures, encoding: 'utf8' });
    expect({ status: got.status, stdout: got.stdout, stderr: got.stderr }).toEqual({ status: 0, stdout: expected('heavy-funcs').stdout, stderr: '' });
  });
});
