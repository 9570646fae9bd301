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
  // An explicit stack of map pairs being merged, not recursion: mergo has no depth limit.
  // `inner` is the destination map of the current key once its nested merge is done.
  const stack: Array<{ dst: GoMap; src: GoMap; keys: string[]; i: number; inner: GoMap | null }> = [{ dst, src, keys: Object.keys(src), i: 0, inner: null }];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i >= f.keys.length) {
      stack.pop();
      continue;
    }
    const key = f.keys[f.i]!;
    const s = f.src[key] ?? null;
    if (s === null) {
      if (overwrite) setKey(f.dst, key, null);
      f.i++;
      continue;
    }
    let dHas: boolean;
    let d: GoValue;
    if (f.inner) {
      // Back from merging s into the destination's map: the checks below see it merged.
      dHas = true;
      d = f.inner;
      f.inner = null;
    } else {
      dHas = hasOwn(f.dst, key);
      d = dHas ? (f.dst[key] ?? null) : null;
      if (isGoMap(s) && dHas && isGoMap(d)) {
        f.inner = d;
        stack.push({ dst: d, src: s, keys: Object.keys(s), i: 0, inner: null });
        continue;
      }
    }
    f.i++;
    if (dHas && !isEmpty(d)) {
      if (Array.isArray(s)) {
        if (overwrite) setKey(f.dst, key, s);
        continue;
      }
      if (isGoMap(s) && isGoMap(d)) continue;
    }
    if (overwrite || !dHas || isEmpty(d)) setKey(f.dst, key, s);
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

/** A container being copied, and its copy being filled. */
type CopyFrame =
  | { kind: 'slice'; src: readonly GoValue[]; out: GoValue[]; type: string; i: number }
  | { kind: 'map'; src: GoMap; keys: string[]; out: GoMap; type: string; i: number }
  | { kind: 'struct'; src: PropertyDescriptorMap; keys: string[]; proto: object; i: number };

/**
 * copystructure.Copy: a deep copy of maps, slices and structs; scalars are values already.
 * An explicit stack of containers being copied, not recursion: copystructure has no depth
 * limit, and a template can build a map 20000 levels deep.
 */
export function deepCopy(v: GoValue): GoValue {
  const stack: CopyFrame[] = [];
  let copied = startCopy(v, stack);
  for (;;) {
    const f = stack[stack.length - 1];
    if (!f) return copied;
    // Store the element just copied (if any), then copy the next one or finish this container.
    const i = f.i;
    if (i > 0) {
      if (f.kind === 'slice') f.out.push(copied);
      else if (f.kind === 'map') setKey(f.out, f.keys[i - 1]!, copied);
      else f.src[f.keys[i - 1]!]!.value = copied;
    }
    let x: GoValue;
    if (f.kind === 'slice') {
      if (i === f.src.length) {
        stack.pop();
        copied = f.type === '[]interface {}' ? f.out : typedSlice(f.out, f.type);
        continue;
      }
      x = f.src[i] ?? null;
    } else if (f.kind === 'map') {
      if (i === f.keys.length) {
        stack.pop();
        copied = finishMap(f.out, f.type, f.src);
        continue;
      }
      x = f.src[f.keys[i]!] ?? null;
    } else {
      if (i === f.keys.length) {
        stack.pop();
        copied = Object.create(f.proto, f.src) as GoStruct;
        continue;
      }
      x = (f.src[f.keys[i]!]!.value ?? null) as GoValue;
    }
    f.i = i + 1;
    const depth = stack.length;
    copied = startCopy(x, stack);
    // A container pushed its own frame; its copy comes back when that frame is finished.
    if (stack.length > depth) copied = null;
  }
}

/** The copy has the original's type (map[string]string, common.Values...). */
function finishMap(out: GoMap, type: string, original: GoMap): GoValue {
  if (type === 'map[string]interface {}') return out;
  const underlying = mapUnderlyingType(original);
  return underlying === type ? typedMap(out, type) : namedMapView(out, type, underlying);
}

/** The copy of a scalar or nil collection; for a non-empty container, a new frame (and null). */
function startCopy(v: GoValue, stack: CopyFrame[]): GoValue {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (isNilCollection(v)) return v instanceof Uint8Array ? nilBytes() : Array.isArray(v) ? nilSlice(sliceType(v)) : nilMap(typeOf(v));
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) {
    stack.push({ kind: 'slice', src: v, out: [], type: sliceType(v), i: 0 });
    return null;
  }
  if (v instanceof GoStruct) {
    // copystructure copies exported fields only; a struct with unexported state says how its
    // copy looks (a *semver.Version copies as 0.0.0).
    const own = (v as Partial<StructCopier>).copyStructure;
    if (typeof own === 'function') return own.call(v);
    const src = Object.getOwnPropertyDescriptors(v);
    const keys = Object.keys(src).filter((k) => 'value' in src[k]! && src[k]!.enumerable);
    stack.push({ kind: 'struct', src, keys, proto: Object.getPrototypeOf(v) as object, i: 0 });
    return null;
  }
  if (isGoMap(v)) {
    stack.push({ kind: 'map', src: v, keys: Object.keys(v), out: {}, type: mapType(v), i: 0 });
    return null;
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
