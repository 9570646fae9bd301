// Strategic merge patches as kustomize applies them: maps merge, `null` deletes a field, lists of
// built-in types merge by their patch merge key (the patch's elements first, in its order, then
// the object's other elements), other lists are replaced; `$patch: replace|delete` on maps and
// list elements. Like kustomize (kyaml's merge2), `$retainKeys`, `$deleteFromPrimitiveList/*` and
// `$setElementOrder/*` are not directives there: they merge in as ordinary fields.
import { listStrategy } from './merge-keys.js';
import { gvkOf, isObject, KustomizeError, type Gvk, type JsonObject, type JsonValue } from './resource.js';

const PATCH = '$patch';

/** Returned by a merge when the patch deletes the value it was merged into. */
const DELETED = Symbol('deleted');
type Merged = JsonValue | typeof DELETED;

/** True when the patch document deletes the whole object (`$patch: delete` at its root). */
export function deletesObject(patch: JsonObject): boolean {
  return patch[PATCH] === 'delete';
}

/** Applies `patch` to `target` and returns the result (target is not modified). */
export function applyStrategicMerge(target: JsonObject, patch: JsonObject): JsonObject {
  const gvk = gvkOf(target);
  const out = mergeMap(structuredClone(target), patch, gvk, []);
  if (out === DELETED) throw new KustomizeError('a `$patch: delete` at the root of a patch deletes the object');
  return out;
}

/** The patch value without its directives, as it lands where nothing was. */
function strip(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.filter((e) => !(isObject(e) && e[PATCH] === 'delete')).map(strip);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === PATCH) continue;
    if (val === null) continue;
    out[k] = strip(val);
  }
  return out;
}

function mergeMap(target: JsonObject, patch: JsonObject, gvk: Gvk, path: string[]): JsonObject | typeof DELETED {
  const directive = patch[PATCH];
  if (directive === 'delete') return DELETED;
  if (directive === 'replace') return strip(patch) as JsonObject;
  if (directive !== undefined) throw new KustomizeError(`unknown patch directive ${PATCH}: ${JSON.stringify(directive)}`);

  for (const [key, pv] of Object.entries(patch)) {
    if (key === PATCH) continue;
    if (pv === null) {
      delete target[key];
      continue;
    }
    const merged = mergeValue(target[key], pv, gvk, path, key);
    if (merged === DELETED) delete target[key];
    else target[key] = merged;
  }
  return target;
}

function mergeValue(cur: JsonValue | undefined, pv: JsonValue, gvk: Gvk, path: string[], key: string): Merged {
  if (isObject(pv)) {
    if (!isObject(cur)) return pv[PATCH] === 'delete' ? DELETED : strip(pv);
    const merged = mergeMap(cur, pv, gvk, [...path, key]);
    // kyaml drops a map the patch emptied (an emptied list stays, as `[]`).
    if (merged !== DELETED && Object.keys(merged).length === 0 && Object.keys(pv).length > 0) return DELETED;
    return merged;
  }
  if (Array.isArray(pv)) {
    if (!Array.isArray(cur)) return strip(pv);
    return mergeList(cur, pv, gvk, path, key);
  }
  return pv;
}

function mergeList(cur: JsonValue[], patch: JsonValue[], gvk: Gvk, path: string[], field: string): JsonValue[] {
  if (patch.some((e) => isObject(e) && e[PATCH] === 'replace')) return strip(patch.filter((e) => !(isObject(e) && e[PATCH] === 'replace'))) as JsonValue[];
  const strategy = listStrategy(gvk, path, field);
  if (strategy.kind === 'replace') return strip(patch) as JsonValue[];
  if (strategy.kind === 'merge-primitive') {
    const seen = new Set(patch.map((x) => JSON.stringify(x)));
    return [...patch, ...cur.filter((x) => !seen.has(JSON.stringify(x)))];
  }
  const extra = strategy.extraKeys ?? [];
  if (extra.length > 0 && [...cur, ...patch].some((e) => isObject(e) && extra.some((k) => e[k] !== undefined))) {
    return mergeByAllKeys(cur, patch, [strategy.key, ...extra], gvk, [...path, field]);
  }
  const key = strategy.key;
  const keyOf = (v: JsonValue): string | undefined => (isObject(v) && v[key] !== undefined ? JSON.stringify(v[key]) : undefined);
  const used = new Set<number>();
  const out: JsonValue[] = [];
  const elementPath = [...path, field];
  for (const pe of patch) {
    const k = keyOf(pe);
    const idx = k === undefined ? -1 : cur.findIndex((ce, i) => !used.has(i) && keyOf(ce) === k);
    if (idx >= 0) used.add(idx);
    if (isObject(pe) && pe[PATCH] === 'delete') continue;
    if (idx < 0 || !isObject(pe)) {
      out.push(strip(pe));
      continue;
    }
    const merged = mergeMap(cur[idx] as JsonObject, pe, gvk, elementPath);
    if (merged !== DELETED) out.push(merged);
  }
  cur.forEach((ce, i) => {
    if (!used.has(i)) out.push(ce);
  });
  return out;
}

/**
 * kyaml's merge on several list-map keys: a patch element lacking one of them is ignored; a
 * matching element is merged where it stands; new elements go first, in the patch's order.
 */
function mergeByAllKeys(cur: JsonValue[], patch: JsonValue[], keys: string[], gvk: Gvk, elementPath: string[]): JsonValue[] {
  const tuple = (e: JsonObject): string[] => keys.map((k) => (e[k] === undefined || e[k] === null ? '' : String(e[k])));
  const same = (a: string[], b: string[]) => a.every((v, i) => v === b[i]);
  let out = [...cur];
  const added: JsonValue[] = [];
  for (const pe of patch) {
    if (!isObject(pe)) continue;
    const t = tuple(pe);
    if (t.some((v) => v === '')) continue;
    const idx = out.findIndex((ce) => isObject(ce) && same(tuple(ce), t));
    if (pe[PATCH] === 'delete') {
      if (idx >= 0) out = out.filter((_, i) => i !== idx);
      continue;
    }
    if (idx < 0) {
      added.push(strip(pe));
      continue;
    }
    const merged = mergeMap(out[idx] as JsonObject, pe, gvk, elementPath);
    if (merged === DELETED) out = out.filter((_, i) => i !== idx);
    else out[idx] = merged;
  }
  return [...added, ...out];
}
