// A kustomization of in-memory resources with `patches` and `images`, applied in kustomize's
// transformer order (patches, then images), the resources kept in their input order.
import { transformImages, type ImageRule } from './images.js';
import { applyPatch, type PatchSpec } from './patch.js';
import { checkResources } from './stream.js';
import type { JsonObject } from './resource.js';

export interface Kustomization {
  patches?: readonly PatchSpec[];
  images?: readonly ImageRule[];
}

/** Returns new objects; the input is left untouched. */
export function kustomize(resources: readonly JsonObject[], k: Kustomization): JsonObject[] {
  checkResources(resources);
  let out = resources.map((r) => structuredClone(r));
  for (const p of k.patches ?? []) out = applyPatch(out, p);
  if (k.images?.length) for (const r of out) transformImages(r, k.images);
  return out;
}
