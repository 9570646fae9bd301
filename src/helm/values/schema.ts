// values.schema.json validation as Helm 4 does it (santhosh-tekuri/jsonschema v6 under
// chartutil.ValidateAgainstSchema), with ajv as the validator and its errors reworded into
// Helm's output:
//   values don't meet the specifications of the schema(s) in the following chart(s):
//   mychart:
//   - at '/replicaCount': got string, want integer
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { GoNumber, isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import type { Chart } from '../chart/types.js';
import { decodeFirst } from '../gojson/unmarshal.js';
import { goT } from './gofmt.js';

// ajv and ajv-formats are CommonJS; load them the way Node resolves them.
const require = createRequire(import.meta.url);

type AjvCtor = new (opts: Record<string, unknown>) => {
  compile(schema: unknown): ValidateFunction;
};

function ajvFor(draft: 'draft-07' | '2019-09' | '2020-12', assertFormats: boolean): { compile(schema: unknown): ValidateFunction } {
  const mod =
    draft === '2020-12' ? (require('ajv/dist/2020') as { default: AjvCtor }) : draft === '2019-09' ? (require('ajv/dist/2019') as { default: AjvCtor }) : (require('ajv') as { default: AjvCtor });
  const ajv = new mod.default({ allErrors: true, verbose: true, strict: false, validateFormats: assertFormats, validateSchema: false });
  if (assertFormats) (require('ajv-formats') as { default: (a: unknown) => void }).default(ajv);
  return ajv;
}

/** Which draft a schema declares; santhosh-tekuri defaults to 2020-12. Formats are only
 * asserted for the drafts before 2019-09, as that library does. */
function draftOf(schema: unknown): { draft: 'draft-07' | '2019-09' | '2020-12'; assertFormats: boolean } {
  const s = schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>)['$schema'] : undefined;
  if (typeof s === 'string') {
    if (s.includes('2019-09')) return { draft: '2019-09', assertFormats: false };
    if (/draft-0[4-7]/.test(s)) return { draft: 'draft-07', assertFormats: true };
  }
  return { draft: '2020-12', assertFormats: false };
}

/** Numbers as golang.org/x/text's message printer shows them: grouped thousands. */
function groupNumber(n: number): string {
  const s = String(n);
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const [int, frac] = s.split('.');
  const neg = int!.startsWith('-');
  const digits = neg ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}

function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
  }
  return 'object';
}

function quoteValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return groupNumber(v);
  return JSON.stringify(v);
}

// The order santhosh-tekuri evaluates keywords in, so messages come out in Helm's order.
const KEYWORD_RANK = [
  '$ref', '$dynamicRef', 'type', 'enum', 'const', 'format',
  'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf',
  'maxLength', 'minLength', 'pattern', 'contentEncoding', 'contentMediaType',
  'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxContains', 'minContains', 'items', 'prefixItems', 'additionalItems',
  'maxProperties', 'minProperties', 'required', 'dependentRequired', 'dependencies', 'properties', 'patternProperties',
  'additionalProperties', 'propertyNames', 'dependentSchemas',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'false schema',
];

function rank(token: string): number {
  const i = KEYWORD_RANK.indexOf(token);
  return i < 0 ? KEYWORD_RANK.length : i;
}

