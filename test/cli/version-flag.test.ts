// The root `--version` is flux's local flag of the root command: only before a sub-command does
// it print the version; after one it belongs to that sub-command (`template`, `pull`). Before
// the command word, cobra (which adds --version only after it has found the command) reads it
// as a flag with a value: test/cli/cobra-parity.test.ts checks those cases against cobra.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expected } from '../helm/template/harness.js';
import { runCli } from './io.js';

const basic = join(resolve(import.meta.dirname, '../fixtures/render'), 'charts', 'basic');

describe('--version', () => {
  it('alone prints the version line', async () => {
    const out = await runCli(['--version']);
    expect(out).toEqual({ code: 0, stdout: expect.stringMatching(/^flux-ts version \d+\.\d+\.\d+\S*\n$/), stderr: '' });
  });

  it('after `template CHART` is the chart version constraint, not the root flag', async () => {
    // helm template ignores --version for a chart directory and renders it.
    const out = await runCli(['template', basic, '--version', '1.0.0']);
    expect(out.stdout).not.toContain('flux-ts version');
    expect(out).toEqual({ code: 0, stdout: expected('basic').stdout, stderr: '' });
  });

  it('after `pull chart` reaches pull (which then wants --repo), not the root flag', async () => {
    const out = await runCli(['pull', 'chart', 'podinfo', '--version', '6.x']);
    expect(out.stdout).not.toContain('flux-ts version');
    expect(out.code).not.toBe(0);
  });

  it('with global flags before it prints the version', async () => {
    const out = await runCli(['-n', 'x', '--version']);
    expect(out.stdout).toMatch(/^flux-ts version /);
  });

  it('takes the next word as its value when cobra looks for the command: `--version get` prints the version', async () => {
    expect((await runCli(['--version', 'get'])).stdout).toMatch(/^flux-ts version /);
    expect((await runCli(['-v', 'get'])).stdout).toMatch(/^flux-ts version /);
  });

  it('then a later word is the command: `--version get hr` and `--version -n x` are unknown commands, as with flux', async () => {
    expect(await runCli(['--version', 'get', 'hr'])).toEqual({ code: 1, stdout: '', stderr: '✗ unknown command "hr" for "flux-ts"\n' });
    expect(await runCli(['--version', '-n', 'x'])).toEqual({ code: 1, stdout: '', stderr: '✗ unknown command "x" for "flux-ts"\n' });
  });

  it('given as --version=true before a sub-command belongs to that sub-command', async () => {
    expect(await runCli(['--version=true', 'get'])).toEqual({ code: 1, stdout: '', stderr: '✗ unknown flag: --version\n' });
  });

  it('after a sub-command without its own --version is an unknown flag, as flux says', async () => {
    const out = await runCli(['get', '--version']);
    expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ unknown flag: --version\n' });
  });
});
