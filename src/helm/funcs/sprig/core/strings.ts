// Sprig's string functions. Argument order follows Sprig (the subject string comes last so
// it can be piped in). Go indexes strings by byte, and so do these functions.
import { sliceType, typedSlice, type FuncMap, type GoFunc, type GoMap, type GoValue } from '../../../../gotemplate/value.js';
import { intArg } from './cast.js';
import { camelCase, deleteWhiteSpace, initials, swapCase, title, toLowerWords, untitle } from './casing.js';
import { compareGoStrings } from '../../../../gotemplate/fmt.js';
import { quoteString, sprintV, strval } from './format.js';
import {
  byteLen,
  byteSlice,
  checkSliceBounds,
  goToLower,
  goToUpper,
  replaceAll,
  splitN,
  trimCutset,
  trimSpace,
} from './gostrings.js';
import { listItems, typedMap } from './reflect.js';

const S = (v: GoValue): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : strval(v));

/** strings.Repeat, which panics on a negative count. */
export function repeat(s: string, count: number): string {
  if (count < 0) throw new Error('strings: negative Repeat count');
  return s.repeat(count);
}

/** goutils.AbbreviateFull; errors (width too small) yield "". */
export function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '') return '';
  if (maxWidth < 4) return '';
  const len = byteLen(s);
  if (len <= maxWidth) return s;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return byteSlice(s, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < len) return '...' + abbreviateFull(byteSlice(s, offset), 0, maxWidth - 3);
  return '...' + byteSlice(s, len - (maxWidth - 3));
}

export function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  return abbreviateFull(s, 0, width);
}

export function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  return abbreviateFull(s, left, right);
}

export function trunc(c: number, s: string): string {
  const len = byteLen(s);
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

/** Sprig's substring: start < 0 means s[:end]; end < 0 or past the end means s[start:]. */
export function substr(start: number, end: number, s: string): string {
  const len = byteLen(s);
  if (start < 0) {
    checkSliceBounds(len, undefined, end);
    return byteSlice(s, 0, end);
  }
  if (end < 0 || end > len) {
    checkSliceBounds(len, start, undefined);
    return byteSlice(s, start);
  }
  checkSliceBounds(len, start, end);
  return byteSlice(s, start, end);
}

/** goutils.WrapCustom over bytes: words are split at ' ', long words optionally cut. */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLong: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const b = Buffer.from(str, 'utf8');
  const len = b.length;
  const SP = 0x20;
  const parts: string[] = [];
  const text = (from: number, to: number): string => b.subarray(from, to).toString('utf8');
  let offset = 0;
  while (len - offset > wrapLength) {
    if (b[offset] === SP) {
      offset++;
      continue;
    }
    const end = Math.min(wrapLength + offset + 1, len);
    const at = b.subarray(offset, end).lastIndexOf(SP);
    if (at >= 0) {
      parts.push(text(offset, offset + at), newLine);
      offset = offset + at + 1;
    } else if (wrapLong) {
      parts.push(text(offset, offset + wrapLength), newLine);
      offset += wrapLength;
    } else {
      const idx = b.indexOf(SP, wrapLength + offset);
      if (idx >= 0) {
        parts.push(text(offset, idx), newLine);
        offset = idx + 1;
      } else {
        parts.push(text(offset, len));
        offset = len;
      }
    }
  }
  parts.push(text(offset, len));
  return parts.join('');
}

/** Sprig's strslice: a list of strings from any slice (nils dropped) or a single value. */
export function strslice(v: GoValue): string[] {
  if (v === null || v === undefined) return typedSlice([], '[]string');
  const items = listItems(v);
  if (items === null) return typedSlice([strval(v)], '[]string');
  // A []string is returned as is (the same backing array, as in Go).
  if (Array.isArray(v) && sliceType(v) === '[]string') return v as string[];
  const out: string[] = [];
  for (const item of items) if (item !== null && item !== undefined) out.push(strval(item));
  return typedSlice(out, '[]string');
}

function indent(spaces: number, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.replaceAll('\n', '\n' + pad);
}

/** split/splitn: map[string]string with keys _0, _1, ... */
function splitToMap(parts: string[] | null): GoMap {
  const res: GoMap = {};
  (parts ?? []).forEach((p, i) => (res['_' + i] = p));
  return typedMap(res, 'map[string]string');
}

/** All nil arguments dropped, the rest formatted with %v and joined by spaces. */
function cat(args: GoValue[]): string {
  return args
    .filter((a) => a !== null && a !== undefined)
    .map((a) => sprintV(a))
    .join(' ');
}

