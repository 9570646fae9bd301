// The controller in this process with a given reconciler (the reconciliation core, usually):
// one worker pair, no leader election, metrics and health on free ports, namespace flux-system.
import type { Cluster } from '../../../src/cluster/types.js';
import { createJsonLogger } from '../../../src/controller/log.js';
import type { Reconciler } from '../../../src/controller/reconciler.js';
import { runController, type ControllerOptions } from '../../../src/controller/run.js';

export interface InProcessController {
  /** The controller's JSON log lines so far. */
  logs: string[];
  /** Stops it; resolves to its exit code. */
  stop(): Promise<number>;
}

export function startInProcessController(
  cluster: Cluster,
  reconciler: Reconciler,
  extra: Pick<ControllerOptions, 'sourceCacheDir' | 'onListening'> = {},
): InProcessController {
  const stop = new AbortController();
  const logs: string[] = [];
  const done = runController({
    cluster,
    reconciler,
    log: createJsonLogger((l) => logs.push(l), 'info'),
    runtimeNamespace: 'flux-system',
    concurrent: 2,
    metricsAddr: '127.0.0.1:0',
    healthAddr: '127.0.0.1:0',
    leaderElect: false,
    stop: stop.signal,
    ...extra,
  });
  return {
    logs,
    stop: () => {
      stop.abort();
      return done;
    },
  };
}
