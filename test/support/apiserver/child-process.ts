// The API test server in its own process (main.ts), for tests whose thread blocks while a worker
// asks the server (synchronous `lookup` during rendering): a server in the test's own process
// could not answer then.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ApiServerProcess {
  /** Settles once the server has written its kubeconfig; rejects if it exits first. */
  ready: Promise<void>;
  /** SIGTERM, then waits for the exit (nothing to do when it has already exited). */
  stop(): Promise<void>;
}

/** Starts the server with main.ts's flags (`--load`, `--kubeconfig`, `--port`, ...). */
export function spawnApiServer(args: readonly string[]): ApiServerProcess {
  const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('kubeconfig written')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`test API server exited with ${code}`)));
  });
  return {
    ready,
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
    },
  };
}
