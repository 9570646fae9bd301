// JSON patch (RFC 6902), application/json-patch+json, as the apiserver applies it: with
// evanphx/json-patch v4, whose quirks clients meet on real clusters (`replace` of a missing
// object key adds it, a `test` of a missing key against null passes, `copy` from a missing key
// copies null) and whose error texts kubectl prints.
import { clone, deepEqual, isObject } from '../json.js';

/** An operation that does not apply (the apiserver answers 422). */
export class JsonPatchError extends Error {}
/** A body that is not a list of operations (the apiserver answers 400). */
export class JsonPatchDecodeError extends Error {}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';
const TEST_FAILED = 'test failed';

type Container = Record<string, unknown> | unknown[];

function fail(message: string, cause: string): never {
  throw new JsonPatchError(`${message}: ${cause}`);
}

function decodeKey(k: string): string {
  return k.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** strconv.Atoi, with Go's error text. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

function isContainer(v: unknown): v is Container {
  return Array.isArray(v) || isObject(v);
}

/** The container holding the last segment of `path`, and that segment; undefined when any step is missing. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(cur, decodeKey(part));
    } catch {
      return undefined;
    }
    if (!isContainer(next)) return undefined;
    cur = next;
  }
  return { con: cur, key: decodeKey(split[split.length - 1]!) };
}

/** A value of the container; undefined for a missing object key (not an error, as in the library). */
function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return con[key];
  const i = atoi(key);
  if (i >= con.length || i < 0) throw new Error(`Unable to access invalid index: ${i}: ${INVALID_INDEX}`);
  return con[i];
}

function add(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = value;
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  let i: number;
  try {
    i = atoi(key);
  } catch (e) {
    throw new Error(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = con.length + 1;
  if (i >= size || i < -size) throw new Error(`Unable to access invalid index: ${i}: ${INVALID_INDEX}`);
  con.splice(i < 0 ? i + size : i, 0, value);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!(key in con)) throw new Error(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete con[key];
    return;
  }
  const i = atoi(key);
  if (i >= con.length || i < -con.length) throw new Error(`Unable to access invalid index: ${i}: ${INVALID_INDEX}`);
  con.splice(i < 0 ? i + con.length : i, 1);
}

function wrapped(prefix: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof JsonPatchError) throw e;
    fail(prefix, (e as Error).message);
  }
}

function stringField(op: Record<string, unknown>, field: 'path' | 'from', verb: string): string {
  const v = op[field];
  if (typeof v === 'string') return v;
  // add, remove and copy report the bare ErrMissing; the others wrap the accessor's error.
  if (field === 'path' && (verb === 'add' || verb === 'remove' || verb === 'copy')) fail(`${verb} operation failed to decode path`, MISSING);
  const what = field === 'path' ? 'operation missing path field' : 'operation, missing from field';
  fail(`${verb} operation failed to decode ${field}`, `${what}: ${MISSING}`);
}

/** Parses a request body into operations (jsonpatch.DecodePatch). */
export function decodeJsonPatch(ops: unknown): Record<string, unknown>[] {
  if (!Array.isArray(ops)) {
    const what = isObject(ops) ? 'object' : typeof ops === 'string' ? 'string' : typeof ops === 'number' ? 'number' : typeof ops === 'boolean' ? 'bool' : 'null';
    throw new JsonPatchDecodeError(`json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch`);
  }
  return ops.map((o) => {
    if (!isObject(o)) throw new JsonPatchDecodeError(`json: cannot unmarshal ${Array.isArray(o) ? 'array' : typeof o} into Go value of type jsonpatch.Operation`);
    return o;
  });
}

export function applyJsonPatch(target: unknown, body: unknown): unknown {
  const ops = decodeJsonPatch(body);
  const doc = clone(target);
  if (!isContainer(doc)) throw new JsonPatchError('invalid document');
  for (const op of ops) {
    const kind = typeof op['op'] === 'string' ? op['op'] : 'unknown';
    const value = 'value' in op ? clone(op['value'] ?? null) : null;
    switch (kind) {
      case 'add': {
        const path = stringField(op, 'path', kind);
        const at = findObject(doc, path) ?? fail(`add operation does not apply: doc is missing path: "${path}"`, MISSING);
        wrapped(`error in add for path: '${path}'`, () => add(at.con, at.key, value));
        break;
      }
      case 'remove': {
        const path = stringField(op, 'path', kind);
        const at = findObject(doc, path) ?? fail(`remove operation does not apply: doc is missing path: "${path}"`, MISSING);
        wrapped(`error in remove for path: '${path}'`, () => remove(at.con, at.key));
        break;
      }
      case 'replace': {
        const path = stringField(op, 'path', kind);
        const at = findObject(doc, path) ?? fail(`replace operation does not apply: doc is missing path: ${path}`, MISSING);
        try {
          get(at.con, at.key);
        } catch {
          fail(`replace operation does not apply: doc is missing key: ${path}`, MISSING);
        }
        if (Array.isArray(at.con)) at.con[atoi(at.key)] = value;
        else at.con[at.key] = value;
        break;
      }
      case 'move': {
        const from = stringField(op, 'from', kind);
        const src = findObject(doc, from) ?? fail(`move operation does not apply: doc is missing from path: ${from}`, MISSING);
        let v: unknown;
        wrapped(`error in move for path: '${src.key}'`, () => {
          v = get(src.con, src.key);
          remove(src.con, src.key);
        });
        const path = stringField(op, 'path', kind);
        const dst = findObject(doc, path) ?? fail(`move operation does not apply: doc is missing destination path: ${path}`, MISSING);
        wrapped(`error in move for path: '${path}'`, () => add(dst.con, dst.key, v ?? null));
        break;
      }
      case 'copy': {
        const from = stringField(op, 'from', kind);
        const src = findObject(doc, from) ?? fail(`copy operation does not apply: doc is missing from path: ${from}`, MISSING);
        let v: unknown;
        wrapped(`error in copy for from: '${from}'`, () => (v = get(src.con, src.key)));
        const path = stringField(op, 'path', kind);
        const dst = findObject(doc, path) ?? fail(`copy operation does not apply: doc is missing destination path: ${path}`, MISSING);
        wrapped('error while adding value during copy', () => add(dst.con, dst.key, clone(v ?? null)));
        break;
      }
      case 'test': {
        const path = stringField(op, 'path', kind);
        const at = findObject(doc, path) ?? fail(`test operation does not apply: is missing path: ${path}`, MISSING);
        let v: unknown;
        wrapped(`error in test for path: '${path}'`, () => (v = get(at.con, at.key)));
        // A missing value equals only an explicit null (or absent) test value.
        const ok = v === undefined ? !('value' in op) || op['value'] === null : 'value' in op && deepEqual(v, op['value']);
        if (!ok) fail(`testing value ${path} failed`, TEST_FAILED);
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  }
  return doc;
}
