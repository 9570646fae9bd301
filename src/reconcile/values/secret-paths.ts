// Which leaves of the composed values came from Secrets, so `describe --show-values` can mask
// them. Composition runs a second time with every Secret-provided value replaced by a unique
// marker; wherever a marker survives the merge (inline values and later refs may override it),
// that path holds secret data.
import { isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { goV } from '../../helm/values/gofmt.js';
import { maskingHelmLog, type HelmLog, type SensitiveValues } from '../../helm/values/log.js';
import { composeValues, type ComposeOptions, type ValuesReference } from './compose.js';
import type { ValuesObjectSource } from './source.js';

/** A path into the values: map keys and list indexes. */
export type ValuesPath = Array<string | number>;

export interface ComposedValues {
  values: GoMap;
  /** Paths whose value (or whole subtree) came from a Secret. */
  secretPaths: ValuesPath[];
}

const MARKER_PREFIX = '\u0000flux-ts-secret:';

export async function composeValuesTrackingSecrets(
  source: ValuesObjectSource,
  namespace: string,
  inline: GoMap | undefined,
  refs: readonly ValuesReference[],
  opts: Pick<ComposeOptions, 'onSkipped'> = {},
): Promise<ComposedValues> {
  // Both compositions read the same objects once: no second round of requests on the reconcile
  // path, and the marked pass cannot see a Secret that changed in between.
  const once = readOnce(source);
  const values = await composeValues(once, namespace, structuredCloneGo(inline), refs, opts);
  if (!refs.some((r) => r.kind === 'Secret')) return { values, secretPaths: [] };

  let n = 0;
  const marked = await composeValues(once, namespace, structuredCloneGo(inline), refs, {
    transformData: (ref, data) => (ref.kind === 'Secret' && ref.targetPath ? `${MARKER_PREFIX}${n++}` : data),
    transformDocument: (ref, doc) => (ref.kind === 'Secret' ? markLeaves(doc, () => `${MARKER_PREFIX}${n++}`) : doc),
  });
  const secretPaths: ValuesPath[] = [];
  collectMarkers(marked, [], secretPaths);
  return { values, secretPaths };
}

function readOnce(source: ValuesObjectSource): ValuesObjectSource {
  const read = new Map<string, ReturnType<ValuesObjectSource['get']>>();
  return {
    get(kind, namespace, name) {
      const key = `${kind}/${namespace}/${name}`;
      let got = read.get(key);
      if (!got) read.set(key, (got = source.get(kind, namespace, name)));
      return got;
    },
  };
}

/** A copy of the values with every secret path (and what is below it) replaced by `mask`. */
export function maskValues(values: GoMap, paths: readonly ValuesPath[], mask = '***'): GoMap {
  const out = structuredCloneGo(values) ?? {};
  for (const path of paths) {
    let parent: GoValue = out;
    for (let i = 0; i < path.length - 1; i++) {
      parent = step(parent, path[i]!);
      if (parent === undefined) break;
    }
    const last = path[path.length - 1];
    if (last === undefined) continue;
    if (Array.isArray(parent) && typeof last === 'number' && last < parent.length) parent[last] = mask;
    else if (isGoMap(parent) && typeof last === 'string' && last in parent) parent[last] = mask;
  }
  return out;
}

/**
 * The Secret-sourced paths and leaves (as Go prints them) of composed values, so Helm's warnings
 * can be masked. Booleans and nulls are left out: they tell nothing and are everywhere.
 */
export function sensitiveValues(c: ComposedValues): SensitiveValues {
  const leaves = new Set<string>();
  const collect = (v: GoValue): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (isGoMap(v)) Object.values(v).forEach(collect);
    else if (v !== null && v !== undefined && typeof v !== 'boolean') leaves.add(goV(v));
  };
  for (const path of c.secretPaths) {
    let v: GoValue = c.values;
    for (const k of path) v = step(v, k);
    collect(v);
  }
  return { paths: c.secretPaths, leaves: [...leaves] };
}

/** Helm's warning sink for rendering these values: Secret-sourced values never reach `sink`. */
export function secretMaskingHelmLog(sink: HelmLog, c: ComposedValues): HelmLog {
  return maskingHelmLog(sink, sensitiveValues(c));
}

function step(v: GoValue, k: string | number): GoValue {
  if (Array.isArray(v) && typeof k === 'number') return v[k];
  if (isGoMap(v) && typeof k === 'string') return v[k];
  return undefined;
}

function markLeaves(v: GoMap, next: () => string): GoMap {
  const out: GoMap = {};
  for (const k of Object.keys(v)) out[k] = markValue(v[k], next);
  return out;
}

function markValue(v: GoValue, next: () => string): GoValue {
  if (isGoMap(v)) return markLeaves(v, next);
  if (Array.isArray(v)) return v.map((x) => markValue(x, next));
  return next();
}

function collectMarkers(v: GoValue, path: ValuesPath, out: ValuesPath[]): void {
  if (typeof v === 'string') {
    if (v.startsWith(MARKER_PREFIX)) out.push(path);
    return;
  }
  if (Array.isArray(v)) v.forEach((x, i) => collectMarkers(x, [...path, i], out));
  else if (isGoMap(v)) for (const k of Object.keys(v)) collectMarkers(v[k], [...path, k], out);
}

/** Deep copy of plain values (maps, lists, scalars; GoNumber and friends are immutable). */
function structuredCloneGo<T extends GoValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => structuredCloneGo(x)) as T;
  if (isGoMap(v)) {
    const out: GoMap = {};
    for (const k of Object.keys(v)) out[k] = structuredCloneGo(v[k]);
    return out as T;
  }
  return v;
}
