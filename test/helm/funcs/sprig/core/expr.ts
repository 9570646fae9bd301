// A deliberately tiny evaluator for the fixture expressions (`abbrev 5 "x"`, `(f a).Major`,
// `x | f`), so the unit tests call the Sprig functions directly on the very inputs the helm
// fixtures used, without the template engine. It converts literals the way text/template does
// for a function's declared parameter types (an integer constant is an `int`, or a float64
// where the parameter is float64) and looks values up in the chart's values.
import { formatValue, sprintf } from '../../../../../src/gotemplate/fmt.js';
import { GoStruct, isGoMap, type FuncMap, type GoValue } from '../../../../../src/gotemplate/value.js';

type Node =
  | { t: 'lit'; v: GoValue }
  | { t: 'values'; path: string[] }
  | { t: 'ident'; name: string }
  | { t: 'var'; name: string }
  | { t: 'chain'; base: Node; fields: string[] }
  | { t: 'pipe'; cmds: Node[][] };

function tokenize(src: string): string[] {
  const toks: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '|') {
      toks.push(c);
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      toks.push(src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      toks.push(src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !' \t()|'.includes(src[j]!)) j++;
    // A field access right after a parenthesised expression, `(x).Major`, is marked with a
    // leading NUL: with a space between, `(x) .Values.y` is two operands.
    toks.push((c === '.' && src[i - 1] === ')' ? '\0' : '') + src.slice(i, j));
    i = j;
  }
  return toks;
}

/** Go's interpreted string literal. */
function unquote(lit: string): string {
  const body = lit.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[abfnrtv\\"'])/g, (_, e: string) => {
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (simple[e] !== undefined) return simple[e]!;
    return String.fromCodePoint(parseInt(e.slice(1), 16));
  });
}

class ExprParser {
  i = 0;
  constructor(readonly toks: string[]) {}

  pipeline(): Node {
    const cmds: Node[][] = [this.command()];
    while (this.toks[this.i] === '|') {
      this.i++;
      cmds.push(this.command());
    }
    return { t: 'pipe', cmds };
  }

  command(): Node[] {
    const out: Node[] = [];
    while (this.i < this.toks.length && this.toks[this.i] !== ')' && this.toks[this.i] !== '|') out.push(this.operand());
    return out;
  }

  operand(): Node {
    const tok = this.toks[this.i++]!;
    let node: Node;
    if (tok === '(') {
      node = this.pipeline();
      if (this.toks[this.i++] !== ')') throw new Error('missing )');
    } else if (tok.startsWith('"')) node = { t: 'lit', v: unquote(tok) };
    else if (tok.startsWith('`')) node = { t: 'lit', v: tok.slice(1, -1) };
    else if (tok === 'nil') node = { t: 'lit', v: null };
    else if (tok === 'true' || tok === 'false') node = { t: 'lit', v: tok === 'true' };
    else if (tok.startsWith('.Values')) node = { t: 'values', path: tok.split('.').slice(2) };
    else if (/^[+-]?(0x[0-9a-fA-F_]+|[0-9_]+)$/.test(tok)) node = { t: 'lit', v: BigInt(tok.replace(/_/g, '')) };
    else if (/^[+-]?[0-9.]+(e[+-]?[0-9]+)?$/i.test(tok)) node = { t: 'lit', v: Number(tok) };
    else if (/^[A-Za-z_]\w*$/.test(tok)) node = { t: 'ident', name: tok };
    else if (/^\$\w*$/.test(tok)) node = { t: 'var', name: tok };
    else if (/^\$\w*(\.\w+)+$/.test(tok)) {
      const [name, ...fields] = tok.split('.');
      node = { t: 'chain', base: { t: 'var', name: name! }, fields };
    }
    else throw new Error(`unsupported token ${tok}`);
    // `(expr).Field.Method` (the field chain is a separate token starting with a dot).
    const next = this.toks[this.i];
    if (node.t === 'pipe' && next !== undefined && next.startsWith('\0.')) {
      this.i++;
      node = { t: 'chain', base: node, fields: next.slice(1).split('.').slice(1) };
    }
    return node;
  }
}

