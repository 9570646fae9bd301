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

/** Applies the operations to a copy of `target`. */
export function applyJson6902(target: JsonObject, ops: readonly Operation[]): JsonObject {
  const doc = structuredClone(target);
  try {
    const res = fastJsonPatch.applyPatch(doc, structuredClone(ops as Operation[]), true, true, true);
    const out = res.newDocument as JsonValue;
    if (!isObject(out)) throw new KustomizeError(`JSON 6902 patch on ${describe(target)} does not leave an object`);
    return out;
  } catch (e) {
    if (e instanceof KustomizeError) throw e;
    const err = e as { name?: string; message?: string; operation?: Operation };
    // evanphx/json-patch's wording for a path that does not resolve.
    if (err.name === 'OPERATION_PATH_UNRESOLVABLE' && err.operation) {
      throw new KustomizeError(`${describe(target)}: ${err.operation.op} operation does not apply: doc is missing path: ${err.operation.path}: missing value`);
    }
    throw new KustomizeError(`${describe(target)}: JSON 6902 patch failed: ${firstLine(err.message ?? String(e))}`);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}
