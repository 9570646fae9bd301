// The seam between the controller (queue, watches, finalizers, leadership) and the
// reconciliation core: the controller hands over one HelmRelease at a time, as its watch last saw
// it, and gets back when to look at it again. The core owns status, conditions and the
// prerequisites (the cross-namespace policy among them); the controller owns scheduling and
// finalizers, and passes the current cross-namespace setting along.
import type { KubeObject } from '../cluster/types.js';
import type { HelmRelease } from '../kinds/api-types.js';
import type { JsonLogger } from './log.js';

export interface ReconcileContext {
  /** Aborts when the controller must stop (shutdown grace period over, leadership lost). */
  signal: AbortSignal;
  /** The current `--no-cross-namespace-refs` / `allow-cross-namespace` setting. */
  allowCrossNamespaceRefs: boolean;
  /** The controller's log, with the object's fields. */
  log?: JsonLogger;
  /**
   * The watch's latest source object (`HelmChart`, `HelmRepository`, ...) when the controller
   * reconciles sources; undefined when it has not seen one (callers then ask the API server).
   */
  cachedSource?: (kind: string, namespace: string, name: string) => KubeObject | undefined;
  /**
   * The controller plays source-controller too: HelmReleases wait for their HelmChart or
   * OCIRepository to be ready and install its artifact. Otherwise the core fetches the chart itself.
   */
  sourcesReconciled?: boolean;
}

export interface ReconcileOutcome {
  /** Look again after this long (default: spec.interval with jitter). */
  requeueAfterMs?: number;
  /** A failure: retried with exponential backoff. */
  error?: Error;
  /** A failure that retrying cannot fix (no requeue until the object changes). */
  terminal?: boolean;
}

export interface Reconciler {
  reconcile(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome>;
  /** The object is being deleted and is not suspended: uninstall its release. */
  finalize(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome>;
}

export const FINALIZER = 'finalizers.fluxcd.io';
