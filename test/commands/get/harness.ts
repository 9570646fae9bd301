// Command tests run the built CLI (bin/flux-ts) against the API test server loaded with the
// Flux CRDs. The server lives in this process, so the CLI is spawned asynchronously.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseObjects, startApiServer, type StartOptions, type TestApiServer } from '../../support/apiserver/index.js';

export const FLUX_CRDS = readFileSync(new URL('../../fixtures/crds/flux-crds.yaml', import.meta.url), 'utf8');

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/get/${name}`, import.meta.url), 'utf8');
}

/** Fills the `{{ .key }}` placeholders of flux's test data (the only template form it uses). */
export function render(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`no value for {{ .${key} }}`);
    return v;
  });
}

/** Loads multi-document YAML text into a running server. */
export function loadYaml(server: TestApiServer, text: string): void {
  server.store.load(parseObjects(text));
}

export async function startFluxServer(objects?: string, opts: Omit<StartOptions, 'objects'> = {}): Promise<TestApiServer> {
  const server = await startApiServer({ objects: parseObjects(FLUX_CRDS), ...opts });
  if (objects) server.store.load(parseObjects(objects));
  return server;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/flux-ts with the server's kubeconfig and a clean environment. */
export function fluxTs(server: TestApiServer | undefined, args: string[], env: NodeJS.ProcessEnv = {}, onStdout?: (text: string) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bin/flux-ts', args, {
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent-home',
        ...(server ? { KUBECONFIG: server.kubeconfigPath } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let counter = 0;
/** flux's allocateNamespace: a fresh name per test. */
export function allocateNamespace(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