export interface EvalEnv {
  funcs: FuncMap;
  values: GoValue;
  vars?: Map<string, GoValue>;
}

function lookupValues(values: GoValue, path: string[]): GoValue {
  let cur: GoValue = values;
  for (const k of path) {
    if (!isGoMap(cur) || !(k in cur)) return null;
    cur = cur[k] ?? null;
  }
  return cur;
}

function callMethodOrField(v: GoValue, name: string, args: GoValue[]): GoValue {
  if (v instanceof GoStruct) {
    const m = (v as unknown as Record<string, unknown>)[name];
    if (typeof m === 'function') return (m as (...a: GoValue[]) => GoValue).apply(v, args);
  }
  if (isGoMap(v)) return v[name] ?? null;
  throw new Error(`can't evaluate field ${name}`);
}

function evalNode(n: Node, env: EvalEnv, final?: GoValue[]): GoValue {
  switch (n.t) {
    case 'lit':
      return n.v;
    case 'values':
      return lookupValues(env.values, n.path);
    case 'ident':
      return callFunc(n.name, [], env);
    case 'var':
      if (!env.vars?.has(n.name)) throw new Error(`undefined variable ${n.name}`);
      return env.vars.get(n.name)!;
    case 'chain': {
      let v = evalNode(n.base, env);
      n.fields.forEach((f, k) => {
        v = callMethodOrField(v, f, k === n.fields.length - 1 ? (final ?? []) : []);
      });
      return v;
    }
    case 'pipe': {
      let prev: GoValue[] | undefined;
      let result: GoValue = null;
      for (const cmd of n.cmds) {
        result = evalCommand(cmd, env, prev);
        prev = [result];
      }
      return result;
    }
  }
}

function evalCommand(cmd: Node[], env: EvalEnv, piped?: GoValue[]): GoValue {
  const [head, ...rest] = cmd;
  if (head === undefined) throw new Error('empty command');
  const args = [...rest.map((a) => evalNode(a, env)), ...(piped ?? [])];
  if (head.t === 'ident') return callFunc(head.name, args, env);
  if (head.t === 'chain') return evalNode(head, env, args);
  if (args.length > 0) throw new Error("can't give argument to non-function");
  return evalNode(head, env);
}

function callFunc(name: string, args: GoValue[], env: EvalEnv): GoValue {
  // The two text/template built-ins a few cases use.
  if (name === 'printf') return sprintf(String(args[0]), args.slice(1));
  if (name === 'index') return (args[0] as GoValue[])[Number(args[1])] ?? null;
  if (name === 'len') {
    const v = args[0];
    if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
    if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
    if (isGoMap(v)) return BigInt(Object.keys(v).length);
    throw new Error(`len of ${String(v)}`);
  }
  const f = env.funcs[name];
  if (!f) throw new Error(`function "${name}" not defined`);
  const converted = args.map((a, k) => {
    const type = k < f.params.length ? f.params[k] : f.variadic;
    // An untyped integer constant passed where Go expects float64 becomes a float64.
    return type === 'float64' && typeof a === 'bigint' ? Number(a) : a;
  });
  return f.fn(...converted);
}

function evaluateOne(src: string, env: EvalEnv): GoValue {
  const p = new ExprParser(tokenize(src));
  const node = p.pipeline();
  if (p.i !== p.toks.length) throw new Error(`trailing tokens in ${src}`);
  return evalNode(node, env);
}

/** What `{{ v }}` prints in Helm: Go's %v, and nothing for nil (Helm drops "<no value>"). */
export function printed(v: GoValue): string {
  return v === null || v === undefined ? '' : formatValue(v);
}

/**
 * Renders a fixture case: actions separated by " ; ", where `$x := expr` declares a variable
 * (and prints nothing) and any other action prints its value.
 */
export function render(src: string, env: EvalEnv): string {
  env.vars ??= new Map();
  let out = '';
  for (const action of src.split(' ; ')) {
    const decl = /^(\$\w*) := (.*)$/.exec(action);
    if (decl) env.vars.set(decl[1]!, evaluateOne(decl[2]!, env));
    else out += printed(evaluateOne(action, env));
  }
  return out;
}
