// The functions every template has (Go's text/template builtins): and, or, not, len, index,
// slice, print, printf, println, html, js, urlquery, eq, ne, lt, le, gt, ge, call.
// `and`, `or` and `call` are evaluated specially by the executor; their entries here carry the
// signatures used for argument-count errors.

import { compareGoStrings, formatDeref, sprint, sprintf, sprintln } from './fmt.js';
import { byteLength, isPrint, utf8Bytes } from './quote.js';
import { GoFuncError, GoNamedMap, GoNumber, GoStruct, isGoMap, isNilCollection, isTrue, mapElemZero, nilSlice, ownKeys, sliceType, typeOf, typedSlice } from './value.js';
import type { FuncMap, GoFunc, GoValue } from './value.js';

function truth(v: GoValue): boolean {
  return isTrue(v);
}

const UNSIGNED_KINDS = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

function isValid(v: GoValue): boolean {
  return v !== undefined && v !== null;
}

// ---- indexing -----------------------------------------------------------------------------

function indexArg(index: GoValue, cap: number): number {
  let x: bigint;
  if (typeof index === 'bigint') x = index;
  else if (index instanceof GoNumber && typeof index.value === 'bigint') x = index.value;
  else if (!isValid(index)) throw new GoFuncError('cannot index slice/array with nil');
  else throw new GoFuncError(`cannot index slice/array with type ${typeOf(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new GoFuncError(`index out of range: ${x}`);
  return Number(x);
}

function isAsciiOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (!isValid(item)) throw new GoFuncError('index of untyped nil');
  let cur: GoValue = item;
  for (const idx of indexes) {
    if (cur === null || cur === undefined) throw new GoFuncError('index of nil pointer');
    if (typeof cur === 'string') {
      const bytes = isAsciiOnly(cur) ? null : utf8Bytes(cur);
      const len = bytes ? bytes.length : cur.length;
      const x = indexArg(idx, len);
      if (x >= len) throw new GoFuncError('reflect: string index out of range');
      cur = new GoNumber('uint8', BigInt(bytes ? bytes[x]! : cur.charCodeAt(x)));
    } else if (Array.isArray(cur)) {
      const x = indexArg(idx, cur.length);
      if (x >= cur.length) throw new GoFuncError('reflect: slice index out of range');
      cur = cur[x];
      // An element of []interface{} that is a nil interface stays a nil.
      if (cur === undefined) cur = null;
    } else if (cur instanceof Uint8Array) {
      const x = indexArg(idx, cur.length);
      if (x >= cur.length) throw new GoFuncError('reflect: slice index out of range');
      cur = new GoNumber('uint8', BigInt(cur[x]!));
    } else if (isGoMap(cur) || cur instanceof GoNamedMap) {
      if (!isValid(idx)) throw new GoFuncError('value is nil; should be of type string');
      if (typeof idx !== 'string') throw new GoFuncError(`value has type ${typeOf(idx)}; should be string`);
      const m = cur as Record<string, GoValue>;
      cur = Object.hasOwn(m, idx) ? (m[idx] ?? null) : mapElemZero(cur);
    } else {
      throw new GoFuncError(`can't index item of type ${derefType(cur)}`);
    }
  }
  return cur;
}

/** The type name after Go's indirect(): a pointer to a struct names the struct. */
function derefType(v: GoValue): string {
  if (v instanceof GoStruct && v.goType.startsWith('*')) return v.goType.slice(1);
  return typeOf(v);
}

function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (!isValid(item)) throw new GoFuncError('slice of untyped nil');
  if (indexes.length > 3) throw new GoFuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  let bytes: Uint8Array | null = null;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new GoFuncError('cannot 3-index slice a string');
    if (!isAsciiOnly(item)) bytes = utf8Bytes(item);
    len = bytes ? bytes.length : item.length;
  } else if (Array.isArray(item) || item instanceof Uint8Array) {
    len = item.length;
  } else {
    throw new GoFuncError(`can't slice item of type ${typeOf(item)}`);
  }
  const idx = [0, len, 0];
  indexes.forEach((v, i) => {
    idx[i] = indexArg(v, len);
  });
  if (idx[0]! > idx[1]!) throw new GoFuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new GoFuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  const [i, j] = [idx[0]!, idx[1]!];
  if (typeof item === 'string') return bytes ? new TextDecoder().decode(bytes.subarray(i, j)) : item.slice(i, j);
  if (item instanceof Uint8Array) return item.slice(i, j);
  const type = sliceType(item);
  // Slicing a nil slice keeps its nil data pointer.
  if (isNilCollection(item)) return nilSlice(type);
  const out = item.slice(i, j);
  return type === '[]interface {}' ? out : typedSlice(out, type);
}