function compareSchemaPaths(a: string, b: string): number {
  const ta = a.replace(/^#\/?/, '').split('/');
  const tb = b.replace(/^#\/?/, '').split('/');
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    if (ta[i] === tb[i]) continue;
    const prev = i > 0 ? ta[i - 1] : undefined;
    // Names under properties compare by name: Helm's validator ranges over a Go map there, so
    // its order is random; name order is one of its orders, and a stable one.
    if (prev === 'properties' || prev === 'patternProperties' || prev === '$defs' || prev === 'definitions') return ta[i]! < tb[i]! ? -1 : 1;
    if (/^\d+$/.test(ta[i]!) && /^\d+$/.test(tb[i]!)) return Number(ta[i]) - Number(tb[i]);
    const r = rank(ta[i]!) - rank(tb[i]!);
    if (r !== 0) return r;
    return ta[i]! < tb[i]! ? -1 : 1;
  }
  return ta.length - tb.length;
}

/**
 * santhosh-tekuri's error tree: each failing schema object at an instance location is a node;
 * a node with one cause prints as that cause, with several as "validation failed" and its
 * causes indented below; anyOf/oneOf print their failed branches below them. A failing type,
 * const or enum stops the other checks of its schema object.
 */
interface Cause {
  at: string;
  /** Sort key: the schema path of the keyword or subschema. */
  schemaPath: string;
  message: string;
  children: Cause[];
}

interface SchemaNode {
  at: string;
  schemaObj: string;
  keywords: Array<{ keyword: string; schemaPath: string; message: string }>;
  children: SchemaNode[];
  /** Set for the subschema branches of anyOf/oneOf. */
  combinator?: { keyword: string; message: string; schemaPath: string; branches: SchemaNode[] };
}

const STOPPERS = ['type', 'const', 'enum'];

function splitSchemaPath(schemaPath: string): string[] {
  return schemaPath.replace(/^#\/?/, '').split('/').filter((x) => x !== '');
}

function joinSchemaPath(parts: string[]): string {
  return parts.length === 0 ? '#' : `#/${parts.join('/')}`;
}

/** Where a subschema hangs in its parent: how many path segments to strip, and how the instance changes. */
function parentOf(parts: string[]): { parent: string[]; combinator?: string } | undefined {
  if (parts.length === 0) return undefined;
  const last = parts[parts.length - 1]!;
  const prev = parts[parts.length - 2];
  if (prev === 'anyOf' || prev === 'oneOf' || prev === 'allOf') return { parent: parts.slice(0, -2), combinator: prev };
  if (prev === 'properties' || prev === 'patternProperties' || prev === 'prefixItems' || prev === 'dependentSchemas' || prev === '$defs' || prev === 'definitions') {
    return { parent: parts.slice(0, -2) };
  }
  if (['items', 'additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems'].includes(last)) {
    return { parent: parts.slice(0, -1) };
  }
  return { parent: parts.slice(0, -1) };
}

function parentInstance(at: string, parts: string[]): string {
  const prev = parts[parts.length - 2];
  const last = parts[parts.length - 1];
  const descends = prev === 'properties' || prev === 'patternProperties' || prev === 'prefixItems' || last === 'items' || last === 'additionalProperties' || last === 'additionalItems';
  return descends ? at.slice(0, at.lastIndexOf('/')) : at;
}

function buildTree(errors: ErrorObject[]): Cause[] {
  const nodes = new Map<string, SchemaNode>();
  const node = (schemaObj: string, at: string): SchemaNode => {
    const id = `${schemaObj}\u0000${at}`;
    let n = nodes.get(id);
    if (n) return n;
    n = { at, schemaObj, keywords: [], children: [] };
    nodes.set(id, n);
    const parts = splitSchemaPath(schemaObj);
    const up = parentOf(parts);
    if (up) {
      const parent = node(joinSchemaPath(up.parent), parentInstance(at, parts));
      if (up.combinator === 'anyOf' || up.combinator === 'oneOf') {
        parent.combinator ??= { keyword: up.combinator, message: `'${up.combinator}' failed`, schemaPath: `${joinSchemaPath(up.parent)}/${up.combinator}`, branches: [] };
        parent.combinator.branches.push(n);
      } else {
        parent.children.push(n);
      }
    }
    return n;
  };
  node('#', '');

  const grouped = new Map<string, { n: SchemaNode; keyword: string; schemaPath: string; names: string[] }>();
  for (const e of errors) {
    const parts = splitSchemaPath(e.schemaPath);
    const keyword = parts[parts.length - 1] ?? e.keyword;
    const n = node(joinSchemaPath(parts.slice(0, -1)), e.instancePath);
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'required' || e.keyword === 'additionalProperties') {
      const key = `${n.schemaObj}\u0000${n.at}\u0000${e.keyword}`;
      const g = grouped.get(key) ?? { n, keyword: e.keyword, schemaPath: e.schemaPath, names: [] };
      g.names.push(String(e.keyword === 'required' ? p['missingProperty'] : p['additionalProperty']));
      grouped.set(key, g);
      continue;
    }
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const passing = p['passingSchemas'] as number[] | null | undefined;
      const message = e.keyword === 'oneOf' && passing ? `'oneOf' failed, subschemas ${passing.join(', ')} matched` : `'${e.keyword}' failed`;
      n.combinator ??= { keyword: e.keyword, message, schemaPath: e.schemaPath, branches: [] };
      n.combinator.message = message;
      continue;
    }
    if (e.keyword === 'if') continue; // its then/else failures speak for it
    n.keywords.push({ keyword, schemaPath: e.schemaPath, message: reword(e) });
  }
  for (const g of grouped.values()) {
    const list = g.names.map((x) => `'${x}'`).join(', ');
    const message = g.keyword === 'required' ? (g.names.length === 1 ? `missing property ${list}` : `missing properties ${list}`) : `additional properties ${list} not allowed`;
    g.n.keywords.push({ keyword: g.keyword, schemaPath: g.schemaPath, message });
  }

  const causesOf = (n: SchemaNode): Cause[] => {
    const stopper = STOPPERS.map((k) => n.keywords.find((x) => x.keyword === k)).find((x) => x !== undefined);
    if (stopper) return [{ at: n.at, schemaPath: stopper.schemaPath, message: stopper.message, children: [] }];
    const out: Cause[] = n.keywords.map((k) => ({ at: n.at, schemaPath: k.schemaPath, message: k.message, children: [] }));
    for (const c of n.children) {
      const one = collapse(c);
      if (one) out.push(one);
    }
    if (n.combinator && n.combinator.message) {
      const branches = n.combinator.branches.map(collapse).filter((x): x is Cause => x !== undefined);
      out.push({ at: n.at, schemaPath: n.combinator.schemaPath, message: n.combinator.message, children: branches.sort((a, b) => compareSchemaPaths(a.schemaPath, b.schemaPath)) });
    }
    return out.sort((a, b) => compareSchemaPaths(a.schemaPath, b.schemaPath));
  };
  const collapse = (n: SchemaNode): Cause | undefined => {
    const causes = causesOf(n);
    if (causes.length === 0) return undefined;
    if (causes.length === 1) return causes[0];
    return { at: n.at, schemaPath: n.schemaObj, message: 'validation failed', children: causes };
  };
  return causesOf(nodes.get('#\u0000')!);
}

