// Writes release objects: server-side apply with the field manager (conflicts forced, as
// helm-controller does), stamped with Helm's ownership metadata, in Helm 4's batches —
// consecutive objects of one kind in parallel, one kind after the other. Deletes likewise.
import { notFoundMessage } from '../../cluster/errors.js';
import type { KubeObject } from '../../cluster/types.js';
import { type ActionConfig, debug, fieldManagerOf, throwIfCanceled } from './config.js';
import { LogError, LogGvk, type LogAttr } from './log.js';
import type { ReleaseObject } from './objects.js';
import { describeObject } from './objects.js';
import { ownershipError, ownershipProblems, withOwnership, type Owner } from './ownership.js';

export interface ApplyOptions {
  owner: Owner;
  /** Adopt existing objects whatever their ownership metadata (Flux default). */
  takeOwnership: boolean;
  force?: boolean;
}

/** Consecutive runs of the same kind (Helm's batchPerform). */
export function batchesByKind<T>(items: T[], kindOf: (t: T) => string): T[][] {
  const out: T[][] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && kindOf(last[0]!) === kindOf(item)) last.push(item);
    else out.push([item]);
  }
  return out;
}

/**
 * Checks that objects existing already belong to the release (unless taking ownership);
 * returns the keys of the objects that exist, so a failed install can tell what it created.
 */
export async function checkOwnership(cfg: ActionConfig, objects: ReleaseObject[], opts: ApplyOptions): Promise<Set<ReleaseObject>> {
  const existing = new Set<ReleaseObject>();
  for (const o of objects) {
    const live = await cfg.cluster.tryGet(o.ref, o.object.metadata.name, o.object.metadata.namespace);
    if (live === undefined) continue;
    existing.add(o);
    if (opts.takeOwnership) continue;
    const problems = ownershipProblems(live, opts.owner);
    if (problems.length > 0) throw ownershipError(live, problems);
  }
  return existing;
}

/** The kube client's note of how it applies (`using server-side apply for resource creation`). */
export function applyModeAttrs(opts: ApplyOptions): LogAttr[] {
  return [
    ['forceConflicts', opts.force ?? true],
    ['dryRun', false],
    ['fieldValidationDirective', 'Strict'],
  ];
}

/** `namespace=… name=… gvk="apps/v1, Kind=Deployment"`, as the kube client names what it wrote. */
export function gvkAttrs(o: ReleaseObject): LogAttr[] {
  return [
    ['namespace', o.object.metadata.namespace ?? ''],
    ['name', o.object.metadata.name],
    ['gvk', LogGvk.of(o.object.apiVersion, o.object.kind)],
  ];
}

/** `namespace=… name=… kind=…` */
export function kindAttrs(o: ReleaseObject): LogAttr[] {
  return [
    ['namespace', o.object.metadata.namespace ?? ''],
    ['name', o.object.metadata.name],
    ['kind', o.object.kind],
  ];
}

/**
 * Creates the objects of an install (Helm's kube Create). Helm's create call never forces
 * conflicts and says so; flux-ts applies with `force` all the same, which only matters for an
 * object it adopts (takeOwnership).
 */
export async function createObjects(cfg: ActionConfig, objects: ReleaseObject[], opts: ApplyOptions): Promise<void> {
  debug(cfg, 'creating resource(s)', ['resources', objects.length]);
  debug(cfg, 'using server-side apply for resource creation', ...applyModeAttrs({ ...opts, force: false }));
  await applyObjects(cfg, objects, opts, (o) => debug(cfg, 'Created resource via patch', ...gvkAttrs(o)));
}

/** Server-side applies the objects kind batch by kind batch; `applied` is told of each one. */
export async function applyObjects(cfg: ActionConfig, objects: ReleaseObject[], opts: ApplyOptions, applied?: (o: ReleaseObject) => void): Promise<void> {
  for (const batch of batchesByKind(objects, (o) => o.object.kind)) {
    throwIfCanceled(cfg);
    await Promise.all(
      batch.map(async (o) => {
        try {
          await cfg.cluster.apply<KubeObject>(o.ref, withOwnership(o.object, opts.owner), { fieldManager: fieldManagerOf(cfg), force: opts.force ?? true });
        } catch (e) {
          throw new Error(`failed to apply ${describeObject(o.object)}: ${e instanceof Error ? e.message : String(e)}`);
        }
        applied?.(o);
      }),
    );
  }
}

/** The API server's NotFound text for the object. */
function notFoundText(o: ReleaseObject): string {
  return notFoundMessage(o.ref, o.object.metadata.name);
}

/**
 * Deletes objects in the given order and batches; not-found is success. Returns errors. The kube
 * client's Delete (uninstall, hooks, cleanup) notes each as `starting delete resource`; `noted`:
 * the caller has noted them already (the prune of upgrade and rollback: `deleting resource`).
 */
export async function deleteObjects(cfg: ActionConfig, objects: ReleaseObject[], opts: { noted?: boolean } = {}): Promise<string[]> {
  const errors: string[] = [];
  for (const batch of batchesByKind(objects, (o) => o.object.kind)) {
    await Promise.all(
      batch.map(async (o) => {
        if (!opts.noted) debug(cfg, 'starting delete resource', ...kindAttrs(o));
        try {
          await cfg.cluster.delete(o.ref, o.object.metadata.name, o.object.metadata.namespace, { propagationPolicy: 'Background' });
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode === 404) {
            if (!opts.noted) debug(cfg, 'ignoring delete failure', ...kindAttrs(o), ['error', new LogError(notFoundText(o))]);
            return;
          }
          errors.push(`failed to delete ${describeObject(o.object)}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
    );
  }
  return errors;
}