function length(item: GoValue): GoValue {
  if (item === null) throw new GoFuncError('len of nil pointer');
  if (item === undefined) throw new GoFuncError('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return BigInt(byteLength(item));
  if (Array.isArray(item) || item instanceof Uint8Array) return BigInt(item.length);
  if (isGoMap(item)) return BigInt(Object.keys(item).length);
  if (item instanceof GoNamedMap) return BigInt(ownKeys(item).length);
  throw new GoFuncError(`len of type ${derefType(item)}`);
}

// ---- comparison ---------------------------------------------------------------------------

const enum Kind {
  Invalid,
  Bool,
  Int,
  Float,
  String,
  Uint,
}

function basicKind(v: GoValue): Kind {
  switch (typeof v) {
    case 'boolean':
      return Kind.Bool;
    case 'number':
      return Kind.Float;
    case 'bigint':
      return Kind.Int;
    case 'string':
      return Kind.String;
  }
  if (v instanceof GoNumber) {
    if (v.kind === 'float32') return Kind.Float;
    return UNSIGNED_KINDS.has(v.kind) ? Kind.Uint : Kind.Int;
  }
  return Kind.Invalid;
}

function intOf(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  return BigInt((v as GoNumber).value);
}

function floatOf(v: GoValue): number {
  if (typeof v === 'number') return v;
  return Number((v as GoNumber).value);
}

/** reflect.Kind name used to decide whether two non-basic values can be compared. */
function reflectKind(v: GoValue): string {
  if (!isValid(v)) return 'invalid';
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoNamedMap) return 'map';
  if (v instanceof GoStruct) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  if (isGoMap(v)) return 'map';
  return typeof v;
}

function incompatible(a: GoValue, b: GoValue): GoFuncError {
  return new GoFuncError(`incompatible types for comparison: ${typeOf(a)} and ${typeOf(b)}`);
}

function eq(arg1: GoValue, ...arg2: GoValue[]): GoValue {
  if (arg2.length === 0) throw new GoFuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of arg2) {
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === Kind.Int && k2 === Kind.Uint) t = intOf(arg1) >= 0n && intOf(arg1) === intOf(arg);
      else if (k1 === Kind.Uint && k2 === Kind.Int) t = intOf(arg) >= 0n && intOf(arg1) === intOf(arg);
      else if (isValid(arg1) && isValid(arg)) throw incompatible(arg1, arg);
    } else {
      switch (k1) {
        case Kind.Bool:
        case Kind.String:
          t = arg1 === arg;
          break;
        case Kind.Float:
          t = floatOf(arg1) === floatOf(arg);
          break;
        case Kind.Int:
        case Kind.Uint:
          t = intOf(arg1) === intOf(arg);
          break;
        default: {
          const r1 = reflectKind(arg1);
          const r2 = reflectKind(arg);
          if (!(r1 === r2 || r1 === 'invalid' || r2 === 'invalid')) {
            throw new GoFuncError(sprintf('non-comparable types %s: %s, %s: %v', [arg1, typeOf(arg1), typeOf(arg), arg]));
          }
          const nil1 = !isValid(arg1) || isNilCollection(arg1);
          const nil2 = !isValid(arg) || isNilCollection(arg);
          if (nil1 || nil2) t = nil1 === nil2;
          else {
            if (r2 === 'map' || r2 === 'slice') throw new GoFuncError(sprintf('non-comparable type %s: %s', [arg, typeOf(arg)]));
            t = r1 === 'struct' ? structEqual(arg1 as GoStruct, arg as GoStruct) : arg1 === arg;
          }
        }
      }
    }
    if (t) return true;
  }
  return false;
}

