// Reading YAML as kustomize does (kyaml, on go-yaml v3): YAML 1.2's core schema, so `yes`, `on`
// or `Y` stay strings; each document becomes its JSON form.
import { parseAllDocuments as parseYamlDocuments } from 'yaml';
import { isObject, KustomizeError, type JsonObject, type JsonValue } from './resource.js';

export function parseYaml12Stream(text: string, source: string): JsonValue[] {
  const docs = parseYamlDocuments(text, { version: '1.2', schema: 'core', uniqueKeys: false, merge: true });
  const out: JsonValue[] = [];
  for (const d of docs) {
    if (d.errors.length > 0) throw new KustomizeError(`${source}: ${firstLine(d.errors[0]!.message)}`);
    out.push(toJson(d.toJS({ maxAliasCount: -1 }) as unknown));
  }
  return out;
}

function toJson(v: unknown): JsonValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) {
    const o: JsonObject = {};
    for (const [k, val] of v) o[String(k)] = toJson(val);
    return o;
  }
  if (v instanceof Date) return v.toISOString();
  if (isObject(v as JsonValue)) {
    const o: JsonObject = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) o[k] = toJson(val);
    return o;
  }
  return String(v);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}
