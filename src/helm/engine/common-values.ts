// Helm's common.Values (the type of .Values and .Template) as a template value: a view of the
// values map under that type name, with the type's methods (YAML, AsMap, Table, PathValue,
// Encode), which templates reach before keys of the same name, as in Go.
import { GoFuncError, isGoMap, mapType, namedMapView, unnamedMap, type FuncMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { marshalYaml } from '../yaml/index.js';

const COMMON_VALUES = 'common.Values';

const hasOwn = (m: GoMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

/** v.(map[string]interface{}) in Go: a plain map or the map under a view. */
function plainMap(v: GoValue): GoMap | undefined {
  if (!isGoMap(v)) return undefined;
  const t = mapType(v);
  if (t === 'map[string]interface {}') return v;
  return t === COMMON_VALUES ? unnamedMap(v) : undefined;
}

/** Values.Table: the table at a dotted path, or ErrNoTable naming the first missing key. */
function table(v: GoMap, name: string): GoMap {
  let t = v;
  for (const key of name.split('.')) {
    const next = hasOwn(t, key) ? plainMap(t[key] ?? null) : undefined;
    if (next === undefined) throw new GoFuncError(`${JSON.stringify(key)} is not a table`);
    t = next;
  }
  return t;
}

/** Values.PathValue: a non-table value at a dotted path, or ErrNoValue naming the last key. */
function pathValue(v: GoMap, path: string): GoValue {
  if (path === '') throw new GoFuncError('YAML path cannot be empty');
  const keys = path.split('.');
  const key = keys.pop()!;
  let t: GoMap;
  try {
    t = keys.length === 0 ? v : table(v, keys.join('.'));
  } catch {
    throw new GoFuncError(`${JSON.stringify(key)} is not a value`);
  }
  // Only a map[string]interface {} counts as a table here (a common.Values value does not).
  const x = hasOwn(t, key) ? (t[key] ?? null) : undefined;
  if (x !== undefined && !(isGoMap(x) && mapType(x) === 'map[string]interface {}')) return x;
  throw new GoFuncError(`${JSON.stringify(key)} is not a value`);
}

function methods(m: GoMap): FuncMap {
  return {
    YAML: {
      params: [],
      fn: () => {
        try {
          return marshalYaml(m);
        } catch (e) {
          throw new GoFuncError(e instanceof Error ? e.message : String(e));
        }
      },
    },
    AsMap: { params: [], fn: () => (Object.keys(m).length === 0 ? {} : m) },
    Table: { params: ['string'], fn: (name) => commonValues(table(m, name as string)) },
    PathValue: { params: ['string'], fn: (path) => pathValue(m, path as string) },
    // Takes an io.Writer, which no template value is: calls fail at the argument.
    Encode: {
      params: ['io.Writer'],
      fn: () => {
        throw new GoFuncError('Encode cannot be called from a template');
      },
    },
  };
}

/** `m` as a common.Values (sharing its entries). */
export function commonValues(m: GoMap): GoMap {
  const plain = unnamedMap(m);
  return namedMapView(plain, COMMON_VALUES, 'map[string]interface {}', methods(plain));
}
