// Sprig's list functions. They accept any slice through reflection and return new
// []interface{} values; the must* variants return the error that the plain ones panic with
// (text/template reports both the same way).
import { nilSlice, sliceType, typedSlice, type FuncMap, type GoFunc, type GoValue } from '../../../../gotemplate/value.js';
import { intArg, toInt } from './cast.js';
import { deepEqual, isEmpty, listItems, reflectKind } from './reflect.js';

/** The items of a slice argument, or the Sprig error naming the operation and the kind. */
function itemsOf(v: GoValue, what: string): GoValue[] {
  const kind = reflectKind(v ?? null);
  const items = listItems(v ?? null);
  if (items === null) throw new Error(`${what} ${kind}`);
  return items;
}

function inList(haystack: GoValue[], needle: GoValue): boolean {
  return haystack.some((h) => deepEqual(needle, h));
}

export function first(v: GoValue): GoValue {
  const l = itemsOf(v, 'Cannot find first on type');
  return l.length === 0 ? null : l[0]!;
}

export function last(v: GoValue): GoValue {
  const l = itemsOf(v, 'Cannot find last on type');
  return l.length === 0 ? null : l[l.length - 1]!;
}

// rest and initial of an empty list return a nil slice.
export function rest(v: GoValue): GoValue[] {
  const l = itemsOf(v, 'Cannot find rest on type');
  return l.length === 0 ? nilSlice() : l.slice(1);
}

export function initial(v: GoValue): GoValue[] {
  const l = itemsOf(v, 'Cannot find initial on type');
  return l.length === 0 ? nilSlice() : l.slice(0, l.length - 1);
}

export function push(list: GoValue, v: GoValue): GoValue[] {
  return [...itemsOf(list, 'Cannot push on type'), v ?? null];
}

export function prepend(list: GoValue, v: GoValue): GoValue[] {
  return [v ?? null, ...itemsOf(list, 'Cannot prepend on type')];
}

export function reverse(v: GoValue): GoValue[] {
  return [...itemsOf(v, 'Cannot find reverse on type')].reverse();
}

export function compact(v: GoValue): GoValue[] {
  return itemsOf(v, 'Cannot compact on type').filter((x) => !isEmpty(x));
}

export function uniq(v: GoValue): GoValue[] {
  const out: GoValue[] = [];
  for (const x of itemsOf(v, 'Cannot find uniq on type')) if (!inList(out, x)) out.push(x);
  return out;
}

export function without(v: GoValue, omit: GoValue[]): GoValue[] {
  return itemsOf(v, 'Cannot find without on type').filter((x) => !inList(omit, x));
}

export function has(needle: GoValue, haystack: GoValue): boolean {
  if (haystack === null || haystack === undefined) return false;
  return inList(itemsOf(haystack, 'Cannot find has on type'), needle ?? null);
}

/** Sprig's slice: list[start:end] keeping the list's own type; an empty list gives nil. */
export function slice(list: GoValue, indices: GoValue[]): GoValue {
  const kind = reflectKind(list ?? null);
  const items = listItems(list ?? null);
  if (items === null) throw new Error(`list should be type of slice or array but ${kind}`);
  if (items.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt(indices[0]!)) : 0;
  const end = indices.length < 2 ? items.length : Number(toInt(indices[1]!));
  if (start < 0 || end < start || end > items.length) {
    throw new Error('reflect.Value.Slice: slice index out of bounds');
  }
  if (list instanceof Uint8Array) return list.slice(start, end);
  const arr = list as GoValue[];
  const out = arr.slice(start, end);
  const t = sliceType(arr);
  return t === '[]interface {}' ? out : typedSlice(out, t);
}

/** Sprig's concat appends to a nil slice, so nothing to append leaves it nil. */
export function concat(lists: GoValue[]): GoValue[] {
  const out: GoValue[] = nilSlice();
  for (const l of lists) {
    const kind = reflectKind(l ?? null);
    const items = listItems(l ?? null);
    if (items === null) throw new Error(`Cannot concat type ${kind} as list`);
    out.push(...items);
  }
  return out;
}

/** Sprig's chunk, with its float arithmetic: a size of 0 or below makes Go's make() panic. */
export function chunk(size: number, list: GoValue): GoValue[][] {
  const items = itemsOf(list, 'Cannot chunk type');
  const l = items.length;
  const bad = (): never => {
    throw new Error('runtime error: makeslice: len out of range');
  };
  // int(NaN) and int(±Inf) are MinInt64 on amd64, so those sizes fail in make() too.
  const cs = Math.floor((l - 1) / size) + 1;
  if (!Number.isFinite(cs) || cs < 0) bad();
  const out: GoValue[][] = [];
  for (let i = 0; i < cs; i++) {
    let clen = size;
    if (i === cs - 1) {
      const m = Math.floor(l % size);
      clen = m === 0 ? size : m;
    }
    if (clen < 0) bad();
    const c: GoValue[] = [];
    for (let j = 0; j < clen; j++) {
      const ix = i * size + j;
      if (ix >= items.length) throw new Error(`reflect: slice index out of range`);
      c.push(items[ix]!);
    }
    out.push(c);
  }
  return typedSlice(out, '[][]interface {}');
}

export function listFuncs(): FuncMap {
  const one = (f: (v: GoValue) => GoValue): GoFunc => ({ params: ['interface {}'], fn: (v) => f(v ?? null) });
  const two = (f: (a: GoValue, b: GoValue) => GoValue): GoFunc => ({
    params: ['interface {}', 'interface {}'],
    fn: (a, b) => f(a ?? null, b ?? null),
  });
  const withoutF: GoFunc = { params: ['interface {}'], variadic: 'interface {}', fn: (l, ...o) => without(l ?? null, o) };
  const sliceF: GoFunc = { params: ['interface {}'], variadic: 'interface {}', fn: (l, ...i) => slice(l ?? null, i) };
  const chunkF: GoFunc = { params: ['int', 'interface {}'], fn: (n, l) => chunk(intArg(n), l ?? null) };
  const listF: GoFunc = { params: [], variadic: 'interface {}', fn: (...v) => v.map((x) => x ?? null) };
  return {
    list: listF,
    tuple: listF,
    first: one(first),
    mustFirst: one(first),
    rest: one(rest),
    mustRest: one(rest),
    last: one(last),
    mustLast: one(last),
    initial: one(initial),
    mustInitial: one(initial),
    append: two(push),
    push: two(push),
    mustAppend: two(push),
    mustPush: two(push),
    prepend: two(prepend),
    mustPrepend: two(prepend),
    reverse: one(reverse),
    mustReverse: one(reverse),
    uniq: one(uniq),
    mustUniq: one(uniq),
    compact: one(compact),
    mustCompact: one(compact),
    without: withoutF,
    mustWithout: withoutF,
    has: two(has),
    mustHas: two(has),
    slice: sliceF,
    mustSlice: sliceF,
    concat: { params: [], variadic: 'interface {}', fn: (...ls) => concat(ls) },
    chunk: chunkF,
    mustChunk: chunkF,
  };
}
