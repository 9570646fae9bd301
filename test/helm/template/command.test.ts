// The `template` command wired into a flux-ts program: flags reach runTemplate, output goes to
// stdout unchanged, Helm's error becomes the command's error, -n defaults to Helm's "default".
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FluxCommand } from '../../../src/cli/command.js';
import type { CliIO } from '../../../src/cli/context.js';
import { addGlobalFlags } from '../../../src/cli/globals.js';
import { createLogger } from '../../../src/cli/logger.js';
import { createRuntime } from '../../../src/cli/runtime.js';
import { registerTemplate } from '../../../src/commands/template.js';
import { expected, fixtures } from './harness.js';

async function flux(args: string[]): Promise<{ stdout: string; stderr: string; error?: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, isTTY: false };
  const program = new FluxCommand('flux-ts').exitOverride();
  addGlobalFlags(program, 'flux-system');
  registerTemplate(program, createRuntime(io, createLogger(io.stderr)));
  try {
    await program.parseAsync(['template', ...args], { from: 'user' });
    return { stdout, stderr };
  } catch (e) {
    return { stdout, stderr, error: (e as Error).message };
  }
}

const chart = (name: string): string => join(fixtures, 'charts', name);

describe('flux-ts template', () => {
  it('prints what helm template prints, with Helm\'s default namespace', async () => {
    const out = await flux([chart('basic')]);
    expect(out.error).toBeUndefined();
    expect(out.stdout).toBe(expected('basic').stdout);
  });

  it('passes NAME, -n and boolean flags through', async () => {
    const out = await flux(['rel1', chart('basic'), '--is-upgrade', '-n', 'prod']);
    expect(out.stdout).toBe(expected('basic-upgrade-named').stdout);
    const skip = await flux([chart('basic'), '--skip-tests', '--no-hooks']);
    expect(skip.stdout).toBe(expected('basic-skip-tests-no-hooks').stdout);
  });

  it('fails with Helm\'s message', async () => {
    const out = await flux([chart('static-hooks'), '-s', 'templates/nope.yaml']);
    expect(out.error).toBe('could not find template templates/nope.yaml in chart');
    expect((await flux([])).error).toBe('"flux-ts template" requires at least 1 argument');
  });
});
