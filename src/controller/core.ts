// `flux-ts controller`'s Reconciler: the reconciliation core (src/reconcile/run, the same code
// as `reconcile hr --local`) behind the controller's seam. It maps the core's outcomes to
// scheduling (interval, dependency requeue, backoff, terminal), applies the HelmChart template
// first (src/controller/helmchart-template.ts), and on deletion uninstalls the release and
// removes the templated HelmChart, as helm-controller's finalizer does. When the controller
// reconciles sources too, the core waits for the HelmChart/OCIRepository to be ready and installs
// its artifact (SourceNotReady until then), as helm-controller does with source-controller.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../cluster/types.js';
import { formatGoDuration, parseGoDuration } from '../cli/duration.js';
import { VERSION } from '../cli/version.js';
import { isNotFound } from '../cluster/errors.js';
import { DEFAULT_FIELD_MANAGER } from '../helm/action/index.js';
import type { HelmRelease } from '../kinds/api-types.js';
import { clusterEventRecorder, flushEvents, type EventRecorder } from '../reconcile/run/events.js';
import { acquireRunLock, bridgeLookupProvider, HELMRELEASE_RESOURCE, patchStatus, reconcileHelmRelease, uninstallCurrentTarget, type LookupProvider, type SourceAccess } from '../reconcile/run/index.js';
import { ociRepositoryKind } from '../kinds/sources.js';
import { servedResource } from '../kinds/served.js';
import { latest } from '../reconcile/snapshot/index.js';
import { ArtifactCache, HELMCHART_RESOURCE } from '../sources/index.js';
import { deleteHelmChart, reconcileChartTemplate } from './helmchart-template.js';
import type { ReconcileContext, ReconcileOutcome, Reconciler } from './reconciler.js';

/** helm-controller's --requeue-dependency default. */
export const DEPENDENCY_REQUEUE_MS = 30_000;

export interface CoreReconcilerOptions {
  cluster: Cluster;
  /** Chart artifacts are cached here between reconciles. */
  cacheDir?: string;
  /** Helm's log lines. */
  log?: (line: string) => void;
  /**
   * Live `lookup` while rendering (a worker with its own client, opened only for charts that
   * call it); without it lookups find nothing, as in `helm template`.
   */
  lookup?: LookupProvider;
  /**
   * Hold the HelmRelease's run Lease (src/reconcile/run/run-lock.ts) while reconciling or
   * finalizing, so a concurrent `reconcile hr --local` never interleaves with the controller;
   * default true. The work queue already keeps the controller's own runs apart.
   */
  runLock?: boolean;
  fieldManager?: string;
  now?: () => Date;
  /**
   * helm-controller's --requeue-dependency: when a HelmRelease whose dependencies or source are
   * not ready is looked at again (default 30 s).
   */
  dependencyRequeueMs?: number;
}

/**
 * The source objects as the API server has them now: the HelmChart template was just applied, and
 * its readiness must be judged on the generation it now has (the watch may lag behind).
 */
function liveSources(cluster: Cluster): SourceAccess {
  return {
    async getSource(ref) {
      const res = ref.kind === 'HelmChart' ? HELMCHART_RESOURCE : await servedResource(cluster, ociRepositoryKind);
      return cluster.tryGet(res, ref.name, ref.namespace);
    },
  };
}

