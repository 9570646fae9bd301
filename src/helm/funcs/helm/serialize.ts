// Helm's serialisation functions (pkg/engine/funcs.go): YAML through sigs.k8s.io/yaml, JSON
// through encoding/json. The non-`must` forms swallow errors: toYaml/toJson give "", the
// `from` forms put the error text under "Error" (maps) or as the only element (arrays).
import { GoFuncError, isGoMap, isNilCollection, nilMap, nilSlice, type FuncMap, type GoMap, type GoValue } from '../../../gotemplate/value.js';
import { jsonKindOf, JsonMarshalError, marshal } from '../../gojson/index.js';
import { marshalYaml, toYaml, yamlToJsonArray, yamlToJsonMap } from '../../yaml/index.js';
import { decodeJson } from '../sprig/core/index.js';
import { toYamlPretty } from './yaml-pretty.js';

const I = 'interface {}' as const;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** json.Unmarshal(text, &map[string]interface{}) with Helm's error-in-map convention. */
export function fromJsonMap(text: string): GoMap {
  let decoded: { value: GoValue; error?: Error };
  try {
    decoded = decodeJson(text);
  } catch (e) {
    return { Error: message(e) };
  }
  const v = decoded.value;
  if (decoded.error) return { ...(isGoMap(v) ? v : {}), Error: decoded.error.message };
  // Unmarshalling null into a map sets the map to nil.
  if (v === null) return nilMap();
  if (!isGoMap(v)) return { Error: `json: cannot unmarshal ${jsonKindOf(v)} into Go value of type map[string]interface {}` };
  return v;
}

export function fromJsonArray(text: string): GoValue[] {
  let decoded: { value: GoValue; error?: Error };
  try {
    decoded = decodeJson(text);
  } catch (e) {
    return [message(e)];
  }
  if (decoded.error) return [decoded.error.message];
  const v = decoded.value;
  if (v === null) return nilSlice();
  if (!Array.isArray(v)) return [`json: cannot unmarshal ${jsonKindOf(v)} into Go value of type []interface {}`];
  return v;
}


/** An open container, its keys (null for arrays), the next index, and its copy once a value in it changed. */
interface Open {
  src: GoValue[] | GoMap;
  keys: string[] | null;
  i: number;
  copy: GoValue[] | GoMap | undefined;
}

/** Nesting levels walked by recursion (fast on ordinary values) before the explicit stack takes over. */
const RECURSION_BUDGET = 200;

/**
 * sigs.k8s.io/yaml marshals through encoding/json, where a nil map or slice is null; the YAML
 * encoder sees them as empty ones, so they are replaced by null first (copying only the
 * containers on the way to one).
 */
export function nilsAsNull(v: GoValue): GoValue {
  return nilsAsNullAt(v, 0);
}

/** nilsAsNull of v at nesting level `level`: recursion while shallow, the explicit stack beyond. */
function nilsAsNullAt(v: GoValue, level: number): GoValue {
  if (v === null || typeof v !== 'object') return v;
  if (isNilCollection(v)) return null;
  if (level >= RECURSION_BUDGET) return nilsAsNullDeep(v);
  if (Array.isArray(v)) {
    let out: GoValue[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = nilsAsNullAt(x, level + 1);
      if (y !== x) (out ??= v.slice())[i] = y;
    }
    return out ?? v;
  }
  if (!isGoMap(v)) return v;
  let out: GoMap | undefined;
  for (const k of Object.keys(v)) {
    const x = v[k];
    const y = nilsAsNullAt(x, level + 1);
    if (y === x) continue;
    if (!out) {
      // Null prototype: '__proto__' stays an ordinary key.
      out = Object.create(null) as GoMap;
      for (const k2 of Object.keys(v)) out[k2] = v[k2];
    }
    out[k] = y;
  }
  return out ?? v;
}

