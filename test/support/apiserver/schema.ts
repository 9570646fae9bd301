// Structural OpenAPI v3 schemas of custom resources: defaulting, pruning of unknown fields and
// validation, as apiextensions-apiserver applies them to every write.
import { clone, isObject } from './json.js';
import { type FieldError, goValue, invalidField, notSupportedField, requiredField } from './status.js';

export interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: unknown[];
}

/** The metadata fields ObjectMeta knows; anything else is dropped (or rejected under Strict). */
export const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

function childSchema(schema: JsonSchema, key: string): JsonSchema | undefined {
  if (schema.properties && key in schema.properties) return schema.properties[key];
  if (isObject(schema.additionalProperties)) return schema.additionalProperties as JsonSchema;
  return undefined;
}

/** Fills absent (or null, when not nullable) fields that declare a `default`. */
export function applyDefaults(value: unknown, schema: JsonSchema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  if (schema.properties) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      const cur = value[key];
      if (sub.default !== undefined && (cur === undefined || (cur === null && !sub.nullable))) value[key] = clone(sub.default);
      applyDefaults(value[key], sub);
    }
  }
  if (isObject(schema.additionalProperties)) {
    const sub = schema.additionalProperties as JsonSchema;
    for (const key of Object.keys(value)) if (!schema.properties || !(key in schema.properties)) applyDefaults(value[key], sub);
  }
}

/**
 * Removes fields the schema does not declare (unless x-kubernetes-preserve-unknown-fields).
 * Returns the dotted paths removed, for the unknown-field warnings and Strict errors.
 */
export function prune(value: unknown, schema: JsonSchema | undefined, path: string, root = false): string[] {
  const removed: string[] = [];
  if (!schema) return removed;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => removed.push(...prune(item, schema.items, `${path}[${i}]`)));
    return removed;
  }
  if (!isObject(value)) return removed;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(value)) {
    const p = path ? `${path}.${key}` : key;
    if ((root || embedded) && (key === 'apiVersion' || key === 'kind')) continue;
    if ((root || embedded) && key === 'metadata') {
      removed.push(...pruneMetadata(value[key], p));
      continue;
    }
    const sub = childSchema(schema, key);
    if (sub) {
      removed.push(...prune(value[key], sub, p));
    } else if (schema.additionalProperties === true || preserve) {
      continue;
    } else {
      delete value[key];
      removed.push(p);
    }
  }
  return removed;
}

export function pruneMetadata(meta: unknown, path: string): string[] {
  const removed: string[] = [];
  if (!isObject(meta)) return removed;
  for (const key of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.has(key)) {
      delete meta[key];
      removed.push(`${path}.${key}`);
    }
  }
  return removed;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, schema: JsonSchema): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (schema.type) {
    case undefined:
      return true;
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    default:
      return true;
  }
}

/** Validates against the schema; messages follow kube-openapi's wording. */
export function validate(value: unknown, schema: JsonSchema | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!schema) return errs;
  if (value === null) {
    if (!schema.nullable && schema.type) {
      errs.push(invalidField(path, 'null', `${path} in body must be of type ${schema.type}: "null"`));
    }
    return errs;
  }
  if (!typeMatches(value, schema)) {
    const t = typeName(value);
    errs.push(invalidField(path, t, `${path} in body must be of type ${schema.type}: "${t}"`));
    return errs;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    errs.push(notSupportedField(path, value, schema.enum));
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      errs.push({ field: path, type: 'FieldValueTooLong', text: `Too long: may not be more than ${schema.maxLength} bytes` });
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errs.push(invalidField(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
    }
    if (schema.pattern !== undefined && !safeRegExp(schema.pattern).test(value)) {
      errs.push(invalidField(path, value, `${path} in body should match '${schema.pattern}'`));
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      errs.push(invalidField(path, value, `${path} in body should be greater than or equal to ${schema.minimum}`));
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errs.push(invalidField(path, value, `${path} in body should be less than or equal to ${schema.maximum}`));
    }
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errs.push({ field: path, type: 'FieldValueTooLong', text: `Too many: ${value.length}: must have at most ${schema.maxItems} items` });
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errs.push(invalidField(path, goValue(value), `${path} in body should have at least ${schema.minItems} items`));
    }
    if (schema.items) value.forEach((item, i) => errs.push(...validate(item, schema.items, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    for (const req of schema.required ?? []) {
      if (value[req] === undefined) errs.push(requiredField(path ? `${path}.${req}` : req));
    }
    for (const [key, v] of Object.entries(value)) {
      if (path === '' && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
      const sub = childSchema(schema, key);
      if (sub) errs.push(...validate(v, sub, path ? `${path}.${key}` : key));
    }
  }
  return errs;
}

const regexCache = new Map<string, RegExp>();

/** Go RE2 patterns are mostly valid JS patterns; an invalid one matches everything. */
function safeRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = /[\s\S]*/;
    }
    regexCache.set(pattern, re);
  }
  return re;
}

/** Follows a field path (`spec.chart.spec`) into the schema, for list keys and map types. */
export function schemaAt(schema: JsonSchema | undefined, path: readonly string[]): JsonSchema | undefined {
  let cur = schema;
  for (const seg of path) {
    if (!cur) return undefined;
    if (seg === '[]') cur = cur.items;
    else cur = childSchema(cur, seg);
  }
  return cur;
}
