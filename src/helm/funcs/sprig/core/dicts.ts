// Sprig's dictionary functions (map[string]interface{}), including merge/mergeOverwrite with
// the semantics of the mergo library Sprig delegates to, dig, and deepCopy.
import {
  GoStruct,
  isGoMap,
  isNilCollection,
  mapType,
  mapUnderlyingType,
  namedMapView,
  nilBytes,
  nilMap,
  nilSlice,
  sliceType,
  typedMap,
  typedSlice,
  typeOf,
  type FuncMap,
  type GoFunc,
  type GoMap,
  type GoValue,
} from '../../../../gotemplate/value.js';
import { strval } from './format.js';
import { isEmpty, setKey } from './reflect.js';

const hasOwn = (m: GoMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

function mapArg(v: GoValue): GoMap | null {
  return isGoMap(v) ? v : null;
}

export function dict(args: GoValue[]): GoMap {
  const d: GoMap = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = strval(args[i] ?? null);
    setKey(d, key, i + 1 >= args.length ? '' : (args[i + 1] ?? null));
  }
  return d;
}

/**
 * mergo's map merge, which Sprig's merge (overwrite=false) and mergeOverwrite use:
 * - nested maps are merged recursively, in place, into the destination's map;
 * - without overwrite a source value only fills a missing or empty destination value;
 * - with overwrite every non-nil source value replaces the destination's, except that a map
 *   never replaces a map (they merge); a nil source value replaces only with overwrite.
 */
export function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const key of Object.keys(src)) {
    const s = src[key] ?? null;
    const dHas = hasOwn(dst, key);
    const d = dHas ? (dst[key] ?? null) : null;
    if (s === null) {
      if (overwrite) setKey(dst, key, null);
      continue;
    }
    if (isGoMap(s) && dHas && isGoMap(d)) mergeMaps(d, s, overwrite);
    if (dHas && !isEmpty(d)) {
      if (Array.isArray(s)) {
        if (overwrite) setKey(dst, key, s);
        continue;
      }
      if (isGoMap(s) && isGoMap(d)) continue;
    }
    if (overwrite || !dHas || isEmpty(d)) setKey(dst, key, s);
  }
}

/** A nil map destination stays nil until mergo meets a non-nil source (which makes it a map). */
function mergeAll(dst: GoValue, srcs: GoValue[], overwrite: boolean): GoMap {
  let target = mapArg(dst);
  for (const src of srcs) {
    const m = mapArg(src);
    if (!m || isNilCollection(m)) continue;
    if (!target || isNilCollection(target)) target = {};
    mergeMaps(target, m, overwrite);
  }
  return target ?? nilMap();
}

/** A map[string]interface {} exactly (what Go's v.(map[string]interface{}) accepts). */
function isPlainMap(v: GoValue): v is GoMap {
  return isGoMap(v) && mapType(v) === 'map[string]interface {}';
}

function interfaceConversion(v: GoValue, want: string): Error {
  const got = v === null || v === undefined ? 'nil' : typeOf(v);
  return new Error(`interface conversion: interface {} is ${got}, not ${want}`);
}

/** dig "a" "b" default $dict: walks nested maps; a missing key gives the default. */
export function dig(ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  const last = ps[ps.length - 1] ?? null;
  // A type assertion: a map of another type (map[string]string, Helm's common.Values) fails.
  if (!isPlainMap(last)) throw interfaceConversion(last, 'map[string]interface {}');
  const def = ps[ps.length - 2] ?? null;
  const keys = ps.slice(0, ps.length - 2).map((k) => {
    if (typeof k !== 'string') throw interfaceConversion(k ?? null, 'string');
    return k;
  });
  let cur: GoMap = last;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!hasOwn(cur, k)) return def;
    const step = cur[k] ?? null;
    if (i === keys.length - 1) return step;
    if (!isPlainMap(step)) throw interfaceConversion(step, 'map[string]interface {}');
    cur = step;
  }
  return def;
}

/** A Go struct with unexported fields, which copystructure cannot see. */
export interface StructCopier {
  copyStructure(): GoStruct;
}

