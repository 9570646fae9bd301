// Writes HelmRelease status as a JSON merge patch of the status subresource: fields the
// reconcile removed are sent as null, so they are removed in the cluster too.
import type { Cluster, ResourceRef } from '../../cluster/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';

export async function patchStatus(cluster: Cluster, res: ResourceRef, hr: HelmRelease, previous: object): Promise<void> {
  const status: Record<string, unknown> = { ...(hr.status ?? {}) };
  for (const k of Object.keys(previous)) if (!(k in status) || status[k] === undefined) status[k] = null;
  const updated = await cluster.statusPatch<HelmRelease>(res, hr.metadata.name, hr.metadata.namespace, { status });
  if (updated.metadata.resourceVersion) hr.metadata.resourceVersion = updated.metadata.resourceVersion;
  // What is now stored is the base for the next patch.
  for (const k of Object.keys(previous)) delete (previous as Record<string, unknown>)[k];
  Object.assign(previous, structuredClone(hr.status ?? {}));
}
