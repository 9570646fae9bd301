// Worker side of the synchronous lookup bridge: it owns a Cluster client (made by the module
// named in workerData) and answers one request at a time. Template execution is synchronous,
// so the rendering thread blocks on an Atomics flag while this thread does the async I/O.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Cluster } from '../../../cluster/types.js';
import type { ResolvedKubeconfig } from '../../../cluster/kubeconfig.js';
import { adoptDeferredExtraCaCerts } from '../../../cluster/extra-ca-certs.js';
import { discoveryOf } from './lookup-discovery.js';
import { LookupError, lookupResource, type ServesGroupVersion } from './lookup-core.js';

interface Init {
  /** Absent: the built-in client (src/cluster/connect), bundled with this worker. */
  clusterModule?: string;
  clusterOptions: unknown;
  port: MessagePort;
  flag: SharedArrayBuffer;
}

export interface LookupRequest {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export type LookupResponse = { ok: true; json: string } | { ok: false; message: string; logs?: string[] };

const init = workerData as Init;
const flag = new Int32Array(init.flag);
let clusterPromise: Promise<Cluster> | undefined;
// The worker's TLS contexts trust NODE_EXTRA_CA_CERTS as the main thread's do (bin/flux-ts defers them).
adoptDeferredExtraCaCerts(process.env, false);
let serves: ServesGroupVersion | undefined;

/** A module with createCluster(options), or src/cluster/connect's connect(options). */
interface ClusterModule {
  createCluster?: (o: unknown) => Cluster | Promise<Cluster>;
  connect?: (o: unknown) => Promise<{ cluster: Cluster; config?: ResolvedKubeconfig }>;
}

/** The cluster module, imported once (on the first lookup). */
function loadClusterModule(): Promise<ClusterModule> {
  // The literal import keeps connect.js in the bundle's graph of this worker entry; a module
  // named at run time only exists when running from source (tests with stand-in clusters).
  const load: Promise<ClusterModule> = init.clusterModule === undefined ? import('../../../cluster/connect.js') : import(init.clusterModule);
  return load;
}

function cluster(): Promise<Cluster> {
  clusterPromise ??= loadClusterModule().then(async (m: ClusterModule) => {
    if (m.createCluster) return m.createCluster(init.clusterOptions);
    if (m.connect) {
      const c = await m.connect(init.clusterOptions);
      if (c.config) {
        const userAgent = (init.clusterOptions as { userAgent?: unknown } | null)?.userAgent;
        serves = await discoveryOf(c.config, typeof userAgent === 'string' ? userAgent : undefined);
      }
      return c.cluster;
    }
    throw new Error(`${init.clusterModule ?? 'cluster/connect'} exports neither createCluster nor connect`);
  });
  return clusterPromise;
}

init.port.on('message', (req: LookupRequest) => {
  void (async () => {
    let res: LookupResponse;
    try {
      const c = await cluster();
      const value = await lookupResource(c, req.apiVersion, req.kind, req.namespace, req.name, serves);
      res = { ok: true, json: JSON.stringify(value) };
    } catch (e) {
      res = { ok: false, message: e instanceof Error ? e.message : String(e), ...(e instanceof LookupError ? { logs: e.logs } : {}) };
    }
    init.port.postMessage(res);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  })();
});
parentPort?.postMessage('ready');
