// Asking a controller to reconcile: the reconcile.fluxcd.io/* annotations in one JSON merge
// patch (no resourceVersion, as controller-runtime's MergeFrom), retried on conflict with
// client-go's DefaultBackoff (4 steps from 10 ms, factor 5).
import { isConflict } from '../cluster/errors.js';
import type { Cluster, ResourceRef } from '../cluster/types.js';
import { FORCE_REQUEST_ANNOTATION, RECONCILE_REQUEST_ANNOTATION, RESET_REQUEST_ANNOTATION } from '../reconcile/decide/annotations.js';

export interface RequestOptions {
  /** HelmRelease only: one-off forced install/upgrade. */
  force?: boolean;
  /** HelmRelease only: reset the failure counters. */
  reset?: boolean;
}

/** The annotations flux writes; force/reset carry the same token (the controller compares them). */
export function requestAnnotations(token: string, opts: RequestOptions = {}): Record<string, string> {
  const annotations: Record<string, string> = { [RECONCILE_REQUEST_ANNOTATION]: token };
  if (opts.force) annotations[FORCE_REQUEST_ANNOTATION] = token;
  if (opts.reset) annotations[RESET_REQUEST_ANNOTATION] = token;
  return annotations;
}

const CONFLICT_DELAYS_MS = [10, 50, 250, 1250];

export async function requestReconciliation(cluster: Cluster, res: ResourceRef, name: string, namespace: string, annotations: Record<string, string>): Promise<void> {
  const patch = { metadata: { annotations } };
  for (let attempt = 0; ; attempt++) {
    try {
      await cluster.mergePatch(res, name, namespace, patch);
      return;
    } catch (err) {
      const delay = CONFLICT_DELAYS_MS[attempt];
      if (!isConflict(err) || delay === undefined) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