export function coreReconciler(opts: CoreReconcilerOptions): Reconciler {
  const { cluster } = opts;
  const cache = new ArtifactCache({ dir: opts.cacheDir ?? join(tmpdir(), 'flux-ts-artifacts') });
  const now = opts.now ?? (() => new Date());
  const helmLog = opts.log ?? (() => {});
  const dependencyRequeueMs = opts.dependencyRequeueMs ?? DEPENDENCY_REQUEUE_MS;
  const sources = liveSources(cluster);
  return {
    async reconcile(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome> {
      try {
        // helm-controller applies the HelmChart template before the prerequisites.
        try {
          await reconcileChartTemplate(hr, {
            cluster,
            fieldManager: opts.fieldManager ?? DEFAULT_FIELD_MANAGER,
            allowCrossNamespaceRefs: ctx.allowCrossNamespaceRefs,
            events: clusterEventRecorder(cluster, now),
            ...(ctx.log ? { log: (m: string) => ctx.log!.info(m) } : {}),
            ...(ctx.cachedSource ? { cached: (ns: string, name: string) => ctx.cachedSource!('HelmChart', ns, name) } : {}),
          });
        } finally {
          await flushEvents(cluster);
        }
        const result = await reconcileHelmRelease({
          cluster,
          namespace: hr.metadata.namespace ?? '',
          name: hr.metadata.name,
          allowCrossNamespace: ctx.allowCrossNamespaceRefs,
          cache,
          signal: ctx.signal,
          now,
          ...(opts.fieldManager ? { fieldManager: opts.fieldManager } : {}),
          ...(opts.lookup ? { lookup: opts.lookup } : {}),
          ...(opts.runLock === false ? { runLock: false } : {}),
          ...(opts.log ? { log: opts.log } : {}),
          ...(ctx.sourcesReconciled ? { sources } : {}),
          requeueDependency: formatGoDuration(dependencyRequeueMs),
        });
        switch (result.kind) {
          case 'suspended':
            return {};
          case 'not-ready':
            // A wait is not an error: a fixed requeue, no backoff, no error log.
            if (result.wait) return { requeueAfterMs: dependencyRequeueMs };
            return { error: new Error(result.message), terminal: result.terminal };
          case 'loop': {
            const o = result.outcome;
            if (o.kind === 'done') return {};
            if (o.kind === 'requeue') return { requeueAfterMs: 0 };
            if (o.kind === 'retry-after') return { requeueAfterMs: safeDuration(o.interval) };
            return { error: o.error, terminal: true };
          }
        }
      } catch (err) {
        return { error: err instanceof Error ? err : new Error(String(err)) };
      }
    },

    /**
     * helm-controller's reconcileDelete: the Uninstall reconciler on the release recorded in
     * status.history, in status.storageNamespace (Released=False UninstallSucceeded/Failed, its
     * Events, Ready summarized), then the history and storage namespace cleared and the
     * templated HelmChart deleted. A failed uninstall is recorded in status and retried; so is a
     * HelmChart the cross-namespace policy forbids touching. Status is patched either way.
     */
    async finalize(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome> {
      const ns = hr.metadata.namespace ?? '';
      let lock: { release(): Promise<void> } | undefined;
      try {
        if (opts.runLock !== false) lock = await acquireRunLock(cluster, ns, hr.metadata.name);
        const original = structuredClone(hr.status ?? {});
        const events = clusterEventRecorder(cluster, now);
        const event = (type: 'Normal' | 'Warning', reason: string, message: string) => {
          void events(hr, type, reason, message);
        };
        let error: Error | undefined;
        if (!hr.status?.storageNamespace) {
          ctx.log?.info('skipping Helm release uninstallation: no storage namespace configured');
        } else {
          const recorded = latest(hr.status.history) !== undefined;
          try {
            await uninstallCurrentTarget({
              hr,
              cluster,
              fieldManager: opts.fieldManager ?? DEFAULT_FIELD_MANAGER,
              now,
              log: helmLog,
              event,
              signal: ctx.signal,
            });
            if (recorded) ctx.log?.info('uninstalled Helm release for deleted resource');
            // Truncate the release details: the object no longer manages a release.
            delete hr.status.history;
            delete hr.status.storageNamespace;
          } catch (e) {
            error = e instanceof Error ? e : new Error(String(e));
          }
        }
        if (!error && hr.status?.helmChart) {
          try {
            await deleteRecordedHelmChart(cluster, hr, ctx.allowCrossNamespaceRefs, events);
          } catch (e) {
            error = e instanceof Error ? e : new Error(String(e));
          }
        }
        // The object may be gone already once its finalizer is dropped elsewhere.
        await patchStatus(cluster, HELMRELEASE_RESOURCE, hr, original).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
        return error ? { error } : {};
      } catch (err) {
        return { error: err instanceof Error ? err : new Error(String(err)) };
      } finally {
        await flushEvents(cluster);
        await lock?.release();
      }
    },
  };
}

/**
 * helm-controller's HelmChartTemplate reconcileDelete: the HelmChart recorded in status is
 * deleted (deleteHelmChart: the ACL error when the policy forbids it, retried), then the status
 * reference is cleared.
 */
async function deleteRecordedHelmChart(cluster: Cluster, hr: HelmRelease, allowCrossNamespaceRefs: boolean, events: EventRecorder): Promise<void> {
  await deleteHelmChart(hr, hr.status?.helmChart ?? '', { cluster, allowCrossNamespaceRefs, events });
  if (hr.status) delete hr.status.helmChart;
}

function safeDuration(text: string): number {
  try {
    return parseGoDuration(text);
  } catch {
    return 10 * 60_000;
  }
}

/**
 * The controller's Reconciler. `clusterOptions` are what src/cluster/connect takes ({ flags,
 * env, userAgent }) for the lookup worker's own client; by default the controller's environment
 * decides (KUBECONFIG, ~/.kube/config or the in-cluster service account), as for a Deployment.
 * `dependencyRequeueMs` is helm-controller's --requeue-dependency (default 30 s).
 */
export async function loadCoreReconciler(cluster: Cluster, log?: (line: string) => void, clusterOptions?: Record<string, unknown>, dependencyRequeueMs?: number): Promise<Reconciler> {
  const lookup = bridgeLookupProvider({ clusterOptions: clusterOptions ?? { flags: {}, env: { ...process.env }, userAgent: `flux-ts/${VERSION}` } });
  return coreReconciler({ cluster, lookup, ...(log ? { log } : {}), ...(dependencyRequeueMs !== undefined ? { dependencyRequeueMs } : {}) });
}
