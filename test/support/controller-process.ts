// The built `flux-ts controller` as a child process against the API test server, as users run
// it (bin/flux-ts, so its worker entries are the bundle's), plus the objects a test seeds
// through the API. The controller gets the cluster from --kubeconfig only: KUBECONFIG is
// removed from its environment and HOME points nowhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/cluster/connect.js';
import type { KubeObject } from '../../src/cluster/types.js';
import type { TestApiServer } from './apiserver/index.js';

const BIN = fileURLToPath(new URL('../../bin/flux-ts', import.meta.url));

export interface ControllerProcess {
  child: ChildProcess;
  /** The controller's stderr so far (its JSON log lines). */
  readonly logs: string;
  /** The exit code once the process ends. */
  exited: Promise<number | null>;
  /** SIGKILL when still running (for afterAll; a test that checks the exit sends SIGTERM itself). */
  kill(): void;
}

/**
 * `flux-ts controller --kubeconfig=<server> --metrics-addr/--health-addr on free ports`, with
 * `args` after those, in namespace flux-system (RUNTIME_NAMESPACE).
 */
export function startControllerProcess(server: TestApiServer, args: readonly string[] = []): ControllerProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, RUNTIME_NAMESPACE: 'flux-system', HOME: '/nonexistent-home' };
  delete env['KUBECONFIG'];
  const child = spawn(BIN, ['controller', `--kubeconfig=${server.kubeconfigPath}`, '--metrics-addr=127.0.0.1:0', '--health-addr=127.0.0.1:0', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let logs = '';
  child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    get logs() {
      return logs;
    },
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Creates `objects` in order through the server's API, as a user's `kubectl create` would. */
export async function createObjects(server: TestApiServer, objects: readonly KubeObject[]): Promise<void> {
  const { cluster } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} });
  try {
    for (const o of objects) await cluster.create(await cluster.resourceFor(o.apiVersion, o.kind), o);
  } finally {
    cluster.close?.();
  }
}
