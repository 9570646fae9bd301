// Runs flux-ts commands in process against the API test server (with the fake controller
// answering), capturing stdout and stderr as one interleaved stream too, as flux's goldens do.
import { readFileSync } from 'node:fs';
import { run } from '../../../src/cli/run.js';
import type { CliIO } from '../../../src/cli/context.js';
import { parseObjects, startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { FakeController } from '../../support/fake-controller/index.js';

export const FLUX_CRDS = readFileSync(new URL('../../fixtures/crds/flux-crds.yaml', import.meta.url), 'utf8');

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr in write order (flux's test harness shares one buffer). */
  combined: string;
}

export async function flux(server: TestApiServer, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  let combined = '';
  const io: CliIO = {
    stdout: { write: (s: string) => ((stdout += s), (combined += s)) },
    stderr: { write: (s: string) => ((stderr += s), (combined += s)) },
    env: { HOME: '/nonexistent-home', KUBECONFIG: server.kubeconfigPath, ...env },
    isTTY: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr, combined };
}

export interface Rig {
  server: TestApiServer;
  controller: FakeController;
  close(): Promise<void>;
}

export async function startRig(objectsYaml: string): Promise<Rig> {
  const server = await startApiServer({ objects: parseObjects(FLUX_CRDS) });
  server.store.load(parseObjects(objectsYaml));
  const controller = new FakeController(server);
  return {
    server,
    controller,
    async close() {
      controller.stop();
      await server.close();
    },
  };
}

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Fills flux's `{{ .key }}` placeholders. */
export function render(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => {
    const v = vars[k];
    if (v === undefined) throw new Error(`no value for {{ .${k} }}`);
    return v;
  });
}
