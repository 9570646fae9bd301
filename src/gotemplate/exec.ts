// The executor: walks a parsed tree with a small state (output, variables, current template),
// with Go's text/template semantics and error messages
// ("template: name:line:col: executing "name" at <node>: message").
//
// Values follow value.ts. One extra distinction is tracked alongside a value: whether its
// static Go type is interface{} (map[string]interface{} elements, []interface{} elements,
// range elements), because Go names that type, not the dynamic one, in some errors
// ("can't evaluate field x in type interface {}").

import { GoComplex } from './complex.js';
import { compareGoStrings, formatDeref, formatValue, sortedKeys, sprintf } from './fmt.js';
import { byteLength, quote } from './quote.js';
import { nodeString } from './nodes.js';
import type { ArgNode, BranchNode, ChainNode, CommandNode, FieldNode, IdentifierNode, ListNode, Node, NumberNode, PipeNode, TemplateNode, VariableNode } from './nodes.js';
import type { Tree } from './parser.js';
import { GoNamedMap, GoNumber, GoStruct, isGoMap, isTrue, mapElemZero, mapType, mapUnderlyingType, namedMapMethods, ownKeys, pointerMethods, sliceMethods, sliceType, typeOf, unnamedMap } from './value.js';
import type { FuncMap, GoFunc, GoMap, GoMethodSignature, GoParamType, GoValue } from './value.js';

/** What to do with a missing map key: Go's Option("missingkey=..."). */
export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

