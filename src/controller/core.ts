// Where `flux-ts controller` gets its Reconciler: the reconciliation core (src/reconcile/run,
// being written) adapted to the Reconciler seam. Until the core is part of the build the
// command refuses to start with this message instead of running a controller that does nothing.
import type { Reconciler } from './reconciler.js';

export class CoreUnavailableError extends Error {}

export async function loadCoreReconciler(): Promise<Reconciler> {
  throw new CoreUnavailableError('the reconciliation core (src/reconcile/run) is not part of this build yet: flux-ts controller cannot reconcile HelmReleases');
}
