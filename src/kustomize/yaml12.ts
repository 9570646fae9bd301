// Reading YAML as kustomize does (kyaml, on go-yaml v3): YAML 1.2's core schema, so `yes`, `on`
// or `Y` stay strings, with go-yaml v3's integers (underscores dropped, `0x`, `0o`, `0b` and the
// YAML 1.1 octal `012`); each document becomes its JSON form.
import jsyaml from 'js-yaml';
import { parseAllDocuments as parseYamlDocuments, type ScalarTag, type Tags } from 'yaml';

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';

/** go-yaml v3's resolve: strconv.ParseInt(s without underscores, base 0). */
const goInt: ScalarTag = {
  tag: INT_TAG,
  default: true,
  test: /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/,
  resolve(str: string): number {
    const s = str.replaceAll('_', '');
    const neg = s.startsWith('-');
    const body = s.replace(/^[-+]/, '');
    let n: number;
    if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
    else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
    else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
    else if (body.length > 1 && body.startsWith('0')) n = parseInt(body.slice(1), 8);
    else n = parseInt(body, 10);
    return neg ? -n : n;
  },
};

/** go-yaml v3's float syntax (a digit string with a leading zero that is no octal is a float). */
const goFloat: ScalarTag = {
  tag: FLOAT_TAG,
  default: true,
  test: /^[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/,
  resolve: (str: string) => Number(str.replaceAll('_', '')),
};

function tags(defaults: Tags): Tags {
  // Ours first: the first tag whose test matches resolves the scalar.
  return [goInt, goFloat, ...defaults.filter((t) => (t as ScalarTag).tag !== INT_TAG)];
}
import { isObject, KustomizeError, type JsonObject, type JsonValue } from './resource.js';

/** go-yaml v3's resolution of a plain scalar decoded into interface{} (timestamps stay strings). */
function resolvePlain(s: string): JsonValue {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = s.charCodeAt(0);
  const numeric = (c >= 0x30 && c <= 0x39) || s[0] === '+' || s[0] === '-' || s[0] === '.';
  if (!numeric) return s;
  if (goInt.test!.test(s)) return goInt.resolve(s, () => {}, {}) as number;
  const plain = s.replaceAll('_', '');
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return Number(plain);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? '-Infinity' : 'Infinity';
  if (/^\.(nan|NaN|NAN)$/.test(s)) return 'NaN';
  return s;
}

const plainV3 = new jsyaml.Type('tag:flux-ts:kyaml-plain', { kind: 'scalar', resolve: () => true, construct: (data: string) => resolvePlain(data) });
const JS_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [plainV3] });
// Tags, merge keys and `:` before a flow indicator (where parsers disagree) take the careful path.
const RISKY = /!|<<|:[,\]}]/;

/** js-yaml with go-yaml v3's scalar resolution: several times faster than the careful path. */
function fastStream(text: string): JsonValue[] | undefined {
  if (RISKY.test(text)) return undefined;
  try {
    const docs: JsonValue[] = [];
    jsyaml.loadAll(text, (d) => docs.push(toJson(d)), { schema: JS_SCHEMA, json: true });
    return docs;
  } catch {
    return undefined;
  }
}

export function parseYaml12Stream(text: string, source: string): JsonValue[] {
  const fast = fastStream(text);
  if (fast) return fast;
  const docs = parseYamlDocuments(text, { version: '1.2', schema: 'core', customTags: tags, uniqueKeys: false, merge: true });
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
