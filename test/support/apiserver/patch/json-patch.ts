// JSON patch (RFC 6902), application/json-patch+json, with the apiserver's error wording.
import { clone, deepEqual, isObject } from '../json.js';

export class JsonPatchError extends Error {}

interface Op {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer: "${p}"`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function container(doc: unknown, parts: string[], path: string): { parent: unknown; key: string } {
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = Number(part);
      if (!Number.isInteger(i) || i < 0 || i >= cur.length) throw new JsonPatchError(`unable to find the path ${path}: index out of range`);
      cur = cur[i];
    } else if (isObject(cur)) {
      if (!(part in cur)) throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
      cur = cur[part];
    } else throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, key: parts[parts.length - 1]! };
}

function getAt(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const part of parsePointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = cur[part];
    else cur = undefined;
    if (cur === undefined) throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const parts = parsePointer(path);
  if (parts.length === 0) return clone(value);
  const { parent, key } = container(doc, parts, path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
    parent.splice(i, 0, clone(value));
  } else if (isObject(parent)) parent[key] = clone(value);
  else throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const parts = parsePointer(path);
  const { parent, key } = container(doc, parts, path);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new JsonPatchError(`unable to remove nonexistent key: ${key}: missing value`);
    parent.splice(i, 1);
  } else if (isObject(parent) && key in parent) delete parent[key];
  else throw new JsonPatchError(`unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(target);
  for (const raw of ops) {
    if (!isObject(raw)) throw new JsonPatchError('invalid operation');
    const op = raw as unknown as Op;
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, op.value);
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace': {
        getAt(doc, op.path);
        const parts = parsePointer(op.path);
        if (parts.length === 0) doc = clone(op.value);
        else {
          const { parent, key } = container(doc, parts, op.path);
          if (Array.isArray(parent)) parent[Number(key)] = clone(op.value);
          else (parent as Record<string, unknown>)[key] = clone(op.value);
        }
        break;
      }
      case 'move': {
        const v = getAt(doc, op.from ?? '');
        doc = remove(doc, op.from ?? '');
        doc = add(doc, op.path, v);
        break;
      }
      case 'copy':
        doc = add(doc, op.path, getAt(doc, op.from ?? ''));
        break;
      case 'test':
        if (!deepEqual(getAt(doc, op.path), op.value)) throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return doc;
}