/** An error raised while executing a template, with Go's message. */
export class ExecError extends Error {
  override name = 'ExecError';
  /** Output written before the error (Go leaves it in the writer). */
  partialOutput = '';
  constructor(
    message: string,
    /** Name of the template that was executing. */
    readonly templateName: string,
    /** The parts of the message, for callers that format errors their own way (Helm 4 does). */
    readonly parts: { location?: string; context?: string; detail: string } = { detail: message },
    /** The error of the function call that failed ("error calling X: ..."), as Go wraps it with %w. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** What the executor needs from a template of the set. */
export interface ExecTemplate {
  readonly name: string;
  readonly tree: Tree | null;
  lookup(name: string): ExecTemplate | undefined;
}

export interface ExecOptions {
  funcs: FuncMap;
  builtins: FuncMap;
  missingKey: MissingKey;
}

const MISSING: unique symbol = Symbol('missing');
type Final = GoValue | typeof MISSING;

const BREAK = 1;
const CONTINUE = 2;
type Control = 0 | typeof BREAK | typeof CONTINUE;

/** An index argument of `slice` whose static type is interface{} (Go refuses those). */
class InterfaceValue extends GoStruct {
  get goType(): string {
    return 'interface {}';
  }
}
const INTERFACE_INDEX = new InterfaceValue();

/** Go's maxExecDepth. */
export const MAX_EXEC_DEPTH = 100000;

interface Variable {
  name: string;
  value: GoValue;
  iface: boolean;
  /** Whether the value is addressable (see State.addr). */
  addr?: boolean;
}

const IFACE_MAP = 'map[string]interface {}';

const OBJECT_PROTO = Object.prototype as unknown as Record<string, unknown>;

/** Go exports names that start with an upper-case letter; templates reach only those. */
const EXPORTED = /^\p{Lu}/u;

function methodOf(receiver: GoStruct, name: string): ((...args: GoValue[]) => GoValue) | undefined {
  if (!EXPORTED.test(name) || Object.hasOwn(receiver, name) || OBJECT_PROTO[name] !== undefined) return undefined;
  const m = (receiver as unknown as Record<string, unknown>)[name];
  return typeof m === 'function' ? (m as (...args: GoValue[]) => GoValue) : undefined;
}

function hasField(receiver: GoStruct, name: string): boolean {
  if (name === 'goType') return false;
  if (Object.hasOwn(receiver, name)) return true;
  // A getter on the prototype reads as a field; a function there is a method.
  return name in receiver && OBJECT_PROTO[name] === undefined && typeof (receiver as unknown as Record<string, unknown>)[name] !== 'function';
}

function methodSignature(receiver: GoStruct, name: string, fn: (...args: GoValue[]) => GoValue): GoMethodSignature {
  const sigs = (receiver.constructor as { goMethods?: Record<string, GoMethodSignature> }).goMethods;
  const sig = sigs && Object.hasOwn(sigs, name) ? sigs[name] : undefined;
  return sig ?? { params: new Array<GoParamType>(fn.length).fill('interface {}') };
}

function canBeNil(typ: GoParamType): boolean {
  return typ === 'interface {}' || typ === 'reflect.Value' || typ.startsWith('[]') || typ.startsWith('map[');
}

export class State {
  out = '';
  private node: Node | null = null;
  private vars: Variable[];
  private depth = 0;
  /** Static interface-ness of the value evalField returned last. */
  private retIface = false;
  /** The last command produced a nil of a non-interface type (a struct's nil pointer field). */
  private typedNil = false;
  /**
   * The value the last command produced is addressable in Go's reflect terms: a struct field
   * reached through a pointer (.Capabilities.KubeVersion), not a function's result nor an
   * element of an interface. Only printing cares: an addressable struct value prints through
   * its pointer-receiver String method, as text/template takes its address.
   */
  private addr = false;
  /** Whether dot is addressable (with over a field chain, template called with one). */
  private dotAddr = false;
  /** Where the JavaScript stack ran out, recorded by the innermost template call. */
  private overflow: { tmpl: ExecTemplate; node: Node } | null = null;

  constructor(
    private tmpl: ExecTemplate,
    private readonly opts: ExecOptions,
    data: GoValue,
  ) {
    this.vars = [{ name: '$', value: data, iface: false }];
  }

  run(data: GoValue): string {
    const root = this.tmpl.tree?.root;
    if (!root) this.errorf('%q is an incomplete or empty template', this.tmpl.name);
    try {
      this.walkList(data, false, root);
    } catch (e) {
      let err = e;
      if (e instanceof RangeError && this.overflow && e.message.includes('call stack')) {
        // JavaScript's stack runs out long before Go's depth limit: report Go's error
        // where the innermost template call was.
        this.tmpl = this.overflow.tmpl;
        this.node = this.overflow.node;
        try {
          this.errorf('exceeded maximum template depth (%v)', BigInt(MAX_EXEC_DEPTH));
        } catch (x) {
          err = x;
        }
      }
      if (err instanceof ExecError) err.partialOutput = this.out;
      throw err;
    }
    return this.out;
  }

  // ---- errors ----------------------------------------------------------------------------

  errorf(format: string, ...args: GoValue[]): never {
    this.fail(sprintf(format, args));
  }

  /** Throws Go's ExecError for message `msg` at the current node; `cause` is a wrapped error. */
  private fail(msg: string, cause?: unknown): never {
    const name = this.tmpl.name;
    const node = this.node;
    const tree = this.tmpl.tree;
    if (node === null || tree === null) throw new ExecError(`template: ${name}: ${msg}`, name, { detail: msg }, cause);
    const text = tree.text;
    const pos = node.pos;
    const lastNl = text.lastIndexOf('\n', pos - 1);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    const col = lastNl === -1 ? byteLength(text.slice(0, pos)) : byteLength(text.slice(lastNl + 1, pos));
    const location = `${tree.parseName}:${line}:${col}`;
    const context = nodeString(node);
    throw new ExecError(`template: ${location}: executing ${quote(name)} at <${context}>: ${msg}`, name, { location, context, detail: msg }, cause);
  }

  // ---- variables -------------------------------------------------------------------------

  private setVar(name: string, value: GoValue, iface: boolean, addr = false): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) {
        v.value = value;
        v.iface = iface;
        v.addr = addr;
        return;
      }
    }
    this.errorf('undefined variable: %s', name);
  }

  private setTopVar(n: number, value: GoValue, iface: boolean): void {
    const v = this.vars[this.vars.length - n]!;
    v.value = value;
    v.iface = iface;
    v.addr = false;
  }

  private varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) return v;
    }
    this.errorf('undefined variable: %s', name);
  }

  // ---- walking ---------------------------------------------------------------------------

  /**
   * Walks a list of nodes. The control structures call back here for their bodies, so that the
   * recursion of nested template calls goes through small frames (JavaScript's stack is small).
   */
  private walkList(dot: GoValue, di: boolean, list: ListNode): Control {
    this.node = list;
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      switch (node.type) {
        case 'text':
          this.out += node.text;
          break;
        case 'action': {
          this.node = node;
          const val = this.evalPipeline(dot, di, node.pipe);
          if (node.pipe.decl.length === 0) this.printValue(node, val);
          break;
        }
        case 'if':
        case 'with': {
          this.node = node;
          const c = this.walkIfOrWith(dot, di, node);
          if (c !== 0) return c;
          break;
        }
        case 'range':
          this.walkRange(dot, di, node);
          break;
        case 'template':
          this.walkTemplate(dot, di, node);
          break;
        case 'break':
          return BREAK;
        case 'continue':
          return CONTINUE;
        case 'comment':
          break;
        default:
          this.node = node;
          this.errorf('unknown node: %s', nodeString(node));
      }
    }
    return 0;
  }

  // No try/finally around the bodies below: an error ends the whole execution, so variables
  // only need popping on the normal paths (break and continue are return values).
  private walkIfOrWith(dot: GoValue, di: boolean, node: BranchNode): Control {
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, di, node.pipe);
    let c: Control = 0;
    if (isTrue(val)) {
      if (node.type === 'with') {
        const outerAddr = this.dotAddr;
        this.dotAddr = this.addr;
        c = this.walkList(val, false, node.list);
        this.dotAddr = outerAddr;
      } else c = this.walkList(dot, di, node.list);
    }
    else if (node.elseList) c = this.walkList(dot, di, node.elseList);
    if (this.vars.length !== mark) this.vars.length = mark;
    return c;
  }

  private walkRange(dot: GoValue, di: boolean, r: BranchNode): void {
    this.node = r;
    const outer = this.vars.length;
    const val = this.evalPipeline(dot, di, r.pipe);
    const mark = this.vars.length;
    const decl = r.pipe.decl;
    const isAssign = r.pipe.isAssign;
    const list = r.list;
    const outerAddr = this.dotAddr;
    // One iteration; returns true to stop (break).
    const one = (index: GoValue, elem: GoValue, elemIface: boolean): boolean => {
      if (decl.length > 0) {
        if (isAssign) {
          if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index, false);
          else this.setVar(decl[0]!.ident[0]!, elem, elemIface);
        } else this.setTopVar(1, elem, elemIface);
      }
      if (decl.length > 1) {
        if (isAssign) this.setVar(decl[1]!.ident[0]!, elem, elemIface);
        else this.setTopVar(2, index, false);
      }
      this.dotAddr = false;
      const c = this.walkList(elem, elemIface, list);
      this.dotAddr = outerAddr;
      if (this.vars.length !== mark) this.vars.length = mark;
      return c === BREAK;
    };
    let ran = false;
    if (typeof val === 'bigint' || (val instanceof GoNumber && typeof val.value === 'bigint')) {
      if (decl.length > 1) this.errorf("can't use %v to iterate over more than one variable", val);
      const n = typeof val === 'bigint' ? val : (val.value as bigint);
      const kind = val instanceof GoNumber ? val.kind : null;
      for (let i = 0n; i < n; i++) {
        ran = true;
        if (one(undefined, kind ? new GoNumber(kind, i) : i, false)) break;
      }
    } else if (Array.isArray(val)) {
      const iface = sliceType(val) === '[]interface {}';
      // The index is an int (a BigInt) only when a variable receives it.
      const indexed = decl.length > 1;
      for (let i = 0; i < val.length; i++) {
        ran = true;
        const e = val[i];
        if (one(indexed ? BigInt(i) : undefined, e === undefined ? null : e, iface)) break;
      }
    } else if (val instanceof Uint8Array) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (one(BigInt(i), new GoNumber('uint8', BigInt(val[i]!)), false)) break;
      }
    } else if (isGoMap(val) || val instanceof GoNamedMap) {
      const named = val instanceof GoNamedMap;
      const m = val as GoMap;
      const keys = named ? ownKeys(val).sort(compareGoStrings) : sortedKeys(m);
      for (let i = 0; i < keys.length; i++) {
        ran = true;
        const k = keys[i]!;
        const e = m[k];
        if (one(k, e === undefined ? null : e, !named)) break;
      }
    } else if (val !== undefined && val !== null) {
      this.errorf("range can't iterate over %s", formatDeref(val));
    }
    if (!ran && r.elseList) this.walkList(dot, di, r.elseList);
    this.vars.length = outer;
  }

  private walkTemplate(dot: GoValue, di: boolean, t: TemplateNode): void {
    this.node = t;
    const tmpl = this.tmpl.lookup(t.name);
    if (!tmpl || !tmpl.tree?.root) this.errorf('template %q not defined', t.name);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf('exceeded maximum template depth (%v)', BigInt(MAX_EXEC_DEPTH));
    const newDot = this.evalPipeline(dot, di, t.pipe);
    const saved = { tmpl: this.tmpl, vars: this.vars, depth: this.depth, dotAddr: this.dotAddr };
    this.tmpl = tmpl;
    this.vars = [{ name: '$', value: newDot, iface: false, addr: this.addr }];
    this.dotAddr = this.addr;
    this.depth++;
    try {
      this.walkList(newDot, false, tmpl.tree!.root!);
    } catch (e) {
      // The stack may be exhausted: only record where; run() turns this into Go's error.
      if (e instanceof RangeError && this.overflow === null) this.overflow = { tmpl: saved.tmpl, node: t };
      throw e;
    } finally {
      this.tmpl = saved.tmpl;
      this.vars = saved.vars;
      this.depth = saved.depth;
      this.dotAddr = saved.dotAddr;
    }
  }

  // ---- evaluation ------------------------------------------------------------------------

  private evalPipeline(dot: GoValue, di: boolean, pipe: PipeNode | null): GoValue {
    if (pipe === null) return undefined;
    this.node = pipe;
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      this.typedNil = false;
      value = this.evalCommand(dot, di, cmds[i]!, value);
      // A nil interface{} unwraps to no value.
      if (value === null && !this.typedNil) value = undefined;
    }
    const v = value as GoValue;
    const decl = pipe.decl;
    // Indexed loops here and below: for-of makes an iterator object, which cold code pays for.
    for (let i = 0; i < decl.length; i++) {
      const name = decl[i]!.ident[0]!;
      if (pipe.isAssign) this.setVar(name, v, false, this.addr);
      else this.vars.push({ name, value: v, iface: false, addr: this.addr });
    }
    return v;
  }

  private notAFunction(args: ArgNode[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf("can't give argument to non-function %s", nodeString(args![0]!));
    }
  }

  private evalCommand(dot: GoValue, di: boolean, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        this.addr = this.dotAddr;
        return this.evalFieldNode(dot, di, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, di, first, cmd.args, final);
      case 'identifier': {
        // evalFunction, inlined (one frame less on the way to a function call).
        this.node = first;
        const name = first.ident;
        const funcs = this.opts.funcs;
        if (Object.hasOwn(funcs, name)) {
          const fn = funcs[name]!;
          return this.evalCall(dot, di, fn.fn, fn, false, cmd, name, cmd.args, final);
        }
        return this.evalFunction(dot, di, first, cmd, cmd.args, final);
      }
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, di, first);
      case 'variable':
        return this.evalVariableNode(dot, di, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    this.addr = first.type === 'dot' && this.dotAddr;
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // falls through: errorf never returns
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf("can't evaluate command %q", nodeString(first));
  }

  private idealConstant(n: NumberNode): GoValue {
    this.node = n;
    if (n.isComplex) return new GoComplex(n.complex128[0], n.complex128[1]);
    if (n.isFloat && !isHexInt(n.text) && n.text[0] !== "'" && /[.eEpP]/.test(n.text)) return n.float64;
    if (n.isInt) return n.int64;
    if (n.isUint) this.errorf('%s overflows int', n.text);
    return undefined;
  }

  private evalFieldNode(dot: GoValue, di: boolean, field: FieldNode, args: ArgNode[] | null, final: Final): GoValue {
    this.node = field;
    return this.evalFieldChain(dot, di, dot, di, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: GoValue, di: boolean, chain: ChainNode, args: ArgNode[] | null, final: Final): GoValue {
    this.node = chain;
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf('indirection through explicit nil in %s', nodeString(chain));
    const pipe = this.evalArg(dot, di, null, chain.node);
    return this.evalFieldChain(dot, di, pipe, false, chain, chain.field, 0, args, final);
  }

  private evalVariableNode(dot: GoValue, di: boolean, variable: VariableNode, args: ArgNode[] | null, final: Final): GoValue {
    this.node = variable;
    const v = this.varValue(variable.ident[0]!);
    this.addr = v.addr === true;
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return v.value;
    }
    return this.evalFieldChain(dot, di, v.value, v.iface, variable, variable.ident, 1, args, final);
  }

  private evalFieldChain(
    dot: GoValue,
    di: boolean,
    receiver: GoValue,
    rIface: boolean,
    node: Node,
    ident: string[],
    start: number,
    args: ArgNode[] | null,
    final: Final,
  ): GoValue {
    const n = ident.length;
    let r = receiver;
    let ri = rIface;
    let i = start;
    // The common case, done here without a call per field: present keys of plain
    // map[string]interface {} maps (values, dicts). Anything else takes evalField below.
    const last = (args !== null && args.length > 1) || final !== MISSING ? n - 1 : n;
    while (i < last && isGoMap(r) && mapType(r) === IFACE_MAP) {
      const key = ident[i]!;
      if (!Object.hasOwn(r, key)) break;
      const v = r[key];
      r = v === undefined ? null : v;
      ri = true;
      this.addr = false;
      this.retIface = true;
      this.typedNil = false;
      i++;
    }
    if (i === n) return r;
    for (; i < n - 1; i++) {
      r = this.evalField(dot, di, ident[i]!, node, null, MISSING, r, ri);
      ri = this.retIface;
    }
    return this.evalField(dot, di, ident[n - 1]!, node, args, final, r, ri);
  }

  private evalFunction(dot: GoValue, di: boolean, node: IdentifierNode, cmd: Node, args: ArgNode[] | null, final: Final): GoValue {
    this.node = node;
    const name = node.ident;
    let fn: GoFunc | undefined;
    let isBuiltin = false;
    if (Object.hasOwn(this.opts.funcs, name)) fn = this.opts.funcs[name];
    else if (Object.hasOwn(this.opts.builtins, name)) {
      fn = this.opts.builtins[name];
      isBuiltin = true;
    }
    if (!fn) this.errorf('%q is not a defined function', name);
    return this.evalCall(dot, di, fn.fn, fn, isBuiltin, cmd, name, args, final);
  }

  private evalField(
    dot: GoValue,
    di: boolean,
    fieldName: string,
    node: Node,
    args: ArgNode[] | null,
    final: Final,
    receiver: GoValue,
    rIface: boolean,
  ): GoValue {
    this.retIface = false;
    // A field of a struct reached through a pointer, or of an addressable struct, is addressable.
    const fieldAddr = receiver instanceof GoStruct && (receiver.goType.charCodeAt(0) === 42 /* '*' */ || this.addr);
    this.addr = false;
    if (receiver === undefined) {
      if (this.opts.missingKey === 'error') this.errorf('nil data; no entry for key %q', fieldName);
      return undefined;
    }
    if (receiver === null) this.errorf('nil pointer evaluating %s.%s', 'interface {}', fieldName);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (isGoMap(receiver)) {
      // A named map type's methods win over its keys (Helm's .Values.YAML).
      const methods = namedMapMethods(receiver);
      const m = methods !== undefined && Object.hasOwn(methods, fieldName) ? methods[fieldName] : undefined;
      if (m) {
        const result = this.evalCall(dot, di, m.fn, m, false, node, fieldName, args, final);
        this.retIface = false;
        return result;
      }
      const iface = mapType(receiver) === 'map[string]interface {}' || mapUnderlyingType(receiver) === 'map[string]interface {}';
      return this.mapEntry(receiver, fieldName, hasArgs, iface);
    }
    if (receiver instanceof GoStruct) {
      let method = methodOf(receiver, fieldName);
      // A method with a pointer receiver needs an addressable struct value.
      if (method && !fieldAddr && pointerMethods(receiver).includes(fieldName)) method = undefined;
      if (method) {
        const sig = methodSignature(receiver, fieldName, method);
        const result = this.evalCall(dot, di, method.bind(receiver), sig, false, node, fieldName, args, final);
        this.retIface = false;
        return result;
      }
      if (receiver instanceof GoNamedMap) return this.mapEntry(receiver as unknown as GoMap, fieldName, hasArgs, false);
      if (hasField(receiver, fieldName)) {
        if (!EXPORTED.test(fieldName)) this.errorf('%s is an unexported field of struct type %s', fieldName, rIface ? 'interface {}' : typeOf(receiver));
        if (hasArgs) this.errorf('%s has arguments but cannot be invoked as function', fieldName);
        const v = (receiver as unknown as Record<string, GoValue>)[fieldName];
        if (v === undefined || v === null) {
          this.typedNil = true;
          return null;
        }
        this.addr = fieldAddr;
        return v;
      }
    }
    if (Array.isArray(receiver)) {
      const methods = sliceMethods(receiver);
      const m = methods && Object.hasOwn(methods, fieldName) ? methods[fieldName] : undefined;
      if (m) {
        const result = this.evalCall(dot, di, m.fn.bind(receiver), m, false, node, fieldName, args, final);
        this.retIface = false;
        return result;
      }
    }
    this.errorf("can't evaluate field %s in type %s", fieldName, rIface ? 'interface {}' : typeOf(receiver));
  }

  /** A map element by key, with the missing-key option; `iface`: elements are interface{}. */
  private mapEntry(m: GoMap, key: string, hasArgs: boolean, iface: boolean): GoValue {
    if (hasArgs) this.errorf('%s is not a method but has arguments', key);
    this.retIface = iface;
    this.typedNil = false;
    if (Object.hasOwn(m, key)) {
      const v = m[key];
      return v === undefined ? null : v;
    }
    switch (this.opts.missingKey) {
      case 'zero':
        return iface ? null : mapElemZero(m);
      case 'error':
        this.errorf('map has no entry for key %q', key);
    }
    return undefined;
  }

  /**
   * Calls a function or method with the command's arguments (allArgs[0] is the function
   * itself) and the pipeline's final value. Kept small: its frame stays on the JavaScript stack
   * while the function runs, which for Helm's include is a whole nested execution.
   */
  private evalCall(
    dot: GoValue,
    di: boolean,
    fun: (...args: GoValue[]) => GoValue,
    sig: GoMethodSignature,
    isBuiltin: boolean,
    node: Node,
    name: string,
    allArgs: ArgNode[] | null,
    final: Final,
  ): GoValue {
    if (isBuiltin && (name === 'and' || name === 'or' || name === 'call')) {
      const v = this.evalSpecialBuiltin(dot, di, sig, node, name, allArgs, final);
      this.addr = false;
      return v;
    }
    const argv = this.evalCallArgs(dot, di, sig, isBuiltin, name, allArgs, final);
    let result: GoValue;
    try {
      // Direct calls for the usual counts: a spread call costs more in cold code.
      switch (argv.length) {
        case 0:
          result = fun();
          break;
        case 1:
          result = fun(argv[0]);
          break;
        case 2:
          result = fun(argv[0], argv[1]);
          break;
        case 3:
          result = fun(argv[0], argv[1], argv[2]);
          break;
        default:
          result = fun(...argv);
      }
    } catch (e) {
      // A stack overflow is not the function's error: let it reach the template call.
      if (e instanceof RangeError && this.depth > 0) throw e;
      this.node = node;
      this.fail(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    this.typedNil = false;
    this.addr = false;
    return result;
  }

  /** Checks the argument count as Go does; returns the number of fixed parameters. */
  private checkArgCount(sig: GoMethodSignature, name: string, argc: number, numIn: number): number {
    const params = sig.params;
    if (sig.variadic !== undefined) {
      if (numIn < params.length) {
        this.errorf('wrong number of args for %s: want at least %d got %d', name, BigInt(params.length), BigInt(argc));
      }
      return params.length;
    }
    if (numIn !== params.length) {
      this.errorf('wrong number of args for %s: want %d got %d', name, BigInt(params.length), BigInt(numIn));
    }
    return argc;
  }

  /** The evaluated, type-checked arguments of a call. */
  private evalCallArgs(
    dot: GoValue,
    di: boolean,
    sig: GoMethodSignature,
    isBuiltin: boolean,
    name: string,
    allArgs: ArgNode[] | null,
    final: Final,
  ): GoValue[] {
    const argc = allArgs === null ? 0 : allArgs.length - 1;
    const numIn = argc + (final !== MISSING ? 1 : 0);
    const numFixed = this.checkArgCount(sig, name, argc, numIn);
    const params = sig.params;
    const variadic = sig.variadic;
    const argv: GoValue[] = new Array<GoValue>(numIn);
    let i = 0;
    for (; i < numFixed && i < argc; i++) argv[i] = this.evalArg(dot, di, params[i]!, allArgs![i + 1]!);
    if (variadic !== undefined) {
      const sliceIndexes = isBuiltin && name === 'slice';
      for (; i < argc; i++) {
        const node = allArgs![i + 1]!;
        argv[i] = this.evalArg(dot, di, variadic, node);
        // Go's slice does not look inside interface{} indexes: report them as Go does.
        if (sliceIndexes && argv[i] !== undefined && this.argIsIface(di, node)) argv[i] = INTERFACE_INDEX;
      }
    }
    if (final !== MISSING) {
      let t: GoParamType;
      if (variadic !== undefined) t = numIn - 1 < numFixed ? params[numIn - 1]! : variadic;
      else t = params[params.length - 1]!;
      argv[i] = this.validateType(final, t);
    }
    return argv;
  }

  /** and/or (short-circuit, returning the deciding value) and call. */
  private evalSpecialBuiltin(
    dot: GoValue,
    di: boolean,
    sig: GoMethodSignature,
    node: Node,
    name: string,
    allArgs: ArgNode[] | null,
    final: Final,
  ): GoValue {
    const argc = allArgs === null ? 0 : allArgs.length - 1;
    if (name === 'call') {
      const argv = this.evalCallArgs(dot, di, sig, true, name, allArgs, final);
      const callee = argc > 0 ? nodeString(allArgs![1]!) : formatValue(final as GoValue);
      this.node = node;
      const f = argv[0];
      if (f === undefined || f === null) this.errorf('error calling call: call of nil');
      this.errorf('error calling call: non-function %s of type %s', callee, typeOf(f));
    }
    this.checkArgCount(sig, name, argc, argc + (final !== MISSING ? 1 : 0));
    let v: GoValue = undefined;
    for (let i = 1; i <= argc; i++) {
      v = this.evalArg(dot, di, 'reflect.Value', allArgs![i]!);
      if (isTrue(v) === (name === 'or')) return v;
    }
    if (final !== MISSING) v = this.validateType(final, 'reflect.Value');
    return v;
  }

  private validateType(value: GoValue, typ: GoParamType | null): GoValue {
    if (value === undefined) {
      if (typ === null || typ === 'reflect.Value') return undefined;
      if (canBeNil(typ)) return null;
      this.errorf('invalid value; expected %s', typ);
    }
    if (typ === null || typ === 'reflect.Value' || typ === 'interface {}') return value;
    let ok: boolean;
    switch (typ) {
      case 'string':
        ok = typeof value === 'string';
        break;
      case 'bool':
        ok = typeof value === 'boolean';
        break;
      case 'int':
        ok = typeof value === 'bigint';
        break;
      case 'int64':
        ok = value instanceof GoNumber && value.kind === 'int64';
        break;
      case 'float64':
        ok = typeof value === 'number';
        break;
      case '[]interface {}':
      case '[]string':
        ok = Array.isArray(value) && sliceType(value) === typ;
        break;
      case 'map[string]interface {}':
        // A map[string]string (Sprig's split) is not assignable to map[string]interface {}; a
        // named map type of it (Helm's common.Values) is, and the function gets the plain map.
        if (!isGoMap(value)) ok = false;
        else if (mapType(value) === typ) ok = true;
        else if (mapUnderlyingType(value) === typ) return unnamedMap(value);
        else ok = false;
        break;
      case '[]int':
        ok = Array.isArray(value) && sliceType(value) === typ;
        break;
      case 'int8':
      case 'int16':
      case 'int32':
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
      case 'float32':
        ok = value instanceof GoNumber && value.kind === typ;
        break;
      default:
        ok = value instanceof GoStruct && value.goType === typ;
    }
    if (!ok) this.errorf('wrong type for value; expected %s; got %s', typ, value === null ? 'interface {}' : typeOf(value));
    return value;
  }

  /** Whether an argument's static type is interface{} (only `slice` needs it, see evalCall). */
  private argIsIface(di: boolean, n: ArgNode): boolean {
    switch (n.type) {
      case 'dot':
        return di;
      case 'field':
      case 'chain':
        return this.retIface;
      case 'variable':
        return n.ident.length === 1 ? this.varValue(n.ident[0]!).iface : this.retIface;
      default:
        return false;
    }
  }

  private evalArg(dot: GoValue, di: boolean, typ: GoParamType | null, n: ArgNode): GoValue {
    this.node = n;
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ !== null && canBeNil(typ)) return typ === 'reflect.Value' ? undefined : null;
        this.errorf('cannot assign nil to %s', typ ?? '<nil>');
      // falls through: errorf never returns
      case 'field':
        return this.validateType(this.evalFieldNode(dot, di, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, di, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, di, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, di, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, di, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf('expected bool; found %s', nodeString(n));
      // falls through
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float64;
        this.errorf('expected float; found %s', nodeString(n));
      // falls through
      case 'int':
        if (n.type === 'number' && n.isInt) return n.int64;
        this.errorf('expected integer; found %s', nodeString(n));
      // falls through
      case 'int64':
        if (n.type === 'number' && n.isInt) return new GoNumber('int64', n.int64);
        this.errorf('expected integer; found %s', nodeString(n));
      // falls through
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf('expected string; found %s', nodeString(n));
      // falls through
      case 'int8':
      case 'int16':
      case 'int32':
        if (n.type === 'number' && n.isInt) return new GoNumber(typ, BigInt.asIntN(Number(typ.slice(3)), n.int64));
        this.errorf('expected integer; found %s', nodeString(n));
      // falls through
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
        if (n.type === 'number' && n.isUint) {
          const bits = typ === 'uint' ? 64 : Number(typ.slice(4));
          return new GoNumber(typ, BigInt.asUintN(bits, n.uint64));
        }
        this.errorf('expected unsigned integer; found %s', nodeString(n));
      // falls through
      case 'float32':
        if (n.type === 'number' && n.isFloat) return new GoNumber('float32', Math.fround(n.float64));
        this.errorf('expected float; found %s', nodeString(n));
      // falls through
      case 'interface {}':
      case 'reflect.Value':
        switch (n.type) {
          case 'bool':
            return n.value;
          case 'number':
            return this.idealConstant(n);
          case 'string':
            return n.text;
        }
    }
    this.errorf("can't handle %s for arg of type %s", nodeString(n), typ ?? '<nil>');
  }

  private printValue(node: Node, v: GoValue): void {
    this.node = node;
    if (v === undefined) this.out += '<no value>';
    else if (v === null) this.out += '<nil>';
    else if (typeof v === 'string') this.out += v;
    else this.out += formatDeref(v, this.addr);
  }
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}
