// Go's regexp package on top of re2js (a port of RE2/J, which follows Go's regexp/syntax):
// the iteration rules of Go's FindAll/ReplaceAll/Split (empty matches, advancing one
// character) and Go's $-expansion in replacements are implemented here.
import type { RE2JS } from 're2js';
import { canBackquote, quote } from '../../../../gotemplate/quote.js';
import { re2js } from './lazy-libs.js';

type Groups = number[];

export class GoRegexp {
  private readonly re2: ReturnType<RE2JS['re2']>;
  private readonly names: Map<string, number>;
  private readonly ngroup: number;

  private constructor(readonly expr: string, pattern: RE2JS) {
    this.re2 = pattern.re2();
    this.ngroup = pattern.groupCount() + 1;
    this.names = new Map(Object.entries(pattern.namedGroups() as Record<string, number>));
  }

  /** Go's regexp.Compile; the error text is Go's ("error parsing regexp: ..."). */
  static compile(expr: string): GoRegexp {
    // Templates call regex functions in loops with the same pattern; a compiled RE2 program is
    // immutable, so it can be shared.
    let re = compiled.get(expr);
    if (!re) {
      re = new GoRegexp(expr, re2js().RE2JS.compile(expr));
      if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
      compiled.set(expr, re);
    }
    return re;
  }

  /** Go's regexp.MustCompile: the panic text Go's template executor reports. */
  static mustCompile(expr: string): GoRegexp {
    try {
      return GoRegexp.compile(expr);
    } catch (e) {
      throw new Error(`regexp: Compile(${quoteExpr(expr)}): ${(e as Error).message}`);
    }
  }

  /** Leftmost-first match starting the search at `pos` (the text before pos still gives context). */
  private matchAt(s: string, pos: number, ngroup: number): Groups | undefined {
    const [ok, groups] = this.re2.matchWithGroup(s, pos, s.length, RE2JS_UNANCHORED, ngroup) as [boolean, Groups | null];
    return ok && groups ? groups : undefined;
  }

  matchString(s: string): boolean {
    return this.matchAt(s, 0, 0) !== undefined;
  }

  findString(s: string): string {
    const m = this.matchAt(s, 0, 1);
    return m ? s.slice(m[0], m[1]) : '';
  }

  /** Go's allMatches: successive matches; an empty match right after a match is skipped. */
  findAllIndex(s: string, n: number): Groups[] {
    if (n < 0) n = s.length + 1;
    const out: Groups[] = [];
    let pos = 0;
    let prevMatchEnd = -1;
    while (out.length < n && pos <= s.length) {
      const m = this.matchAt(s, pos, 1);
      if (!m) break;
      let accept = true;
      if (m[1] === pos) {
        if (m[0] === prevMatchEnd) accept = false;
        pos += pos < s.length ? charWidth(s, pos) : 1;
      } else {
        pos = m[1]!;
      }
      prevMatchEnd = m[1]!;
      if (accept) out.push(m);
    }
    return out;
  }

  findAllString(s: string, n: number): string[] {
    return this.findAllIndex(s, n).map((m) => s.slice(m[0], m[1]));
  }

  /** Go's Regexp.Split. */
  split(s: string, n: number): string[] {
    if (n === 0) return [];
    if (this.expr.length > 0 && s.length === 0) return [''];
    const out: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of this.findAllIndex(s, n)) {
      if (n > 0 && out.length === n - 1) break;
      end = m[0]!;
      if (m[1] !== 0) out.push(s.slice(beg, end));
      beg = m[1]!;
    }
    if (end !== s.length) out.push(s.slice(beg));
    return out;
  }

  /** Go's ReplaceAllString ($1, ${name} expanded) or ReplaceAllLiteralString. */
  replaceAll(src: string, repl: string, literal: boolean): string {
    const ngroup = literal ? 1 : this.ngroup;
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length) {
      const m = this.matchAt(src, searchPos, ngroup);
      if (!m) break;
      out += src.slice(lastMatchEnd, m[0]);
      // No replacement for an empty match right after the previous match.
      if (m[1]! > lastMatchEnd || m[0] === 0) out += literal ? repl : this.expand(repl, src, m);
      lastMatchEnd = m[1]!;
      const width = searchPos < src.length ? charWidth(src, searchPos) : 0;
      if (searchPos + width > m[1]!) searchPos += width;
      else if (searchPos + 1 > m[1]!) searchPos++;
      else searchPos = m[1]!;
    }
    return out + src.slice(lastMatchEnd);
  }

  /** Go's Regexp.Expand: $$, $1, $name, ${name}; malformed references stay literal "$". */
  private expand(template: string, src: string, m: Groups): string {
    let out = '';
    for (;;) {
      const dollar = template.indexOf('$');
      if (dollar < 0) break;
      out += template.slice(0, dollar);
      template = template.slice(dollar + 1);
      if (template.startsWith('$')) {
        out += '$';
        template = template.slice(1);
        continue;
      }
      const ref = extractRef(template);
      if (!ref) {
        out += '$';
        continue;
      }
      template = ref.rest;
      const index = ref.num >= 0 ? ref.num : this.names.get(ref.name);
      if (index !== undefined && 2 * index + 1 < m.length && m[2 * index]! >= 0) {
        out += src.slice(m[2 * index], m[2 * index + 1]);
      }
    }
    return out + template;
  }
}

const RE2JS_UNANCHORED = 0;
const CACHE_LIMIT = 512;
const compiled = new Map<string, GoRegexp>();

/** UTF-16 width of the character at i (2 for a surrogate pair). */
function charWidth(s: string, i: number): number {
  const c = s.codePointAt(i)!;
  return c > 0xffff ? 2 : 1;
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Go's regexp extract: a group name or number after "$", optionally in braces. */
function extractRef(str: string): { name: string; num: number; rest: string } | undefined {
  if (str === '') return undefined;
  let brace = false;
  if (str[0] === '{') {
    brace = true;
    str = str.slice(1);
  }
  let i = 0;
  while (i < str.length) {
    const ch = String.fromCodePoint(str.codePointAt(i)!);
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === 0) return undefined;
  const name = str.slice(0, i);
  if (brace) {
    if (i >= str.length || str[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (const c of name) {
    if (c < '0' || c > '9' || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + (c.charCodeAt(0) - 48);
  }
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** regexp's quote for MustCompile panics: backquoted when possible, else strconv.Quote. */
function quoteExpr(s: string): string {
  return canBackquote(s) ? '`' + s + '`' : quote(s);
}
