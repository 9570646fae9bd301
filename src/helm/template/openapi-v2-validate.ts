// kubectl's client-side schema validation (kube-openapi pkg/util/proto and its validation
// package), used by helm's KubeClient.Build for kinds the server does not validate itself:
// the OpenAPI v2 definitions become models (kinds, maps, arrays, primitives, references), the
// object is walked against its kind's model with keys in sorted order, and the errors read as
// kubectl's: `ValidationError(Widget.spec.size): invalid type for com.example.v1.WidgetSpec.size:
// got "string", expected "integer"`.
import { GoNumber } from '../../gotemplate/value.js';

type Model =
  | { t: 'kind'; path: string; fields: Map<string, Model>; required: string[] }
  | { t: 'map'; path: string; sub: Model }
  | { t: 'array'; path: string; sub: Model }
  | { t: 'primitive'; path: string; type: string }
  | { t: 'ref'; path: string; name: string }
  | { t: 'arbitrary'; path: string };

type RawSchema = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** proto.Definitions.ParseSchema over a JSON v2 schema. */
function parseSchema(s: RawSchema, path: string): Model {
  const ref = s.$ref;
  if (typeof ref === 'string' && ref !== '') return { t: 'ref', path, name: ref.replace(/^#\/definitions\//, '') };
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type.filter((x): x is string => typeof x === 'string') : [];
  const kind = (): Model => {
    const fields = new Map<string, Model>();
    for (const [name, sub] of Object.entries(isRecord(s.properties) ? s.properties : {})) fields.set(name, parseSchema(isRecord(sub) ? sub : {}, `${path}.${name}`));
    const required = Array.isArray(s.required) ? s.required.filter((x): x is string => typeof x === 'string') : [];
    return { t: 'kind', path, fields, required };
  };
  const map = (): Model => {
    const ap = s.additionalProperties;
    return { t: 'map', path, sub: isRecord(ap) ? parseSchema(ap, path) : { t: 'arbitrary', path } };
  };
  if (types.length === 0) {
    if (s.properties !== undefined) return kind();
    if (s.additionalProperties !== undefined) return map();
    return { t: 'arbitrary', path };
  }
  if (types.length > 1) return { t: 'arbitrary', path };
  if (types[0] === 'object') return s.properties !== undefined ? kind() : map();
  if (types[0] === 'array') {
    const items = Array.isArray(s.items) ? s.items[0] : s.items;
    return { t: 'array', path, sub: isRecord(items) ? parseSchema(items, path) : { t: 'arbitrary', path } };
  }
  return { t: 'primitive', path, type: types[0]! };
}

/** The models of an OpenAPI v2 document, found by the kinds their x-kubernetes-group-version-kind names. */
export class OpenApiV2Models {
  private readonly models = new Map<string, Model>();
  private readonly byGvk = new Map<string, string>();

  constructor(private readonly definitions: Record<string, RawSchema>) {
    for (const [name, def] of Object.entries(definitions)) {
      const gvks = def['x-kubernetes-group-version-kind'];
      for (const g of Array.isArray(gvks) ? gvks : []) {
        if (!isRecord(g)) continue;
        this.byGvk.set(gvkKey({ group: String(g.group ?? ''), version: String(g.version ?? ''), kind: String(g.kind ?? '') }), name);
      }
    }
  }

  static fromDocument(doc: unknown): OpenApiV2Models {
    const defs = isRecord(doc) && isRecord(doc.definitions) ? doc.definitions : {};
    const out: Record<string, RawSchema> = {};
    for (const [k, v] of Object.entries(defs)) if (isRecord(v)) out[k] = v;
    return new OpenApiV2Models(out);
  }

  model(name: string): Model | undefined {
    let m = this.models.get(name);
    if (m === undefined) {
      const def = this.definitions[name];
      if (def === undefined) return undefined;
      m = parseSchema(def, name);
      this.models.set(name, m);
    }
    return m;
  }

  /** LookupResource: the model of a kind, if the document describes it. */
  resource(gvk: Gvk): Model | undefined {
    const name = this.byGvk.get(gvkKey(gvk));
    return name === undefined ? undefined : this.model(name);
  }
}

function gvkKey(g: Gvk): string {
  return `${g.group}/${g.version}/${g.kind}`;
}

/**
 * The kind of a value as apimachinery's json.Unmarshal gives it: whole numbers become int64
 * ("integer"), others float64 ("number").
 */
function kindOf(v: unknown): 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'map' | 'nil' | 'other' {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'bigint') return 'integer';
  if (v instanceof GoNumber) return typeof v.value === 'bigint' || Number.isInteger(v.value) ? 'integer' : 'number';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'map';
  return 'other';
}

const q = (s: string): string => JSON.stringify(s);
const validationError = (path: string, why: string): string => `ValidationError(${path}): ${why}`;
const invalidType = (path: string, actual: string, expected: string): string => `invalid type for ${path}: got ${q(actual)}, expected ${q(expected)}`;
const objectType = (type: string, path: string): string => `unknown object type ${q(type)} in ${path}`;

/** ValidateModel: kubectl's errors for `obj` against `model`, the root path named `name`. */
export function validateModel(obj: unknown, model: Model, name: string, models: OpenApiV2Models): string[] {
  const errors: string[] = [];
  const resolve = (m: Model): Model | undefined => {
    let cur: Model | undefined = m;
    for (let guard = 0; cur !== undefined && cur.t === 'ref' && guard < 100; guard++) cur = models.model(cur.name);
    return cur;
  };
  const visit = (v: unknown, m: Model, path: string): void => {
    const schema = resolve(m);
    if (schema === undefined || schema.t === 'arbitrary') return;
    const kind = kindOf(v);
    if (kind === 'nil') {
      errors.push(objectType('nil', path));
      return;
    }
    if (kind === 'map') {
      const map = v as Record<string, unknown>;
      const keys = Object.keys(map).sort();
      if (schema.t === 'primitive') errors.push(validationError(path, invalidType(schema.path, 'map', schema.type)));
      else if (schema.t === 'array') errors.push(validationError(path, invalidType(schema.path, 'map', 'array')));
      else if (schema.t === 'map') {
        for (const k of keys) visit(map[k], schema.sub, `${path}.${k}`);
      } else if (schema.t === 'kind') {
        for (const k of keys) {
          if (map[k] === null || map[k] === undefined) continue;
          const field = schema.fields.get(k);
          if (field === undefined) {
            errors.push(validationError(path, `unknown field ${q(k)} in ${schema.path}`));
            continue;
          }
          visit(map[k], field, `${path}.${k}`);
        }
        for (const r of schema.required) {
          if (map[r] === null || map[r] === undefined) errors.push(validationError(path, `missing required field ${q(r)} in ${schema.path}`));
        }
      }
      return;
    }
    if (kind === 'array') {
      const arr = v as unknown[];
      if (schema.t === 'primitive') errors.push(validationError(path, invalidType(schema.path, 'array', schema.type)));
      else if (schema.t === 'map' || schema.t === 'kind') errors.push(validationError(path, invalidType(schema.path, 'array', 'map')));
      else if (schema.t === 'array') {
        arr.forEach((item, i) => {
          const p = `${path}[${i}]`;
          if (item === null || item === undefined) errors.push(validationError(path, objectType('nil', p)));
          else visit(item, schema.sub, p);
        });
      }
      return;
    }
    if (kind === 'other') {
      errors.push(objectType(typeof v, path));
      return;
    }
    // A primitive value.
    if (schema.t === 'array') errors.push(validationError(path, invalidType(schema.path, kind, 'array')));
    else if (schema.t === 'map' || schema.t === 'kind') errors.push(validationError(path, invalidType(schema.path, kind, 'map')));
    else if (schema.t === 'primitive') {
      const ok =
        schema.type === 'string' ||
        (schema.type === 'boolean' && kind === 'boolean') ||
        ((schema.type === 'integer' || schema.type === 'number') && (kind === 'integer' || kind === 'number'));
      if (!ok) errors.push(validationError(path, invalidType(schema.path, kind, schema.type)));
    }
  };
  visit(obj, model, name);
  return errors;
}

/** utilerrors.NewAggregate(...).Error(): one message, or `[a, b]` without repeats. */
export function aggregateMessage(messages: string[]): string {
  const seen: string[] = [];
  for (const m of messages) if (!seen.includes(m)) seen.push(m);
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}
