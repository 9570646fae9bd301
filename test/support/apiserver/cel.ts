// A small subset of CEL for x-kubernetes-validations rules: `self.a.b` paths, has(), size(),
// !, &&, ||, ==, !=, literals and parentheses; enough for the Flux CRDs' rules. Rules outside
// the subset (or using oldSelf) are skipped rather than guessed.
import { isObject } from './json.js';
import type { JsonSchema } from './schema.js';
import { type FieldError, invalidField } from './status.js';

class Unsupported extends Error {}

type Tok = { t: 'op' | 'id' | 'str' | 'num'; v: string };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['&&', '||', '==', '!='].includes(two)) {
      out.push({ t: 'op', v: two });
      i += 2;
    } else if ('!().'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new Unsupported('string');
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else throw new Unsupported(c);
  }
  return out;
}

const ABSENT = Symbol('absent');

function evaluate(rule: string, self: unknown): boolean {
  const toks = lex(rule);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const eat = (v: string): boolean => {
    if (toks[p]?.t === 'op' && toks[p]!.v === v) {
      p++;
      return true;
    }
    return false;
  };
  const path = (): unknown => {
    const head = toks[p++];
    if (head?.t !== 'id' || head.v !== 'self') throw new Unsupported('path');
    let cur: unknown = self;
    while (eat('.')) {
      const id = toks[p++];
      if (id?.t !== 'id') throw new Unsupported('field');
      cur = isObject(cur) && id.v in cur ? cur[id.v] : ABSENT;
    }
    return cur;
  };
  const primary = (): unknown => {
    const t = peek();
    if (!t) throw new Unsupported('eof');
    if (eat('(')) {
      const v = or();
      if (!eat(')')) throw new Unsupported(')');
      return v;
    }
    if (t.t === 'str') return (p++, t.v);
    if (t.t === 'num') return (p++, Number(t.v));
    if (t.t === 'id' && (t.v === 'true' || t.v === 'false')) return (p++, t.v === 'true');
    if (t.t === 'id' && (t.v === 'has' || t.v === 'size')) {
      p++;
      if (!eat('(')) throw new Unsupported('(');
      const v = path();
      if (!eat(')')) throw new Unsupported(')');
      if (t.v === 'has') return v !== ABSENT;
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (isObject(v)) return Object.keys(v).length;
      throw new Unsupported('size');
    }
    if (t.t === 'id' && t.v === 'self') {
      const v = path();
      if (v === ABSENT) throw new Unsupported('no such key');
      return v;
    }
    throw new Unsupported(t.v);
  };
  const cmp = (): unknown => {
    const a = primary();
    if (eat('==')) return a === primary();
    if (eat('!=')) return a !== primary();
    return a;
  };
  const unary = (): unknown => (eat('!') ? !truthy(unary()) : cmp());
  const and = (): unknown => {
    let v = unary();
    while (eat('&&')) {
      const r = unary();
      v = truthy(v) && truthy(r);
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (eat('||')) {
      const r = and();
      v = truthy(v) || truthy(r);
    }
    return v;
  };
  const result = or();
  if (p !== toks.length) throw new Unsupported('trailing');
  return truthy(result);
}

function truthy(v: unknown): boolean {
  if (typeof v !== 'boolean') throw new Unsupported('not a boolean');
  return v;
}

interface Rule {
  rule?: string;
  message?: string;
}

/** Evaluates the x-kubernetes-validations rules of the schema tree against a value. */
export function validateRules(value: unknown, schema: JsonSchema | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!schema || value === undefined || value === null) return errs;
  for (const r of (schema['x-kubernetes-validations'] ?? []) as Rule[]) {
    if (!r.rule || r.rule.includes('oldSelf')) continue;
    let ok: boolean;
    try {
      ok = evaluate(r.rule, value);
    } catch (e) {
      if (e instanceof Unsupported) continue;
      throw e;
    }
    if (!ok) errs.push(invalidField(path, schema.type ?? 'object', r.message ?? `failed rule: ${r.rule}`));
  }
  if (isObject(value) && schema.properties) {
    for (const [k, sub] of Object.entries(schema.properties)) errs.push(...validateRules(value[k], sub, path ? `${path}.${k}` : k));
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errs.push(...validateRules(v, schema.items, `${path}[${i}]`)));
  return errs;
}
