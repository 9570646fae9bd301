// `flux-ts controller` as a process: probes and metrics servers, leader election, the manager,
// and shutdown on SIGTERM/SIGINT (stop taking work, let in-flight reconciles finish, release
// the Lease). Resolves with the exit code.
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Cluster } from '../cluster/types.js';
import type { ConfigsSelector } from './config-selector.js';
import { LeaderElector } from './lease.js';
import { metricsRoutes, probeRoutes, serve, type Listening } from './http.js';
import type { JsonLogger } from './log.js';
import { Manager } from './manager.js';
import { SourceReconciler } from './source-reconciler.js';
import { ControllerMetrics } from './metrics.js';
import type { Reconciler } from './reconciler.js';
import { CrossNamespaceSetting } from './settings.js';

export interface ControllerOptions {
  cluster: Cluster;
  reconciler: Reconciler;
  log: JsonLogger;
  /** Where the controller runs (RUNTIME_NAMESPACE): the Lease and settings ConfigMap live there. */
  runtimeNamespace: string;
  watchNamespace?: string | undefined;
  concurrent: number;
  metricsAddr: string;
  healthAddr: string;
  leaderElect: boolean;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  noCrossNamespaceRefs?: boolean | undefined;
  /** `--watch-configs-label-selector` (default: reconcile.fluxcd.io/watch=Enabled). */
  configsSelector?: ConfigsSelector | undefined;
  identity?: string;
  gracePeriodMs?: number;
  /** Aborting it is the SIGTERM path. */
  stop: AbortSignal;
  /**
   * Play source-controller too: reconcile HelmRepository, GitRepository, OCIRepository and
   * HelmChart objects (default true; off, sources are only watched as triggers).
   */
  reconcileSources?: boolean;
  /** The artifact cache of the source reconciler (default: the core's, under the temp dir). */
  sourceCacheDir?: string;
  /**
   * The source reconciler's own client (default: `cluster`). Flux runs source-controller as
   * another process with its own client rate limit (--kube-api-qps); a second connection gives
   * the source side its own budget too, so HelmRelease reconciles are not paced by it.
   */
  sourceCluster?: Cluster;
  /** Called once the servers listen (tests read the ports). */
  onListening?: (ports: { metrics: number; health: number }) => void;
}

export const LEASE_NAME = 'flux-ts-controller-leader-election';

export async function runController(o: ControllerOptions): Promise<number> {
  const metrics = new ControllerMetrics();
  const setting = new CrossNamespaceSetting(o.noCrossNamespaceRefs);
  let manager: Manager | undefined;
  let elector: LeaderElector | undefined;
  metrics.gauge('leader_election_master_status', () => (o.leaderElect ? (elector?.isLeader ? 1 : 0) : 1));
  const endpoints = {
    healthy: () => true,
    // A standby is ready; a leader once its caches are filled.
    ready: () => manager === undefined || manager.synced,
    metrics: () => metrics.render(),
  };
  const servers: Listening[] = [];
  if (o.metricsAddr === o.healthAddr) {
    servers.push(await serve(o.healthAddr, { ...probeRoutes(endpoints), ...metricsRoutes(endpoints) }));
  } else {
    if (o.metricsAddr !== '0' && o.metricsAddr !== '') servers.push(await serve(o.metricsAddr, metricsRoutes(endpoints)));
    servers.push(await serve(o.healthAddr, probeRoutes(endpoints)));
  }
  o.onListening?.({ metrics: servers[0]?.port ?? 0, health: servers[servers.length - 1]?.port ?? 0 });
  o.log.info('starting manager', { concurrent: o.concurrent, watchNamespace: o.watchNamespace ?? '', leaderElect: o.leaderElect });

  const lost = new AbortController();
  const stopAll = AbortSignal.any([o.stop, lost.signal]);
  setMaxListeners(0, stopAll);
  let code = 0;
  try {
    if (o.leaderElect) {
      const identity = o.identity ?? `${hostname()}_${process.pid}_${Math.random().toString(16).slice(2, 10)}`;
      elector = new LeaderElector(o.cluster, { name: LEASE_NAME, namespace: o.runtimeNamespace, identity, ...pick(o) });
      o.log.info(`attempting to acquire leader lease ${o.runtimeNamespace}/${LEASE_NAME}...`);
      if (!(await elector.acquire(o.stop, (err) => o.log.error('error retrieving resource lock', { error: String(err) })))) return 0;
      o.log.info(`successfully acquired lease ${o.runtimeNamespace}/${LEASE_NAME}`, { identity });
      void elector.holdLeadership(o.stop, (err) => o.log.error('failed to renew lease', { error: String(err) })).then((r) => {
        if (r === 'lost') {
          o.log.error('leader election lost');
          code = 1;
          lost.abort();
        }
      });
    }
    await setting.load(o.cluster, o.runtimeNamespace);
    const follow = setting.follow(o.cluster, o.runtimeNamespace, stopAll, o.log);
    manager = new Manager({
      cluster: o.cluster,
      reconciler: o.reconciler,
      log: o.log,
      metrics,
      watchNamespace: o.watchNamespace,
      concurrent: o.concurrent,
      allowCrossNamespaceRefs: () => setting.allowed(),
      ...(o.gracePeriodMs !== undefined ? { gracePeriodMs: o.gracePeriodMs } : {}),
      ...(o.configsSelector ? { configsSelector: o.configsSelector } : {}),
      ...(o.reconcileSources !== false ? { sources: new SourceReconciler({ cluster: o.sourceCluster ?? o.cluster, ...(o.sourceCacheDir ? { cacheDir: o.sourceCacheDir } : {}) }) } : {}),
    });
    setting.onChange = () => manager?.requeueAll();
    manager.start();
    await new Promise<void>((resolve) => (stopAll.aborted ? resolve() : stopAll.addEventListener('abort', () => resolve(), { once: true })));
    o.log.info('stopping and waiting for in-flight reconciles');
    await manager.stop();
    await follow;
    if (code === 0) await elector?.release().catch((err: unknown) => o.log.error('failed to release lease', { error: String(err) }));
    o.log.info('all workers finished');
    return code;
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.server.close(r))));
  }
}

function pick(o: ControllerOptions): { leaseDurationMs?: number; renewDeadlineMs?: number; retryPeriodMs?: number } {
  return {
    ...(o.leaseDurationMs !== undefined ? { leaseDurationMs: o.leaseDurationMs } : {}),
    ...(o.renewDeadlineMs !== undefined ? { renewDeadlineMs: o.renewDeadlineMs } : {}),
    ...(o.retryPeriodMs !== undefined ? { retryPeriodMs: o.retryPeriodMs } : {}),
  };
}
