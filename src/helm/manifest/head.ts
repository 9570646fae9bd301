// The "head" of a rendered document (apiVersion, kind, metadata.name, metadata.annotations),
// decoded the way Helm decodes it: YAML to JSON, then encoding/json into a typed struct.
// encoding/json matches keys case-insensitively and rejects values of the wrong type.
import { formatFloatG } from '../gojson/index.js';
import { yamlToJson } from '../yaml/index.js';
import { fastHead } from './fast-head.js';

export interface SimpleHead {
  apiVersion: string;
  kind: string;
  metadata?: { name: string; annotations?: Record<string, string> };
}

export class HeadParseError extends Error {}

/** Parses a YAML document into a plain JSON-like value; errors read like go-yaml's. */
export type YamlToJson = (doc: string) => unknown;

/** sigs.k8s.io/yaml's YAMLToJSON (go-yaml v2 rules and error texts). */
export const defaultYamlToJson: YamlToJson = (doc) => {
  try {
    return yamlToJson(doc);
  } catch (e) {
    throw new HeadParseError(e instanceof Error ? e.message : String(e));
  }
};

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** Looks a struct field up as encoding/json does: exact name first, then case-insensitively. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  let found: unknown = undefined;
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) found = obj[k];
  return found;
}

/**
 * A string field. sigs.k8s.io/yaml converts YAML scalars to the target field's type before
 * decoding, so numbers and booleans become their text; other values are type errors.
 */
function str(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : formatFloatG(v, 32);
  throw new HeadParseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type string`);
}

/** Decodes the head of one document. Throws HeadParseError with Go's message. */
export function parseHead(doc: string, yamlToJson?: YamlToJson): SimpleHead {
  if (yamlToJson === undefined) {
    const fast = fastHead(doc);
    if (fast !== undefined) return fast;
  }
  return exactHead(doc, yamlToJson ?? defaultYamlToJson);
}

/** The head as Helm decodes it (go-yaml to JSON, then encoding/json into SimpleHead). */
export function exactHead(doc: string, yamlToJson: YamlToJson = defaultYamlToJson): SimpleHead {
  const v = yamlToJson(doc);
  const head: SimpleHead = { apiVersion: '', kind: '' };
  if (v === null || v === undefined) return head;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new HeadParseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type util.SimpleHead`);
  }
  const o = v as Record<string, unknown>;
  head.apiVersion = str(field(o, 'apiVersion'), 'SimpleHead.apiVersion');
  head.kind = str(field(o, 'kind'), 'SimpleHead.kind');
  const meta = field(o, 'metadata');
  if (meta !== undefined && meta !== null) {
    if (typeof meta !== 'object' || Array.isArray(meta)) {
      throw new HeadParseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(meta)} into Go struct field SimpleHead.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }`);
    }
    const m = meta as Record<string, unknown>;
    head.metadata = { name: str(field(m, 'name'), '.metadata.name') };
    const ann = field(m, 'annotations');
    if (ann !== undefined && ann !== null) {
      if (typeof ann !== 'object' || Array.isArray(ann)) {
        throw new HeadParseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(ann)} into Go struct field .metadata.annotations of type map[string]string`);
      }
      const out: Record<string, string> = {};
      for (const [k, val] of Object.entries(ann as Record<string, unknown>)) {
        out[k] = str(val, '.metadata.annotations');
      }
      head.metadata.annotations = out;
    }
  }
  return head;
}
