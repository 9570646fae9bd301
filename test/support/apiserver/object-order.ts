// Field order as the apiserver serializes objects, so JSON responses read like a real server's.
import type { KubeObject } from '../../../src/cluster/types.js';

const META_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

/** Field order as the apiserver serializes objects: apiVersion, kind, metadata (ObjectMeta order), then the rest. */
export function canonicalOrder(o: KubeObject, apiVersion: string, kind: string): KubeObject {
  const meta: Record<string, unknown> = {};
  const m = o.metadata as unknown as Record<string, unknown>;
  for (const k of META_ORDER) if (m[k] !== undefined) meta[k] = m[k];
  for (const k of Object.keys(m)) if (!(k in meta) && m[k] !== undefined) meta[k] = m[k];
  const out: Record<string, unknown> = { apiVersion, kind, metadata: meta };
  for (const [k, v] of Object.entries(o)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as KubeObject;
}

