// An in-process controller against the API test server with the install's CRDs and settings.
import { readFileSync } from 'node:fs';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import { createJsonLogger } from '../../../src/controller/log.js';
import { runController, type ControllerOptions } from '../../../src/controller/run.js';
import { parseObjects, startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { flux } from '../../commands/reconcile/harness.js';
import { RecordingReconciler } from './recording-reconciler.js';

export const OBJECTS = readFileSync(new URL('../fixtures/objects.yaml', import.meta.url), 'utf8');

export interface RunningController {
  reconciler: RecordingReconciler;
  logs: string[];
  ports: { metrics: number; health: number };
  stop(): Promise<number>;
  done: Promise<number>;
}

export async function newCluster(server: TestApiServer): Promise<Cluster> {
  return (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
}

/** Server with flux-ts installed (CRDs, settings ConfigMap) and the seed objects. */
export async function startInstalled(installArgs: string[] = []): Promise<TestApiServer> {
  const server = await startApiServer({});
  const out = await flux(server, ['install', '--wait=false', ...installArgs]);
  if (out.code !== 0) throw new Error(`install failed: ${out.stderr}`);
  server.store.load(parseObjects(OBJECTS, 'objects.yaml'));
  return server;
}

export async function startController(server: TestApiServer, opts: Partial<ControllerOptions> & { label?: string; refusedWithoutCrossRefs?: string[] } = {}): Promise<RunningController> {
  const cluster = await newCluster(server);
  const reconciler = new RecordingReconciler(cluster, opts.label);
  for (const key of opts.refusedWithoutCrossRefs ?? []) reconciler.refusedWithoutCrossRefs.add(key);
  const logs: string[] = [];
  const stop = new AbortController();
  let ports = { metrics: 0, health: 0 };
  const listening = new Promise<void>((resolve) => {
    opts.onListening = (p) => {
      ports = p;
      resolve();
    };
  });
  const done = runController({
    cluster,
    reconciler,
    log: createJsonLogger((l) => logs.push(l), 'debug'),
    runtimeNamespace: 'flux-system',
    concurrent: 4,
    metricsAddr: '127.0.0.1:0',
    healthAddr: '127.0.0.1:0',
    leaderElect: true,
    leaseDurationMs: 1500,
    renewDeadlineMs: 1000,
    retryPeriodMs: 200,
    identity: opts.label ?? 'test',
    // The RecordingReconciler stands in for the core; sources stay triggers unless a test asks.
    reconcileSources: false,
    stop: stop.signal,
    ...opts,
  }).finally(() => cluster.close?.());
  await listening;
  return {
    reconciler,
    logs,
    get ports() {
      return ports;
    },
    done,
    stop: () => {
      stop.abort();
      return done;
    },
  };
}