/** nilsAsNull with an explicit stack, not recursion: values can nest 10000 levels and more. */
function nilsAsNullDeep(v: GoValue): GoValue {
  const first = nullIfNil(v);
  if (first !== v || !isContainer(v)) return first;
  const open: Open[] = [{ src: v, keys: Array.isArray(v) ? null : Object.keys(v), i: 0, copy: undefined }];
  let done: GoValue = v;
  for (;;) {
    const top = open[open.length - 1]!;
    const len = top.keys ? top.keys.length : (top.src as GoValue[]).length;
    if (top.i === len) {
      open.pop();
      done = top.copy ?? top.src;
      const parent = open[open.length - 1];
      if (!parent) return done;
      // The finished container (or its copy) is its parent's current element.
      replaceIn(parent, done);
      continue;
    }
    const x = top.keys ? (top.src as GoMap)[top.keys[top.i]!]! : (top.src as GoValue[])[top.i]!;
    const y = nullIfNil(x);
    if (y === x && isContainer(x)) {
      open.push({ src: x, keys: Array.isArray(x) ? null : Object.keys(x), i: 0, copy: undefined });
      continue;
    }
    replaceIn(top, y);
  }
}

/** Records the new value of top's current element (copying top the first time one changes). */
function replaceIn(top: Open, y: GoValue): void {
  const i = top.i++;
  if (top.keys) {
    const k = top.keys[i]!;
    const src = top.src as GoMap;
    if (y === src[k]) return;
    if (!top.copy) {
      // Null prototype: '__proto__' stays an ordinary key.
      const out = Object.create(null) as GoMap;
      for (const k2 of top.keys) out[k2] = src[k2];
      top.copy = out;
    }
    (top.copy as GoMap)[k] = y;
    return;
  }
  const src = top.src as GoValue[];
  if (y === src[i]) return;
  const copy = (top.copy ??= src.slice()) as GoValue[];
  copy[i] = y;
}

function nullIfNil(v: GoValue): GoValue {
  return v !== null && typeof v === 'object' && isNilCollection(v) ? null : v;
}

/** An array or map whose elements may hold nil collections (structs are left as they are). */
function isContainer(v: GoValue): v is GoValue[] | GoMap {
  return v !== null && typeof v === 'object' && (Array.isArray(v) || isGoMap(v));
}

export function serializeFuncs(): FuncMap {
  return {
    toYaml: { params: [I], fn: (v) => toYaml(nilsAsNull(v ?? null)) },
    mustToYaml: {
      params: [I],
      fn: (v) => {
        try {
          return marshalYaml(nilsAsNull(v ?? null)).replace(/\n$/, '');
        } catch (e) {
          // sigs.k8s.io/yaml.Marshal wraps json.Marshal's error; go-yaml's come as they are.
          if (e instanceof JsonMarshalError) throw new GoFuncError(`error marshaling into JSON: ${e.message}`);
          throw new GoFuncError(message(e));
        }
      },
    },
    toYamlPretty: { params: [I], fn: (v) => toYamlPretty(v ?? null) },
    fromYaml: {
      params: ['string'],
      fn: (s) => {
        try {
          return yamlToJsonMap(s as string);
        } catch (e) {
          return { Error: message(e) };
        }
      },
    },
    fromYamlArray: {
      params: ['string'],
      fn: (s) => {
        try {
          return yamlToJsonArray(s as string);
        } catch (e) {
          return [message(e)];
        }
      },
    },
    toJson: {
      params: [I],
      fn: (v) => {
        try {
          return marshal(v ?? null);
        } catch (e) {
          if (e instanceof JsonMarshalError) return '';
          throw e;
        }
      },
    },
    mustToJson: {
      params: [I],
      fn: (v) => {
        try {
          return marshal(v ?? null);
        } catch (e) {
          throw new GoFuncError(message(e));
        }
      },
    },
    fromJson: { params: ['string'], fn: (s) => fromJsonMap(s as string) },
    fromJsonArray: { params: ['string'], fn: (s) => fromJsonArray(s as string) },
  };
}
