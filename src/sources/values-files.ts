// How source-controller merges chart.spec.valuesFiles (in order, maps deep-merged, other values
// replaced); src/sources/helmchart.ts reads the files and packages the result.

type Values = Record<string, unknown>;

function isMap(v: unknown): v is Values {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** fluxcd/pkg transform.MergeMaps: b over a, recursing into maps. */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isMap(v) && isMap(cur) ? mergeMaps(cur, v) : v;
  }
  return out;
}
