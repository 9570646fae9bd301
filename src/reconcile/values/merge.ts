// fluxcd/pkg chartutil MergeMaps. Nested maps of `b` are stored by reference when `a` has no
// map at that key, and nested maps are only copied when both sides have one: composition
// relies on these exact aliasing rules (see compose.ts), so never deep-clone here.
import { isGoMap, type GoMap } from '../../gotemplate/value.js';

export function mergeMaps(a: GoMap | undefined, b: GoMap | undefined): GoMap {
  const out: GoMap = {};
  if (a) for (const k of Object.keys(a)) out[k] = a[k];
  if (b) {
    for (const k of Object.keys(b)) {
      const bv = b[k];
      const av = out[k];
      if (isGoMap(bv) && k in out && isGoMap(av)) {
        out[k] = mergeMaps(av, bv);
        continue;
      }
      out[k] = bv;
    }
  }
  return out;
}
