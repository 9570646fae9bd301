// Asking a controller to reconcile: the reconcile.fluxcd.io/* annotations in one JSON merge
// patch (no resourceVersion, as controller-runtime's MergeFrom), retried on conflict with
// client-go's DefaultBackoff (4 steps from 10 ms, factor 5).
import { isConflict } from '../cluster/errors.js';
import type { Cluster, ResourceRef } from '../cluster/types.js';

export const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
export const FORCE_AT = 'reconcile.fluxcd.io/forceAt';
export const RESET_AT = 'reconcile.fluxcd.io/resetAt';

export interface RequestOptions {
  /** HelmRelease only: one-off forced install/upgrade. */
  force?: boolean;
  /** HelmRelease only: reset the failure counters. */
  reset?: boolean;
}

/** The annotations flux writes; force/reset carry the same token (the controller compares them). */
export function requestAnnotations(token: string, opts: RequestOptions = {}): Record<string, string> {
  const annotations: Record<string, string> = { [REQUESTED_AT]: token };
  if (opts.force) annotations[FORCE_AT] = token;
  if (opts.reset) annotations[RESET_AT] = token;
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
