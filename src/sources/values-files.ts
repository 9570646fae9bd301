// chart.spec.valuesFiles: source-controller merges the listed files of the chart (in order,
// maps deep-merged, other values replaced) and packages the result as the chart's values.yaml.
// The chart's own values.yaml only takes part when listed.
import { parse as parseYaml, stringify } from 'yaml';
import { readArchive, writeArchive, ChartArchiveError } from './chart-archive.js';

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

function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

export async function applyValuesFiles(tgz: Buffer, valuesFiles: string[], ignoreMissing: boolean): Promise<{ archive: Buffer; used: string[] }> {
  const files = await readArchive(tgz);
  const top = files[0]?.path.split('/')[0] ?? '';
  const byPath = new Map(files.map((f) => [f.path.slice(top.length + 1), f]));
  let merged: Values = {};
  const used: string[] = [];
  for (const p of valuesFiles) {
    const path = cleanPath(p);
    const f = byPath.get(path);
    if (f === undefined) {
      if (ignoreMissing) continue;
      throw new ChartArchiveError(`values files merge error: no values file found at path '${p}'`);
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(f.data.toString('utf8'));
    } catch (err) {
      throw new ChartArchiveError(`values files merge error: unmarshaling values from '${p}' failed: ${(err as Error).message.split('\n')[0]}`);
    }
    merged = mergeMaps(merged, isMap(parsed) ? parsed : {});
    used.push(p);
  }
  if (used.length === 0) return { archive: tgz, used };
  const data = Buffer.from(stringify(merged, { sortMapEntries: true }));
  const valuesPath = `${top}/values.yaml`;
  const rest = files.filter((f) => f.path !== valuesPath);
  return { archive: await writeArchive([...rest, { path: valuesPath, data, mode: 0o644 }]), used };
}
