// RFC 6902 JSON patches, as kustomize applies them (evanphx/json-patch on the object's JSON form):
// add, remove, replace, move, copy and test, each failing when its path does not resolve.
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { describe, isObject, KustomizeError, type JsonObject, type JsonValue } from './resource.js';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Validates the decoded patch document: a list of operation objects. */
export function toOperations(doc: JsonValue[]): Operation[] {
  return doc.map((op, i) => {
    if (!isObject(op)) throw new KustomizeError(`JSON 6902 patch operation ${i} is not an object`);
    if (typeof op.op !== 'string' || !OPS.has(op.op)) throw new KustomizeError(`JSON 6902 patch operation ${i}: unknown op ${JSON.stringify(op.op ?? null)}`);
    if (typeof op.path !== 'string') throw new KustomizeError(`JSON 6902 patch operation ${i} (${op.op}): path is missing`);
    if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string') throw new KustomizeError(`JSON 6902 patch operation ${i} (${op.op}): from is missing`);
    if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op)) throw new KustomizeError(`JSON 6902 patch operation ${i} (${op.op}): value is missing`);
    return op as unknown as Operation;
  });
}

/** Applies the operations to a copy of `target`, failing as evanphx/json-patch words it. */
export function applyJson6902(target: JsonObject, ops: readonly Operation[]): JsonObject {
  let doc: JsonValue = structuredClone(target);
  for (const op of ops) {
    const problem = precheck(doc, op);
    if (problem) throw new KustomizeError(`${describe(target)}: ${problem}`);
    try {
      doc = fastJsonPatch.applyOperation(doc, structuredClone(op), true, true, true).newDocument as JsonValue;
    } catch (e) {
      const err = e as { name?: string; message?: string };
      if (err.name === 'TEST_OPERATION_FAILED') throw new KustomizeError(`${describe(target)}: testing value ${op.path} failed: test failed`);
      throw new KustomizeError(`${describe(target)}: ${op.op} operation does not apply: ${firstLine(err.message ?? String(e))}`);
    }
  }
  if (!isObject(doc)) throw new KustomizeError(`JSON 6902 patch on ${describe(target)} does not leave an object`);
  return doc;
}

function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The value at a JSON pointer, or undefined when it does not resolve. */
function resolve(doc: JsonValue, path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = doc;
  for (const t of path) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(t)) return undefined;
      cur = cur[Number(t)];
    } else if (isObject(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function containerExists(doc: JsonValue, path: string[]): boolean {
  const parent = resolve(doc, path.slice(0, -1));
  return Array.isArray(parent) || isObject(parent);
}

/** evanphx/json-patch's message for an operation whose path does not resolve, if so. */
function precheck(doc: JsonValue, op: Operation): string | undefined {
  const path = tokens(op.path);
  const last = path[path.length - 1] ?? '';
  switch (op.op) {
    case 'add':
      return containerExists(doc, path) ? undefined : `add operation does not apply: doc is missing path: ${JSON.stringify(op.path)}: missing value`;
    case 'remove':
      return resolve(doc, path) !== undefined ? undefined : `error in remove for path: '${op.path}': Unable to remove nonexistent key: ${last}: missing value`;
    case 'replace':
      return resolve(doc, path) !== undefined ? undefined : `replace operation does not apply: doc is missing path: ${op.path}: missing value`;
    case 'move': {
      const from = tokens(op.from);
      const key = from[from.length - 1] ?? '';
      return resolve(doc, from) !== undefined ? undefined : `error in move for path: '${key}': Unable to remove nonexistent key: ${key}: missing value`;
    }
    case 'copy':
      return resolve(doc, tokens(op.from)) !== undefined ? undefined : `copy operation does not apply: doc is missing from path: ${op.from}: missing value`;
    default:
      return undefined;
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}
