// `flux-ts controller`'s Reconciler: the reconciliation core (src/reconcile/run, the same code
// as `reconcile hr --local`) behind the controller's seam. It maps the core's outcomes to
// scheduling (interval, dependency requeue, backoff, terminal), and on deletion uninstalls the
// release and removes the templated HelmChart, as helm-controller's finalizer does.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster, ResourceRef } from '../cluster/types.js';
import { parseGoDuration } from '../cli/duration.js';
import { isNotFound } from '../cluster/errors.js';
import { uninstall } from '../helm/action/index.js';
import { ReleaseStorage } from '../helm/release/storage.js';
import type { HelmRelease } from '../kinds/api-types.js';
import { releaseName } from '../reconcile/release-name.js';
import { reconcileHelmRelease } from '../reconcile/run/index.js';
import { ArtifactCache } from '../sources/index.js';
import type { ReconcileContext, ReconcileOutcome, Reconciler } from './reconciler.js';

/** helm-controller's --requeue-dependency default. */
export const DEPENDENCY_REQUEUE_MS = 30_000;
const HELMCHARTS: ResourceRef = { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'helmcharts', kind: 'HelmChart', namespaced: true };

export interface CoreReconcilerOptions {
  cluster: Cluster;
  /** Chart artifacts are cached here between reconciles. */
  cacheDir?: string;
  log?: (line: string) => void;
}

export function coreReconciler(opts: CoreReconcilerOptions): Reconciler {
  const { cluster } = opts;
  const cache = new ArtifactCache({ dir: opts.cacheDir ?? join(tmpdir(), 'flux-ts-artifacts') });
  return {
    async reconcile(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome> {
      try {
        const result = await reconcileHelmRelease({
          cluster,
          namespace: hr.metadata.namespace ?? '',
          name: hr.metadata.name,
          allowCrossNamespace: ctx.allowCrossNamespaceRefs,
          cache,
          signal: ctx.signal,
          ...(opts.log ? { log: opts.log } : {}),
        });
        switch (result.kind) {
          case 'suspended':
            return {};
          case 'not-ready':
            if (result.reason === 'DependencyNotReady') return { requeueAfterMs: DEPENDENCY_REQUEUE_MS };
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

    async finalize(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome> {
      try {
        const storageNamespace = hr.status?.storageNamespace;
        if (storageNamespace) {
          const storage = new ReleaseStorage(cluster, storageNamespace);
          const name = releaseName({ metadata: hr.metadata, spec: hr.spec ?? {} });
          const last = await storage.last(name).catch(() => undefined);
          if (last && last.info.status !== 'uninstalled') {
            await uninstall(
              { cluster, storage, signal: ctx.signal, ...(opts.log ? { log: opts.log } : {}) },
              {
                name,
                keepHistory: hr.spec?.uninstall?.keepHistory === true,
                disableHooks: hr.spec?.uninstall?.disableHooks === true,
                disableWait: hr.spec?.uninstall?.disableWait === true,
              },
            );
          }
        }
        const chart = hr.status?.helmChart;
        if (chart && hr.spec?.chart) {
          const [ns, name] = chart.split('/') as [string, string];
          await cluster.delete(HELMCHARTS, name, ns).catch((err: unknown) => {
            if (!isNotFound(err)) throw err;
          });
        }
        return {};
      } catch (err) {
        return { error: err instanceof Error ? err : new Error(String(err)) };
      }
    },
  };
}

function safeDuration(text: string): number {
  try {
    return parseGoDuration(text);
  } catch {
    return 10 * 60_000;
  }
}

export async function loadCoreReconciler(cluster: Cluster, log?: (line: string) => void): Promise<Reconciler> {
  return coreReconciler({ cluster, ...(log ? { log } : {}) });
}