function printCauses(causes: Cause[], indent = ''): string[] {
  return causes.flatMap((c) => [`${indent}- at '${c.at}': ${c.message}`, ...printCauses(c.children, `${indent}  `)]);
}

function reword(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const data = e.data;
  switch (e.keyword) {
    case 'type': {
      const want = Array.isArray(p['type']) ? (p['type'] as string[]) : String(p['type']).split(',');
      return `got ${jsonType(data)}, want ${want.join(' or ')}`;
    }
    case 'enum': {
      const allowed = p['allowedValues'] as unknown[];
      return allowed.length === 1 ? `value must be ${quoteValue(allowed[0])}` : `value must be one of ${allowed.map(quoteValue).join(', ')}`;
    }
    case 'const':
      return `value must be ${quoteValue(p['allowedValue'])}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return `${e.keyword}: got ${groupNumber(Number(data))}, want ${groupNumber(Number(p['limit'] ?? p['multipleOf']))}`;
    case 'minLength':
    case 'maxLength':
      return `${e.keyword}: got ${groupNumber(Array.from(String(data)).length)}, want ${groupNumber(Number(p['limit']))}`;
    case 'minItems':
    case 'maxItems':
      return `${e.keyword}: got ${groupNumber((data as unknown[]).length)}, want ${groupNumber(Number(p['limit']))}`;
    case 'minProperties':
    case 'maxProperties':
      return `${e.keyword}: got ${groupNumber(Object.keys(data as object).length)}, want ${groupNumber(Number(p['limit']))}`;
    case 'pattern':
      return `'${String(data)}' does not match pattern '${String(p['pattern'])}'`;
    case 'format': {
      const reason = formatReason(String(p['format']), String(data));
      return `'${String(data)}' is not valid ${String(p['format'])}${reason ? `: ${reason}` : ''}`;
    }
    case 'uniqueItems':
      return `items at ${String(p['j'])} and ${String(p['i'])} are equal`;
    case 'not':
      return "'not' failed";
    case 'contains':
      return 'no items match contains schema';
    case 'false schema':
      return 'false schema';
  }
  return `${e.keyword}: ${e.message ?? 'invalid'}`;
}

/**
 * The reason santhosh-tekuri's format checkers give, for the checks we can word exactly;
 * other failures print without a reason.
 */
function formatReason(format: string, v: string): string {
  switch (format) {
    case 'email':
      if (!v.includes('@')) return 'missing @';
      if (v.endsWith('@')) return 'invalid domain: label must be 1 to 63 characters long';
      return '';
    case 'ipv4':
      return v.split('.').length !== 4 ? 'expected four decimals' : '';
    case 'uuid':
      return v.split('-').length !== 5 ? 'must have 5 elements' : '';
    case 'date-time':
      return v.length < 20 ? 'less than 20 characters long' : '';
    case 'hostname':
      return v.split('.').some((l) => l.startsWith('-')) ? 'label starts with hyphen' : '';
    case 'uri':
      if (v.startsWith(':')) return `parse ${JSON.stringify(v)}: missing protocol scheme`;
      return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) ? '' : 'relative url';
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (!m) return '';
      if (Number(m[2]) < 1 || Number(m[2]) > 12) return `parsing time ${JSON.stringify(v)}: month out of range`;
      if (Number(m[3]) < 1 || Number(m[3]) > 31) return `parsing time ${JSON.stringify(v)}: day out of range`;
      return '';
    }
  }
  return '';
}

/** Plain JSON data for the validator (GoNumber/bigint as numbers, maps as objects). */
function toJsonData(v: GoValue): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toJsonData);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof GoNumber) return Number(v.value);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toJsonData(v[k]);
    return out;
  }
  return {};
}

/** jsonschema.UnmarshalJSON: one JSON value (a json.Decoder), nothing after it. */
function readSchemaJson(text: string): unknown {
  const { value, end } = decodeFirst(text);
  const rest = text.slice(end).trimStart();
  if (rest !== '') throw new Error(`invalid character ${JSON.stringify(rest[0]).replace(/^"|"$/g, "'")} after top-level value`);
  return value;
}

// Compiled validators by schema text: a chart's schema is compiled once per process.
const compiled = new Map<string, ValidateFunction | Error>();

function compile(text: string): ValidateFunction | Error {
  let v = compiled.get(text);
  if (v === undefined) {
    try {
      const schema = readSchemaJson(text);
      const { draft, assertFormats } = draftOf(schema);
      try {
        v = ajvFor(draft, assertFormats).compile(schema);
      } catch (e) {
        const ref = /can't resolve reference (\S+)/.exec((e as Error).message);
        v = ref && ref[1]!.startsWith('#') ? new Error(`json-pointer in "file:///values.schema.json${ref[1]}" not found`) : (e as Error);
      }
    } catch (e) {
      v = e as Error;
    }
    compiled.set(text, v);
  }
  return v;
}

/** ValidateAgainstSingleSchema: "" when valid, else the "- at ..." lines ending in "\n". */
export function validateAgainstSingleSchema(values: GoMap, schemaJson: Uint8Array | string): string {
  const text = typeof schemaJson === 'string' ? schemaJson : new TextDecoder().decode(schemaJson);
  const validate = compile(text);
  // Errors other than validation failures carry no final newline in Helm's output.
  if (validate instanceof Error) return validate.message;
  const data = toJsonData(values);
  if (validate(data)) return '';
  const causes = buildTree((validate.errors ?? []).map((e) => ({ ...e, data: e.data ?? dataAt(data, e.instancePath) })));
  return printCauses(causes).join('\n') + '\n';
}

function dataAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** ValidateAgainstSchema: the chart's schema and, recursively, its subcharts' against their values. */
export function validateAgainstSchema(chart: Chart, values: GoMap): string {
  let sb = '';
  if (chart.schema) {
    const err = validateAgainstSingleSchema(values, chart.schema);
    if (err !== '') sb += `${chart.name()}:\n${err}`;
  }
  for (const sub of chart.dependencies()) {
    const raw = values[sub.name()];
    if (raw === undefined || raw === null) continue;
    if (!isGoMap(raw)) {
      sb += `${sub.name()}:\ninvalid type for values: expected object (map), got ${goT(raw)}\n`;
      continue;
    }
    sb += validateAgainstSchema(sub, raw);
  }
  return sb;
}

export class SchemaValidationError extends Error {
  constructor(detail: string) {
    super(`values don't meet the specifications of the schema(s) in the following chart(s):\n${detail}`);
    this.name = 'SchemaValidationError';
  }
}
