// Drift detection as helm-controller does it: each object of the release is server-side applied
// as a dry run with the controller's field manager; the result is compared with the live object
// (ignore rules removed from both). An absent object is `create`; one carrying
// `helm.toolkit.fluxcd.io/driftDetection: disabled`, or whose root path "" an ignore rule
// names, is `exclude`.
import type { Cluster, KubeObject, ResourceRef } from '../../cluster/types.js';
import type { DriftEntry } from '../messages/index.js';
import { comparable, countOps, jsonPatch, type PatchOp } from './compare.js';
import { applyIgnoreRules, compileIgnoreRules, ignoresWholeObject, type IgnoreRule } from './ignore.js';

export const DRIFT_DETECTION_KEY = 'helm.toolkit.fluxcd.io/driftDetection';
export const DEFAULT_FIELD_MANAGER = 'helm-controller';

export interface DetectOptions {
  /** Namespace of namespaced objects that name none (the release namespace). */
  namespace: string;
  fieldManager?: string;
  ignore?: readonly IgnoreRule[];
  signal?: AbortSignal;
}

export interface ObjectDrift {
  entry: DriftEntry;
  resource: ResourceRef;
  /** The desired object as sent (namespace filled in). */
  desired: KubeObject;
  live?: KubeObject;
  /** What the API server would make of the desired object (the dry-run result). */
  merged?: KubeObject;
  ops: PatchOp[];
}

function disabled(obj: KubeObject | undefined): boolean {
  return obj?.metadata.annotations?.[DRIFT_DETECTION_KEY] === 'disabled' || obj?.metadata.labels?.[DRIFT_DETECTION_KEY] === 'disabled';
}

export async function detectDrift(cluster: Cluster, objects: readonly KubeObject[], opts: DetectOptions): Promise<ObjectDrift[]> {
  const fieldManager = opts.fieldManager ?? DEFAULT_FIELD_MANAGER;
  const ignore = opts.ignore ?? [];
  // A malformed selector fails the detection before any request, as jsondiff does.
  compileIgnoreRules(ignore);
  const out: ObjectDrift[] = [];
  for (const obj of objects) {
    opts.signal?.throwIfAborted();
    const resource = await cluster.resourceFor(obj.apiVersion, obj.kind);
    const desired = structuredClone(obj) as KubeObject;
    if (resource.namespaced && !desired.metadata.namespace) desired.metadata.namespace = opts.namespace;
    if (!resource.namespaced) delete desired.metadata.namespace;
    const namespace = desired.metadata.namespace;
    const base = { kind: obj.kind, namespace: namespace ?? '', name: obj.metadata.name };
    const live = await cluster.tryGet(resource, obj.metadata.name, namespace);
    if (disabled(desired) || disabled(live) || ignoresWholeObject(ignore, desired)) {
      out.push({ entry: { type: 'exclude', ...base }, resource, desired, ...(live ? { live } : {}), ops: [] });
      continue;
    }
    if (!live) {
      out.push({ entry: { type: 'create', ...base }, resource, desired, ops: [] });
      continue;
    }
    const merged = await cluster.apply(resource, desired, { fieldManager, force: true, dryRun: true });
    const before = comparable(live);
    const after = comparable(merged);
    applyIgnoreRules(ignore, desired, [before, after]);
    const ops = jsonPatch(before, after);
    const entry: DriftEntry = ops.length === 0 ? { type: 'none', ...base } : { type: 'update', ...base, ...countOps(ops) };
    out.push({ entry, resource, desired, live, merged, ops });
  }
  return out;
}

/** Objects that differ from the cluster (created or changed). */
export function drifted(results: readonly ObjectDrift[]): ObjectDrift[] {
  return results.filter((r) => r.entry.type === 'create' || r.entry.type === 'update');
}

/**
 * Drift correction (mode `enabled`): re-applies the drifted objects for real, forcing ownership.
 * Returns `Kind/ns/name created|configured` lines and per-object errors.
 */
export async function correctDrift(cluster: Cluster, results: readonly ObjectDrift[], fieldManager = DEFAULT_FIELD_MANAGER): Promise<{ changes: string[]; errors: string[] }> {
  const changes: string[] = [];
  const errors: string[] = [];
  for (const r of drifted(results)) {
    const id = `${r.entry.kind}/${r.entry.namespace}/${r.entry.name}`;
    try {
      await cluster.apply(r.resource, r.desired, { fieldManager, force: true });
      changes.push(`${id} ${r.entry.type === 'create' ? 'created' : 'configured'}`);
    } catch (e) {
      errors.push(`${id}: ${(e as Error).message}`);
    }
  }
  return { changes, errors };
}