/** Go's == on struct values: same type and equal fields. */
function structEqual(a: GoStruct, b: GoStruct): boolean {
  if (a.goType !== b.goType) return false;
  const ra = a as unknown as Record<string, GoValue>;
  const rb = b as unknown as Record<string, GoValue>;
  for (const k of Object.keys(a)) {
    const x = ra[k];
    const y = rb[k];
    if (x instanceof GoNumber && y instanceof GoNumber) {
      if (x.kind !== y.kind || x.value !== y.value) return false;
    } else if (x instanceof GoStruct && y instanceof GoStruct && !x.goType.startsWith('*')) {
      if (!structEqual(x, y)) return false;
    } else if (x !== y) return false;
  }
  return true;
}

function lt(arg1: GoValue, arg2: GoValue): boolean {
  const k1 = basicKind(arg1);
  if (k1 === Kind.Invalid) throw new GoFuncError('invalid type for comparison');
  const k2 = basicKind(arg2);
  if (k2 === Kind.Invalid) throw new GoFuncError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === Kind.Int && k2 === Kind.Uint) return intOf(arg1) < 0n || intOf(arg1) < intOf(arg2);
    if (k1 === Kind.Uint && k2 === Kind.Int) return intOf(arg2) >= 0n && intOf(arg1) < intOf(arg2);
    throw incompatible(arg1, arg2);
  }
  switch (k1) {
    case Kind.Bool:
      throw new GoFuncError('invalid type for comparison');
    case Kind.Float:
      return floatOf(arg1) < floatOf(arg2);
    case Kind.String:
      return compareGoStrings(arg1 as string, arg2 as string) < 0;
    default:
      return intOf(arg1) < intOf(arg2);
  }
}

function le(a: GoValue, b: GoValue): boolean {
  return lt(a, b) || (eq(a, b) as boolean);
}

// ---- escaping -----------------------------------------------------------------------------

/** The text of html/js/urlquery arguments: Sprint with Go's printableValue on each. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  let out = '';
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = arg === null || arg === undefined || typeof arg === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += arg === null || arg === undefined ? '<no value>' : formatDeref(arg);
    prevString = isString;
  });
  return out;
}

export function htmlEscapeString(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  return s.replace(/['"&<>\0]/g, (c) => {
    switch (c) {
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '\uFFFD';
    }
  });
}

export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isPrint(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

// ---- the map ------------------------------------------------------------------------------

const V = 'reflect.Value' as const;
const I = 'interface {}' as const;

function fn(params: GoFunc['params'], variadic: GoFunc['variadic'], f: GoFunc['fn']): GoFunc {
  return variadic ? { params, variadic, fn: f } : { params, fn: f };
}

const unreachable = (): GoValue => {
  throw new Error('evaluated by the executor');
};

export const builtins: FuncMap = {
  and: fn([V], V, unreachable),
  or: fn([V], V, unreachable),
  call: fn([V], V, unreachable),
  not: fn([V], undefined, (a) => !truth(a)),
  len: fn([V], undefined, length),
  index: fn([V], V, index),
  slice: fn([V], V, slice),
  print: fn([], I, (...a) => sprint(...a)),
  printf: fn(['string'], I, (f, ...a) => sprintf(f as string, a)),
  println: fn([], I, (...a) => sprintln(...a)),
  html: fn([], I, (...a) => htmlEscapeString(evalArgs(a))),
  js: fn([], I, (...a) => jsEscapeString(evalArgs(a))),
  urlquery: fn([], I, (...a) => queryEscape(evalArgs(a))),
  eq: fn([V], V, eq),
  ne: fn([V, V], undefined, (a, b) => !eq(a, b)),
  lt: fn([V, V], undefined, lt),
  le: fn([V, V], undefined, le),
  gt: fn([V, V], undefined, (a, b) => !le(a, b)),
  ge: fn([V, V], undefined, (a, b) => !lt(a, b)),
};
