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
  if (Array.isArray(v)) {
    // A loop, not map(): one stack frame per nesting level keeps deep documents in reach.
    const out: GoValue[] = [];
    for (const item of v) out.push(yamlValueToJson(item));
    return out;
  }
  if (v instanceof YamlMap) {
    const out = newGoMap();
    for (const { key, value } of v.entries.values()) {
      out[jsonKey(key, value)] = yamlValueToJson(value);
    }
    return out;
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
