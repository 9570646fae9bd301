// The second stage of sigs.k8s.io/yaml.Unmarshal: go-yaml's value goes through JSON, so map
// keys become strings (ints in decimal, floats as float32 %g, bools as true/false), every
// number becomes a float64, and NaN/Inf are refused as encoding/json refuses them.
import type { GoMap, GoValue } from '../../gotemplate/value.js';
import { formatFloatG } from '../gojson/float.js';
import { YamlMap, type YamlKey, type YamlValue } from './decode.js';

export class YamlToJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlToJsonError';
  }
}

/** A map with no prototype, so keys like "__proto__" are plain keys. */
export function newGoMap(): GoMap {
  return Object.create(null) as GoMap;
}

const INT64_MAX = 2n ** 63n - 1n;

export function jsonKey(k: YamlKey, v: YamlValue): string {
  if (k === null) throw new YamlToJsonError(`unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSharpV(v)}`);
  switch (typeof k) {
    case 'string':
      return k;
    case 'bigint':
      // go-yaml reads integers beyond int64 as uint64, which sigs.k8s.io/yaml cannot key by.
      if (k > INT64_MAX) throw new YamlToJsonError(`unsupported map key of type: uint64, key: 0x${k.toString(16)}, value: ${goSharpV(v)}`);
      return k.toString();
    case 'boolean':
      return k ? 'true' : 'false';
    default: {
      const s = formatFloatG(k, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
  }
}

/** Go's %#v of a go-yaml value (map[interface {}]interface {}, []interface {}, scalars). */
export function goSharpV(v: YamlValue): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return String(v);
    case 'bigint':
      return v > INT64_MAX ? `0x${v.toString(16)}` : v.toString();
    case 'number':
      return formatFloatG(v, 64);
  }
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const entries = [...v.entries.values()].sort((a, b) => compareKeysForPrint(a.key, b.key));
  return `map[interface {}]interface {}{${entries.map((e) => `${goSharpV(e.key)}:${goSharpV(e.value)}`).join(', ')}}`;
}

/** fmt prints map keys sorted: by type first (as Go's internal/fmtsort), then by value. */
function compareKeysForPrint(a: YamlKey, b: YamlKey): number {
  const rank = (x: YamlKey) => (x === null ? 0 : typeof x === 'boolean' ? 1 : typeof x === 'bigint' ? 2 : typeof x === 'number' ? 3 : 4);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a === b) return 0;
  return (a as string | number | bigint) < (b as string | number | bigint) ? -1 : 1;
}

function unsupported(v: number): never {
  throw new YamlToJsonError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
}

/** go-yaml value -> JSON round trip -> Go interface{} (numbers are float64). */
export function yamlValueToJson(v: YamlValue): GoValue {
  return yamlValueToJsonDepth(v).value;
}

/** A YAML collection being converted, and its JSON-side copy. */
type OpenCollection =
  | { items: YamlValue[]; out: GoValue[]; entries: null; map: null; i: number }
  | { items: null; out: null; entries: Iterator<{ key: YamlKey; value: YamlValue }>; map: GoMap; i: number; key: string };

/** Nesting levels converted by recursion (fast on ordinary values) before the explicit stack takes over. */
const RECURSION_BUDGET = 200;

/** The deepest nesting seen by the current conversion. */
let deepest = 0;

/** yamlValueToJson, with how deeply the JSON nests its arrays and objects. */
export function yamlValueToJsonDepth(root: YamlValue): { value: GoValue; depth: number } {
  deepest = 0;
  const value = convert(root, 0);
  return { value, depth: deepest };
}

/** v at nesting level `level`: recursion while shallow, the explicit stack beyond. */
function convert(v: YamlValue, level: number): GoValue {
  if (Array.isArray(v)) {
    if (level >= RECURSION_BUDGET) return convertDeep(v, level);
    if (level + 1 > deepest) deepest = level + 1;
    const out: GoValue[] = [];
    for (const item of v) out.push(convert(item, level + 1));
    return out;
  }
  if (v instanceof YamlMap) {
    if (level >= RECURSION_BUDGET) return convertDeep(v, level);
    if (level + 1 > deepest) deepest = level + 1;
    const out = newGoMap();
    for (const { key, value } of v.entries.values()) out[jsonKey(key, value)] = convert(value, level + 1);
    return out;
  }
  return scalarToJson(v);
}

/**
 * convert with an explicit stack of open collections, not recursion: documents can nest
 * 10000 levels, beyond what JS recursion reaches.
 */
function convertDeep(root: YamlValue, level: number): GoValue {
  const open: OpenCollection[] = [];
  let v = root;
  for (;;) {
    let done: GoValue;
    if (Array.isArray(v) || v instanceof YamlMap) {
      if (level + open.length + 1 > deepest) deepest = level + open.length + 1;
      const frame: OpenCollection = Array.isArray(v)
        ? { items: v, out: [], entries: null, map: null, i: 0 }
        : { items: null, out: null, entries: v.entries.values(), map: newGoMap(), i: 0, key: '' };
      const first = frame.items ? (frame.items.length > 0 ? frame.items[0]! : NONE) : enter(frame);
      if (first !== NONE) {
        open.push(frame);
        v = first;
        continue;
      }
      done = frame.out ?? frame.map;
    } else done = scalarToJson(v);
    // Store the converted value; move to the next element or close finished collections.
    for (;;) {
      const top = open[open.length - 1];
      if (!top) return done;
      top.i++;
      if (top.items) {
        top.out.push(done);
        if (top.i < top.items.length) {
          v = top.items[top.i]!;
          break;
        }
        done = top.out;
      } else {
        top.map[top.key] = done;
        const next = enter(top);
        if (next !== NONE) {
          v = next;
          break;
        }
        done = top.map;
      }
      open.pop();
    }
  }
}

/** Marks a collection with no element left. */
const NONE = Symbol('none');

/** Starts a map's next entry: its JSON key first (a bad key fails before its value), then its value. */
function enter(frame: OpenCollection & { items: null }): YamlValue | typeof NONE {
  const r = frame.entries.next();
  if (r.done) return NONE;
  frame.key = jsonKey(r.value.key, r.value.value);
  return r.value.value;
}

function scalarToJson(v: YamlValue): GoValue {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    case 'number':
      if (!Number.isFinite(v)) unsupported(v);
      return v === 0 ? (Object.is(v, -0) ? -0 : 0) : v;
  }
  return null;
}

/**
 * For a Go struct field of type string (Chart.yaml's version, appVersion...): sigs.k8s.io/yaml
 * writes a scalar that YAML read as a number or bool back as text (1.10 becomes "1.1").
 */
export function yamlScalarAsString(v: YamlValue): GoValue {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloatG(v, 32);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  return yamlValueToJson(v);
}
