import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('flux-ts --version', () => {
  it('prints the version the way flux does', () => {
    const out = execFileSync('bin/flux-ts', ['--version'], { encoding: 'utf8' });
    expect(out).toMatch(/^flux-ts version \d+\.\d+\.\d+/);
  });
});
