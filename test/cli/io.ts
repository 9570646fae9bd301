// In-memory stdout/stderr for running the CLI in-process.
import type { CliIO } from '../../src/cli/context.js';
import { run } from '../../src/cli/run.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: '/nonexistent-home', ...env },
    isTTY: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
