// Label selectors (k8s.io/apimachinery/pkg/labels) and field selectors
// (k8s.io/apimachinery/pkg/fields): parsing, matching, and the errors the real server returns.
import { badRequest } from './status.js';

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: '=' | '!='; values: [string] };

export interface LabelSelector {
  requirements: LabelRequirement[];
  matches(labels: Record<string, string> | undefined): boolean;
  empty: boolean;
}

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

class Lexer {
  private i = 0;
  constructor(private readonly s: string) {}
  peek(): string {
    this.skip();
    return this.s.slice(this.i);
  }
  private skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
  eof(): boolean {
    this.skip();
    return this.i >= this.s.length;
  }
  /** Consumes the given literal if next. */
  accept(lit: string): boolean {
    this.skip();
    if (this.s.startsWith(lit, this.i)) {
      this.i += lit.length;
      return true;
    }
    return false;
  }
  /** An identifier: anything up to a delimiter. */
  ident(): string {
    this.skip();
    const start = this.i;
    while (this.i < this.s.length && !/[\s,()=!<>]/.test(this.s[this.i]!)) this.i++;
    return this.s.slice(start, this.i);
  }
  keyword(word: string): boolean {
    this.skip();
    const rest = this.s.slice(this.i);
    const m = new RegExp(`^${word}(?=[\\s(])`).exec(rest);
    if (!m) return false;
    this.i += word.length;
    return true;
  }
}

const KEY_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Requirement errors, wrapped as labels.Parser reports them. */
function requirementError(detail: string): never {
  throw badRequest(`unable to parse requirement: ${detail}`);
}

function checkKey(key: string): void {
  if (!KEY_RE.test(key) || key.split('/').at(-1)!.length > 63) requirementError(`key: Invalid value: ${JSON.stringify(key)}: ${KEY_MSG}`);
}

function checkValues(key: string, values: string[]): void {
  values.forEach((v, i) => {
    if (v.length > 63 || !VALUE_RE.test(v)) requirementError(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${VALUE_MSG}`);
  });
}

function parseSet(lx: Lexer): string[] {
  if (!lx.accept('(')) requirementError(`found '${lx.ident() || lx.peek().slice(0, 1)}' expected: '('`);
  const values: string[] = [];
  if (lx.accept(')')) return [''];
  for (;;) {
    if (lx.accept(',')) {
      if (values.length === 0) values.push('');
      if (lx.accept(')')) return [...values, ''];
      continue;
    }
    const v = lx.ident();
    values.push(v);
    if (lx.accept(',')) {
      if (lx.accept(')')) return [...values, ''];
      continue;
    }
    if (lx.accept(')')) return values;
    requirementError(`found '${lx.peek().slice(0, 1)}', expected: ',' or ')'`);
  }
}

export function parseLabelSelector(selector: string | undefined): LabelSelector {
  const reqs: LabelRequirement[] = [];
  const s = (selector ?? '').trim();
  if (s) {
    const lx = new Lexer(s);
    for (;;) {
      if (lx.accept('!')) {
        const key = lx.ident();
        checkKey(key);
        reqs.push({ key, op: '!' });
      } else {
        const key = lx.ident();
        if (!key) throw badRequest(`found '${lx.peek().slice(0, 1)}', expected: !, identifier, or 'end of string'`);
        checkKey(key);
        if (lx.accept('==') || lx.accept('=')) {
          const v = lx.ident();
          checkValues(key, [v]);
          reqs.push({ key, op: '=', values: [v] });
        } else if (lx.accept('!=')) {
          const v = lx.ident();
          checkValues(key, [v]);
          reqs.push({ key, op: '!=', values: [v] });
        } else if (lx.keyword('notin')) {
          const values = parseSet(lx);
          checkValues(key, values);
          reqs.push({ key, op: 'notin', values });
        } else if (lx.keyword('in')) {
          const values = parseSet(lx);
          checkValues(key, values);
          reqs.push({ key, op: 'in', values });
        } else {
          reqs.push({ key, op: 'exists' });
        }
      }
      if (lx.eof()) break;
      if (!lx.accept(',')) throw badRequest(`found '${lx.ident() || lx.peek().slice(0, 1)}', expected: ',' or 'end of string'`);
    }
  }
  return {
    requirements: reqs,
    empty: reqs.length === 0,
    matches(labels) {
      const l = labels ?? {};
      return reqs.every((r) => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
          case 'exists':
            return has;
          case '!':
            return !has;
          case '=':
            return has && l[r.key] === r.values[0];
          case '!=':
            return !has || l[r.key] !== r.values[0];
          case 'in':
            return has && r.values.includes(l[r.key]!);
          case 'notin':
            return !has || !r.values.includes(l[r.key]!);
        }
      });
    },
  };
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
  empty: boolean;
}

/** Parses `a=b,c!=d` (with `\` escapes, as fields.ParseSelector). */
export function parseFieldSelector(selector: string | undefined): FieldSelector {
  const reqs: FieldRequirement[] = [];
  const s = selector ?? '';
  if (s.trim()) {
    for (const part of splitUnescaped(s, ',')) {
      if (!part) continue;
      let m: RegExpExecArray | null;
      if ((m = /^(.*?)(!=|==|=)(.*)$/.exec(part))) {
        reqs.push({ field: m[1]!.trim(), op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!) });
      } else {
        throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
      }
    }
  }
  return { requirements: reqs, empty: reqs.length === 0 };
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

export function fieldSelectorMatches(sel: FieldSelector, fields: Record<string, string>): boolean {
  return sel.requirements.every((r) => {
    const v = fields[r.field] ?? '';
    return r.op === '=' ? v === r.value : v !== r.value;
  });
}
