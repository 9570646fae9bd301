// The shared middle of upgrade and rollback (Helm's kube Update): apply every target object,
// then delete the current objects that are no longer targeted — unless their live object says
// `helm.sh/resource-policy: keep`.
import { type ActionConfig, debug } from './config.js';
import { applyModeAttrs, applyObjects, deleteObjects, gvkAttrs, kindAttrs, type ApplyOptions } from './apply.js';
import { migrateClientSideFields } from './csa-migrate.js';
import { buildObjects, manifestDocs, type ReleaseObject } from './objects.js';

export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';

export function isKeep(annotations: Record<string, string> | undefined): boolean {
  return (annotations?.[RESOURCE_POLICY_ANNOTATION] ?? '').trim().toLowerCase() === 'keep';
}

/**
 * What Helm compares a release's objects by (pkg/kube ResourceList isMatchingInfo): group, kind,
 * namespace and name — not the version, so a chart moving an object to another apiVersion of the
 * same group (autoscaling/v2beta2 -> v2, a CRD's new version) updates it instead of pruning it.
 */
export function matchKey(o: ReleaseObject): string {
  return `${o.ref.group}/${o.object.kind}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`;
}

/** Objects of a stored manifest; kinds the server no longer serves are left out (nothing to delete). */
export async function currentObjects(cfg: ActionConfig, manifest: string | undefined, namespace: string): Promise<ReleaseObject[]> {
  const out: ReleaseObject[] = [];
  for (const d of manifestDocs(manifest ?? '')) {
    try {
      out.push(...(await buildObjects(cfg.cluster, [d], namespace)));
    } catch (e) {
      debug(cfg, `skipping ${d.source} of the previous release: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/**
 * Applies `target`, then prunes what left; returns the objects that were deleted. With
 * `migrateClientSide` (the previous revision was applied client-side) the manager's client-side
 * field ownership is first moved to its server-side entry, as Helm does.
 */
export async function syncObjects(cfg: ActionConfig, current: ReleaseObject[], target: ReleaseObject[], opts: ApplyOptions & { migrateClientSide?: boolean }): Promise<ReleaseObject[]> {
  debug(cfg, 'using server-side apply for resource creation', ...applyModeAttrs(opts));
  debug(cfg, 'using server-side apply for resource update', ...applyModeAttrs(opts), ['upgradeClientSideFieldManager', opts.migrateClientSide === true]);
  debug(cfg, 'checking resources for changes', ['resources', target.length]);
  if (opts.migrateClientSide) for (const o of target) await migrateClientSideFields(cfg, o);
  // What the kube client says of each object depends on whether it existed: only objects the
  // current release does not hold can be new.
  const held = new Set(current.map(matchKey));
  const isNew = new Set<ReleaseObject>();
  for (const o of target) {
    if (!held.has(matchKey(o)) && (await cfg.cluster.tryGet(o.ref, o.object.metadata.name, o.object.metadata.namespace)) === undefined) isNew.add(o);
  }
  await applyObjects(cfg, target, opts, (o) => {
    if (!isNew.has(o)) return debug(cfg, 'Patched resource', ...gvkAttrs(o));
    debug(cfg, 'Created resource via patch', ...gvkAttrs(o));
    debug(cfg, 'created a new resource', ...kindAttrs(o));
  });
  const wanted = new Set(target.map(matchKey));
  const gone: ReleaseObject[] = [];
  for (const o of current) {
    if (wanted.has(matchKey(o))) continue;
    const live = await cfg.cluster.tryGet(o.ref, o.object.metadata.name, o.object.metadata.namespace);
    if (live === undefined) continue;
    // Helm notes each object it prunes, then whether the policy keeps it.
    debug(cfg, 'deleting resource', ...kindAttrs(o));
    if (isKeep(live.metadata.annotations)) {
      debug(cfg, 'skipping delete due to annotation', ...kindAttrs(o), ['annotation', RESOURCE_POLICY_ANNOTATION], ['value', live.metadata.annotations?.[RESOURCE_POLICY_ANNOTATION] ?? '']);
      continue;
    }
    gone.push(o);
  }
  const errors = await deleteObjects(cfg, gone.reverse(), { noted: true });
  if (errors.length > 0) throw new Error(errors.join('; '));
  return gone;
}
