// Strategic merge patch for built-in kinds (application/strategic-merge-patch+json), as kubectl
// apply/patch produce it: lists merged by their patch merge key, and the $patch,
// $setElementOrder, $retainKeys and $deleteFromPrimitiveList directives.
import { clone, deepEqual, isObject } from '../json.js';
import type { FieldTypes } from '../field-types.js';

export function applyStrategicMergePatch(target: unknown, patch: unknown, types: FieldTypes, path: string[] = []): unknown {
  if (!isObject(patch)) return clone(patch);
  if (patch['$patch'] === 'replace') {
    const { $patch: _drop, ...rest } = patch;
    return clone(rest);
  }
  if (patch['$patch'] === 'delete') return undefined;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  const retain = Array.isArray(patch['$retainKeys']) ? (patch['$retainKeys'] as string[]) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as unknown[]).filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const childPath = [...path, k];
    if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, types, childPath);
    } else if (isObject(v)) {
      const merged = applyStrategicMergePatch(out[k], v, types, childPath);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  for (const [k, order] of Object.entries(patch)) {
    if (!k.startsWith('$setElementOrder/') || !Array.isArray(order)) continue;
    const field = k.slice('$setElementOrder/'.length);
    const list = out[field];
    if (Array.isArray(list)) out[field] = reorder(list, order, types, [...path, field]);
  }
  return out;
}

function mergeKey(types: FieldTypes, path: string[]): string | undefined {
  const lt = types.listType(path);
  // Strategic merge uses one patch merge key: the first key of the associative list.
  return lt.type === 'map' ? lt.keys[0] : undefined;
}

function mergeList(current: unknown, patch: unknown[], types: FieldTypes, path: string[]): unknown[] {
  const key = mergeKey(types, path);
  const lt = types.listType(path);
  // A `{$patch: replace}` item makes the rest of the patch list the whole new list.
  if (patch.some((p) => isObject(p) && p['$patch'] === 'replace')) {
    return patch.filter((p) => !(isObject(p) && (p['$patch'] === 'replace' || p['$patch'] === 'delete'))).map((p) => stripDirectives(p));
  }
  if (!Array.isArray(current)) return patch.filter((p) => !(isObject(p) && p['$patch'] === 'delete')).map((p) => stripDirectives(p));
  if (lt.type === 'set') {
    const out = [...current];
    for (const v of patch) if (!out.some((x) => deepEqual(x, v))) out.push(clone(v));
    return out;
  }
  if (!key) return patch.map((p) => stripDirectives(p));
  const out = [...current];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const i = out.findIndex((x) => isObject(x) && x[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = applyStrategicMergePatch(out[i], item, types, [...path, '[]']);
    else out.push(stripDirectives(item));
  }
  return out;
}

function reorder(list: unknown[], order: unknown[], types: FieldTypes, path: string[]): unknown[] {
  const key = mergeKey(types, path);
  const id = (x: unknown): unknown => (key && isObject(x) ? x[key] : x);
  const ordered: unknown[] = [];
  for (const o of order) {
    const want = key && isObject(o) ? o[key] : o;
    const found = list.find((x) => deepEqual(id(x), want));
    if (found !== undefined) ordered.push(found);
  }
  for (const x of list) if (!ordered.includes(x)) ordered.push(x);
  return ordered;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return clone(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}