/** copystructure.Copy: a deep copy of maps, slices and structs; scalars are values already. */
export function deepCopy(v: GoValue): GoValue {
  if (v === null || v === undefined) return null;
  if (isNilCollection(v)) return v instanceof Uint8Array ? nilBytes() : Array.isArray(v) ? nilSlice(sliceType(v)) : nilMap(typeOf(v));
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) {
    const out = v.map((x) => deepCopy(x ?? null));
    const t = sliceType(v);
    return t === '[]interface {}' ? out : typedSlice(out, t);
  }
  if (v instanceof GoStruct) {
    // copystructure copies exported fields only; a struct with unexported state says how its
    // copy looks (a *semver.Version copies as 0.0.0).
    const own = (v as Partial<StructCopier>).copyStructure;
    if (typeof own === 'function') return own.call(v);
    const descriptors = Object.getOwnPropertyDescriptors(v);
    for (const d of Object.values(descriptors)) if ('value' in d && d.enumerable) d.value = deepCopy(d.value as GoValue);
    return Object.create(Object.getPrototypeOf(v) as object, descriptors) as GoStruct;
  }
  if (isGoMap(v)) {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k, deepCopy(x));
    // The copy has the original's type (map[string]string, common.Values...).
    const type = mapType(v);
    if (type === 'map[string]interface {}') return out;
    const underlying = mapUnderlyingType(v);
    return underlying === type ? typedMap(out, type) : namedMapView(out, type, underlying);
  }
  return v;
}

export function dictFuncs(): FuncMap {
  const M = 'map[string]interface {}' as const;
  const merge: GoFunc = { params: [M], variadic: M, fn: (d, ...s) => mergeAll(d ?? null, s, false) };
  const mergeOverwrite: GoFunc = { params: [M], variadic: M, fn: (d, ...s) => mergeAll(d ?? null, s, true) };
  const copyF: GoFunc = {
    params: ['interface {}'],
    fn: (v) => {
      // copystructure reflects on the argument's type, which nil does not have.
      if (v === null || v === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
      return deepCopy(v);
    },
  };
  return {
    dict: { params: [], variadic: 'interface {}', fn: (...a) => dict(a) },
    get: {
      params: [M, 'string'],
      fn: (d, k) => {
        const m = mapArg(d ?? null);
        return m && hasOwn(m, String(k)) ? (m[String(k)] ?? null) : '';
      },
    },
    set: {
      params: [M, 'string', 'interface {}'],
      fn: (d, k, v) => {
        const m = mapArg(d ?? null);
        if (!m || isNilCollection(m)) throw new Error('assignment to entry in nil map');
        setKey(m, String(k), v ?? null);
        return m;
      },
    },
    unset: {
      params: [M, 'string'],
      fn: (d, k) => {
        // Deleting from a nil map is a no-op in Go.
        const m = mapArg(d ?? null);
        if (!m) return nilMap();
        delete m[String(k)];
        return m;
      },
    },
    hasKey: {
      params: [M, 'string'],
      fn: (d, k) => {
        const m = mapArg(d ?? null);
        return m !== null && hasOwn(m, String(k));
      },
    },
    pluck: {
      params: ['string'],
      variadic: M,
      fn: (k, ...ds) => {
        const out: GoValue[] = [];
        for (const d of ds) {
          const m = mapArg(d ?? null);
          if (m && hasOwn(m, String(k))) out.push(m[String(k)] ?? null);
        }
        return out;
      },
    },
    keys: {
      params: [],
      variadic: M,
      fn: (...ds) => typedSlice(ds.flatMap((d) => Object.keys(mapArg(d ?? null) ?? {})), '[]string'),
    },
    values: {
      params: [M],
      fn: (d) => Object.values(mapArg(d ?? null) ?? {}).map((x) => x ?? null),
    },
    pick: {
      params: [M],
      variadic: 'string',
      fn: (d, ...ks) => {
        const m = mapArg(d ?? null) ?? {};
        const out: GoMap = {};
        for (const k of ks) if (hasOwn(m, String(k))) setKey(out, String(k), m[String(k)] ?? null);
        return out;
      },
    },
    omit: {
      params: [M],
      variadic: 'string',
      fn: (d, ...ks) => {
        const m = mapArg(d ?? null) ?? {};
        const drop = new Set(ks.map(String));
        const out: GoMap = {};
        for (const k of Object.keys(m)) if (!drop.has(k)) setKey(out, k, m[k] ?? null);
        return out;
      },
    },
    merge,
    mustMerge: merge,
    mergeOverwrite,
    mustMergeOverwrite: mergeOverwrite,
    dig: { params: [], variadic: 'interface {}', fn: (...ps) => dig(ps) },
    deepCopy: copyF,
    mustDeepCopy: copyF,
  };
}