export function stringFuncs(): FuncMap {
  // Declared apart: a `toString` key in the literal would be typed against Object.prototype.toString.
  const toStringF: GoFunc = { params: ['interface {}'], fn: (v) => strval(v ?? null) };
  const str1 = (f: (s: string) => string) => ({ params: ['string' as const], fn: (s: GoValue) => f(S(s)) });
  // Sprig swaps argument order so the subject can be piped: `"$x" | trimAll "$"`.
  const swapped = (f: (subject: string, arg: string) => GoValue) => ({
    params: ['string' as const, 'string' as const],
    fn: (a: GoValue, b: GoValue) => f(S(b), S(a)),
  });
  return {
    // Sprig's smoke-test function; Helm exposes it too.
    hello: { params: [], fn: () => 'Hello!' },
    abbrev: { params: ['int', 'string'], fn: (w, s) => abbrev(intArg(w), S(s)) },
    abbrevboth: { params: ['int', 'int', 'string'], fn: (l, r, s) => abbrevboth(intArg(l), intArg(r), S(s)) },
    trunc: { params: ['int', 'string'], fn: (c, s) => trunc(intArg(c), S(s)) },
    trim: str1(trimSpace),
    upper: str1(goToUpper),
    lower: str1(goToLower),
    title: str1(title),
    untitle: str1(untitle),
    substr: { params: ['int', 'int', 'string'], fn: (a, b, s) => substr(intArg(a), intArg(b), S(s)) },
    repeat: { params: ['int', 'string'], fn: (c, s) => repeat(S(s), intArg(c)) },
    trimall: swapped((s, cut) => trimCutset(s, cut)),
    trimAll: swapped((s, cut) => trimCutset(s, cut)),
    trimSuffix: swapped((s, suf) => (suf !== '' && s.endsWith(suf) ? s.slice(0, s.length - suf.length) : s)),
    trimPrefix: swapped((s, pre) => (pre !== '' && s.startsWith(pre) ? s.slice(pre.length) : s)),
    nospace: str1(deleteWhiteSpace),
    initials: str1(initials),
    swapcase: str1(swapCase),
    snakecase: str1((s) => toLowerWords(s, '_')),
    camelcase: str1(camelCase),
    kebabcase: str1((s) => toLowerWords(s, '-')),
    wrap: { params: ['int', 'string'], fn: (l, s) => wrapCustom(S(s), intArg(l), '', false) },
    wrapWith: {
      params: ['int', 'string', 'string'],
      fn: (l, sep, s) => wrapCustom(S(s), intArg(l), S(sep), true),
    },
    contains: swapped((s, sub) => s.includes(sub)),
    hasPrefix: swapped((s, pre) => s.startsWith(pre)),
    hasSuffix: swapped((s, suf) => s.endsWith(suf)),
    quote: {
      params: [],
      variadic: 'interface {}',
      fn: (...args) => {
        // One argument (`x | quote`) is nearly every call: no intermediate arrays for it.
        if (args.length === 1) {
          const a = args[0];
          return a === null || a === undefined ? '' : quoteString(strval(a));
        }
        return args
          .filter((a) => a !== null && a !== undefined)
          .map((a) => quoteString(strval(a)))
          .join(' ');
      },
    },
    squote: {
      params: [],
      variadic: 'interface {}',
      fn: (...args) =>
        args
          .filter((a) => a !== null && a !== undefined)
          .map((a) => `'${sprintV(a)}'`)
          .join(' '),
    },
    cat: { params: [], variadic: 'interface {}', fn: (...args) => cat(args) },
    indent: { params: ['int', 'string'], fn: (n, s) => indent(intArg(n), S(s)) },
    nindent: { params: ['int', 'string'], fn: (n, s) => '\n' + indent(intArg(n), S(s)) },
    replace: {
      params: ['string', 'string', 'string'],
      fn: (o, n, s) => replaceAll(S(s), S(o), S(n)),
    },
    plural: {
      params: ['string', 'string', 'int'],
      fn: (one, many, n) => (intArg(n) === 1 ? S(one) : S(many)),
    },
    toString: toStringF,
    split: { params: ['string', 'string'], fn: (sep, s) => splitToMap(splitN(S(s), S(sep), -1)) },
    splitList: {
      params: ['string', 'string'],
      fn: (sep, s) => typedSlice(splitN(S(s), S(sep), -1) ?? [], '[]string'),
    },
    splitn: {
      params: ['string', 'int', 'string'],
      fn: (sep, n, s) => splitToMap(splitN(S(s), S(sep), intArg(n))),
    },
    toStrings: { params: ['interface {}'], fn: (v) => strslice(v ?? null) },
    join: { params: ['string', 'interface {}'], fn: (sep, v) => strslice(v ?? null).join(S(sep)) },
    sortAlpha: {
      params: ['interface {}'],
      fn: (v) => {
        if (listItems(v ?? null) === null) return typedSlice([strval(v ?? null)], '[]string');
        // sort.StringSlice sorts in place: a []string argument is itself sorted, as in Go.
        return strslice(v ?? null).sort(compareGoStrings);
      },
    },
  };
}
