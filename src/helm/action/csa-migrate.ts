// Helm's upgradeClientSideFieldManager (client-go csaupgrade): on the first server-side apply of
// a release that was applied client-side, the fields our manager owns through its `Update`
// entries move into its `Apply` entry. Without it, fields the chart dropped would stay, owned by
// the old client-side entry.
import type { KubeObject } from '../../cluster/types.js';
import { type ActionConfig, fieldManagerOf } from './config.js';
import type { ReleaseObject } from './objects.js';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

function mergeFields(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && v && typeof v === 'object' ? mergeFields(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** Rewrites the live object's managed fields; false when there was nothing to migrate. */
export async function migrateClientSideFields(cfg: ActionConfig, o: ReleaseObject): Promise<boolean> {
  const live = await cfg.cluster.tryGet<KubeObject>(o.ref, o.object.metadata.name, o.object.metadata.namespace);
  const entries = (live?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const manager = fieldManagerOf(cfg);
  const csa = entries.filter((e) => e.manager === manager && e.operation === 'Update' && !e.subresource);
  if (!live || csa.length === 0) return false;
  const ssa = entries.find((e) => e.manager === manager && e.operation === 'Apply' && !e.subresource);
  const fields = [ssa, ...csa].reduce<Record<string, unknown>>((acc, e) => mergeFields(acc, e?.fieldsV1 ?? {}), {});
  const migrated: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: (ssa ?? csa[0])!.apiVersion ?? live.apiVersion,
    ...((ssa ?? csa[0])!.time ? { time: (ssa ?? csa[0])!.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
  const rest = entries.filter((e) => e !== ssa && !csa.includes(e));
  await cfg.cluster.mergePatch(o.ref, o.object.metadata.name, o.object.metadata.namespace, {
    metadata: { managedFields: [...rest, migrated], resourceVersion: live.metadata.resourceVersion },
  });
  return true;
}
