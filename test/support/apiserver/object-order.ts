// Field order as the apiserver serializes objects, so JSON responses read like a real server's.
import type { KubeObject } from '../../../src/cluster/types.js';

const META_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

/** Field order of typed (built-in) objects: kind, apiVersion, metadata (ObjectMeta order), then the rest. */
export function canonicalOrder(o: KubeObject, apiVersion: string, kind: string): KubeObject {
  const meta: Record<string, unknown> = {};
  const m = o.metadata as unknown as Record<string, unknown>;
  for (const k of META_ORDER) if (m[k] !== undefined) meta[k] = m[k];
  for (const k of Object.keys(m)) if (!(k in meta) && m[k] !== undefined) meta[k] = m[k];
  // TypeMeta encodes kind before apiVersion.
  const out: Record<string, unknown> = { kind, apiVersion, metadata: meta };
  for (const [k, v] of Object.entries(o)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as KubeObject;
}


/**
 * Custom resources are served from unstructured maps, which encode with sorted keys at every
 * level (encoding/json on map[string]interface{}).
 */
export function sortKeysDeep<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => sortKeysDeep(x)) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep((v as Record<string, unknown>)[k]);
  return out as T;
}
