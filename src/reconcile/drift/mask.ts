// Secret data never leaves flux-ts in a diff: values are replaced by markers that still tell
// whether a key changed (fluxcd/pkg ssa SanitizeUnstructuredData does the same for flux diff).
import type { KubeObject } from '../../cluster/types.js';

const MASK = '***';

/** Masks `data` and `stringData` of two versions of a Secret, marking changed keys. */
export function maskSecretPair(before: KubeObject | undefined, after: KubeObject): { before?: KubeObject; after: KubeObject } {
  if (after.kind !== 'Secret' || after.apiVersion !== 'v1') return { ...(before ? { before } : {}), after };
  const b = before ? (structuredClone(before) as KubeObject) : undefined;
  const a = structuredClone(after) as KubeObject;
  for (const field of ['data', 'stringData']) {
    const bd = (b?.[field] ?? {}) as Record<string, unknown>;
    const ad = (a[field] ?? {}) as Record<string, unknown>;
    for (const k of new Set([...Object.keys(bd), ...Object.keys(ad)])) {
      const changed = bd[k] !== ad[k];
      if (k in bd) bd[k] = changed ? `${MASK} (before)` : MASK;
      if (k in ad) ad[k] = changed ? `${MASK} (after)` : MASK;
    }
  }
  return { ...(b ? { before: b } : {}), after: a };
}
