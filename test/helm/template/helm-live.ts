// Runs the real helm v4.1.4 and flux-ts's runTemplate on the same arguments, for cases whose
// expected output depends on something live (a local HTTP server on a free port, the API test
// server): the expected text comes from helm itself, in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate, type TemplateEnv } from '../../../src/helm/template/run.js';
import { helmBin } from '../../support/tools.js';

export interface Printed {
  stdout: string;
  stderr: string;
  status: number;
}

const helmHome = mkdtempSync(join(tmpdir(), 'flux-ts-helm-home-'));

/** helm's own environment, isolated from the user's: no repositories, plugins or kubeconfig unless given. */
export function helmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: '/nonexistent',
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_DATA_HOME: join(helmHome, 'data'),
    HELM_PLUGINS: join(helmHome, 'plugins'),
    KUBECONFIG: join(helmHome, 'no-kubeconfig'),
    ...extra,
  };
}

/** `helm template ...args` (asynchronous: servers in this process must keep answering). */
export function helmTemplate(args: string[], cwd: string, env: NodeJS.ProcessEnv = helmEnv()): Promise<Printed> {
  return new Promise((resolve, reject) => {
    const child = spawn(helmBin, ['template', ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, status: code ?? -1 }));
  });
}

/** flux-ts's runTemplate printed as the CLI prints it (log lines, then `Error: ...`). */
export async function fluxTemplate(args: string[], cwd: string, env: TemplateEnv = defaultTemplateEnv(cwd)): Promise<Printed> {
  const r = await runTemplate(parseTemplateArgs(args), env);
  const stderr = r.warnings.map((w) => `${w}\n`).join('') + (r.error !== undefined ? `Error: ${r.error}\n` : '');
  return { stdout: r.error !== undefined ? '' : r.stdout, stderr, status: r.error !== undefined ? 1 : 0 };
}

/** Helm prints no manifest on failure either; compare stdout only when it succeeded. */
export function comparable(p: Printed): Printed {
  return p.status === 0 ? p : { ...p, stdout: '' };
}

/**
 * `flux-ts template ...args` through the real command (global flags, namespace resolution,
 * Helm's environment variables), printed as helm prints: log lines, then `Error: ...`.
 */
export async function fluxCommand(args: string[], env: NodeJS.ProcessEnv): Promise<Printed> {
  const [{ FluxCommand }, { addGlobalFlags }, { createLogger }, { createRuntime }, { registerTemplate }] = await Promise.all([
    import('../../../src/cli/command.js'),
    import('../../../src/cli/globals.js'),
    import('../../../src/cli/logger.js'),
    import('../../../src/cli/runtime.js'),
    import('../../../src/commands/template.js'),
  ]);
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env, isTTY: false };
  const program = new FluxCommand('flux-ts').exitOverride();
  addGlobalFlags(program, 'flux-system');
  registerTemplate(program, createRuntime(io, createLogger(io.stderr)));
  try {
    await program.parseAsync(['template', ...args], { from: 'user' });
    return { stdout, stderr, status: 0 };
  } catch (e) {
    return { stdout: '', stderr: `${stderr}Error: ${(e as Error).message}\n`, status: 1 };
  }
}
