// Helm's Values helpers: Table("a.b") and PathValue("a.b.c"), with their error types.
import { isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';

/** common.ErrNoTable */
export class NoTableError extends Error {
  constructor(readonly key: string) {
    super(`${JSON.stringify(key)} is not a table`);
    this.name = 'NoTableError';
  }
}

/** common.ErrNoValue */
export class NoValueError extends Error {
  constructor(readonly key: string) {
    super(`${JSON.stringify(key)} is not a value`);
    this.name = 'NoValueError';
  }
}

function isTable(v: GoValue): v is GoMap {
  return v !== null && v !== undefined && isGoMap(v);
}

/** Values.Table: the map at a dotted path ("" or "." is not special: each part must be a map). */
export function table(v: GoMap, name: string): GoMap {
  let cur: GoMap = v;
  for (const part of name.split('.')) {
    const next = cur[part];
    if (next === undefined || !isTable(next)) throw new NoTableError(part);
    cur = next;
  }
  return cur;
}

/** Values.PathValue: a non-table value at a dotted path. */
export function pathValue(v: GoMap, path: string): GoValue {
  if (path === '') throw new Error('YAML path cannot be empty');
  const parts = path.split('.');
  if (parts.length === 1) {
    const k = parts[0]!;
    if (k in v && !isTable(v[k]!)) return v[k]!;
    throw new NoValueError(k);
  }
  const key = parts[parts.length - 1]!;
  let t: GoMap;
  try {
    t = table(v, parts.slice(0, -1).join('.'));
  } catch {
    throw new NoValueError(key);
  }
  if (key in t && !isTable(t[key]!)) return t[key]!;
  throw new NoValueError(key);
}
