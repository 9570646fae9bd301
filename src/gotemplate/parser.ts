// The template parser: builds typed trees from the lexer's items, as Go's text/template/parse
// does, with Go's error messages ("template: name:line: unexpected ...").
// Items are indexes into the lexer's Tokens (see lexer.ts): Go's look-ahead buffer (peek,
// backup, backup2, backup3) becomes moving one cursor over them.

import { ItemType, Tokens, itemString, lex, lineAt } from './lexer.js';
import { nodeString } from './nodes.js';
import type {
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './nodes.js';
import { sprintf } from './fmt.js';
import { parseCharConstant, parseFloat64, parseInt64, parseUint64, unquote } from './strconv.js';

export class ParseError extends Error {
  override name = 'ParseError';
  constructor(
    message: string,
    /** The parts of the message: template (file) name, line, and Go's text after them. */
    readonly parts: { name: string; line: number; detail: string },
  ) {
    super(message);
  }
}

/** One parsed template: its body and where it came from (for error positions). */
export class Tree {
  root: ListNode | null = null;
  constructor(
    public name: string,
    /** Name of the top-level template being parsed (error messages use it). */
    public parseName: string,
    /** The whole text the tree was parsed from. */
    public text: string,
  ) {}
}

const MAX_STACK_DEPTH = 10000;
// unicode.IsSpace, as bytes.TrimSpace uses it.
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
const MAX_PIPELINE_CMDS = 100000;

/**
 * An optional sign then 1 to 15 decimal digits, no leading zero (which would make it octal)
 * unless it is "0" itself: a value any number node type holds exactly.
 */
function isSmallDecimal(text: string): boolean {
  let i = text.charCodeAt(0) === 0x2b || text.charCodeAt(0) === 0x2d ? 1 : 0;
  const digits = text.length - i;
  if (digits < 1 || digits > 15) return false;
  if (text.charCodeAt(i) === 0x30 && digits > 1) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Whether a tree holds nothing but spaces and comments (Go's parse.IsEmptyTree). */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}

export interface ParseOptions {
  leftDelim?: string;
  rightDelim?: string;
  /** Whether a function of this name exists (user functions and builtins). */
  hasFunction: (name: string) => boolean;
  /** Keep comments in the tree. */
  parseComments?: boolean;
}

/** Token arrays kept for the next parse (a parse that starts during another makes its own). */
let spareTokens: Tokens | null = null;
/** Buffers that grew larger than this (items) are not kept between parses. */
const MAX_SPARE_TOKENS = 1 << 16;

/**
 * Parses `text` as template `name`; returns the trees it defines, the top-level one under
 * `name`. Throws ParseError with Go's message.
 */
export function parse(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const tokens = spareTokens ?? new Tokens();
  spareTokens = null;
  try {
    lex(
      text,
      options.leftDelim || '{{',
      options.rightDelim || '}}',
      { emitComment: options.parseComments ?? false, breakOK: !options.hasFunction('break'), continueOK: !options.hasFunction('continue') },
      tokens,
    );
    const p = new Parser(new Tree(name, name, text), tokens, treeSet, options.hasFunction, 0);
    p.parseTop();
    p.add();
  } finally {
    tokens.input = '';
    if (tokens.kind.length <= MAX_SPARE_TOKENS) spareTokens = tokens;
  }
  return treeSet;
}

class Parser {
  private readonly kind: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly text: string;
  /** The item to read next. */
  private i: number;
  /** The furthest item this parser has read: Go reports parse errors on its line. */
  private last = -1;
  /** The {{end}} or {{else}} that ended the last itemList. */
  private listEnd: Node | null = null;
  private vars: string[] = ['$'];
  /** Where the action being parsed started (-1: none); errors name its line. */
  private actionPos = -1;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    private tree: Tree,
    private tokens: Tokens,
    private treeSet: Map<string, Tree>,
    private hasFunction: (name: string) => boolean,
    first: number,
  ) {
    this.kind = tokens.kind;
    this.start = tokens.start;
    this.end = tokens.end;
    this.text = tree.text;
    this.i = first;
  }

  /** A parser for a {{define}} or {{block}} body, reading on from here. */
  private subParser(name: string): Parser {
    const sub = new Parser(new Tree(name, this.tree.parseName, this.tree.text), this.tokens, this.treeSet, this.hasFunction, this.i);
    sub.last = this.last;
    return sub;
  }

  // ---- items -----------------------------------------------------------------------------

  private next(): number {
    const k = this.i++;
    if (k > this.last) this.last = k;
    return k;
  }

  private backup(): void {
    this.i--;
  }

  private peek(): number {
    const k = this.i;
    if (k > this.last) this.last = k;
    return k;
  }

  private nextNonSpace(): number {
    let k = this.i;
    while (this.kind[k] === ItemType.Space) k++;
    this.i = k + 1;
    if (k > this.last) this.last = k;
    return k;
  }

  private peekNonSpace(): number {
    let k = this.i;
    while (this.kind[k] === ItemType.Space) k++;
    this.i = k;
    if (k > this.last) this.last = k;
    return k;
  }

  /** The text of an item known not to be an Error item. */
  private slice(k: number): string {
    return this.text.slice(this.start[k], this.end[k]);
  }

  // ---- errors ----------------------------------------------------------------------------

  private errorf(format: string, ...args: Parameters<typeof sprintf>[1]): never {
    const line = lineAt(this.text, this.last < 0 ? 0 : this.start[this.last]!);
    const detail = sprintf(format, args);
    const name = this.tree.parseName;
    throw new ParseError(`template: ${name}:${line}: ${detail}`, { name, line, detail });
  }

  private expect(expected: ItemType, context: string): number {
    const k = this.nextNonSpace();
    if (this.kind[k] !== expected) this.unexpected(k, context);
    return k;
  }

  private expectOneOf(e1: ItemType, e2: ItemType, context: string): number {
    const k = this.nextNonSpace();
    if (this.kind[k] !== e1 && this.kind[k] !== e2) this.unexpected(k, context);
    return k;
  }

  private unexpected(k: number, context: string): never {
    const type = this.kind[k]!;
    const val = this.tokens.val(k);
    if (type === ItemType.Error) {
      let extra = '';
      const actionLine = this.actionPos < 0 ? 0 : lineAt(this.text, this.actionPos);
      if (actionLine !== 0 && actionLine !== lineAt(this.text, this.start[k]!)) {
        extra = ` in action started at ${this.tree.parseName}:${actionLine}`;
        if (val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf('%s%s', val, extra);
    }
    this.errorf('unexpected %s in %s', itemString(type, val), context);
  }

  // ---- structure -------------------------------------------------------------------------

  add(): void {
    const t = this.tree;
    const existing = this.treeSet.get(t.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.treeSet.set(t.name, t);
      return;
    }
    if (!isEmptyTree(t.root)) this.errorf('template: multiple definition of template %q', t.name);
  }

  parseTop(): void {
    // (Node literals take their arrays from variables: an object literal holding an array
    // literal is built by a slow runtime call in V8's interpreter.)
    const nodes: Node[] = [];
    const root: ListNode = { type: 'list', pos: this.start[this.peek()]!, nodes };
    this.tree.root = root;
    while (this.kind[this.peek()] !== ItemType.EOF) {
      if (this.kind[this.peek()] === ItemType.LeftDelim) {
        const delim = this.next();
        if (this.kind[this.nextNonSpace()] === ItemType.Define) {
          const sub = this.subParser('definition');
          sub.parseDefinition();
          this.i = sub.i;
          continue;
        }
        this.i = delim; // Go's backup2(delim)
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf('unexpected %s', nodeString(n));
      root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(ItemType.String, ItemType.RawString, context);
    this.tree.name = this.unquoteOrFail(this.slice(name));
    this.expect(ItemType.RightDelim, context);
    this.tree.root = this.itemList();
    const end = this.listEnd!;
    if (end.type !== 'end') this.errorf('unexpected %s in %s', nodeString(end), context);
    this.add();
  }

  /** Nodes up to an {{end}} or {{else}}, which it leaves in listEnd. */
  private itemList(): ListNode {
    const nodes: Node[] = [];
    const list: ListNode = { type: 'list', pos: this.start[this.peekNonSpace()]!, nodes };
    while (this.kind[this.peekNonSpace()] !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') {
        this.listEnd = n;
        return list;
      }
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const k = this.nextNonSpace();
    switch (this.kind[k]) {
      case ItemType.Text:
        return { type: 'text', pos: this.start[k]!, text: this.slice(k) };
      case ItemType.LeftDelim: {
        this.actionPos = this.start[k]!;
        const n = this.action();
        this.actionPos = -1;
        return n;
      }
      case ItemType.Comment:
        return { type: 'comment', pos: this.start[k]!, text: this.slice(k) };
      default:
        this.unexpected(k, 'input');
    }
  }

  private action(): Node {
    const k = this.nextNonSpace();
    switch (this.kind[k]) {
      case ItemType.Block:
        return this.blockControl();
      case ItemType.Break:
        return this.breakControl(k, 'break');
      case ItemType.Continue:
        return this.breakControl(k, 'continue');
      case ItemType.Else:
        return this.elseControl();
      case ItemType.End:
        return { type: 'end', pos: this.start[this.expect(ItemType.RightDelim, 'end')]! };
      case ItemType.If:
        return this.branch('if');
      case ItemType.Range:
        return this.branch('range');
      case ItemType.Template:
        return this.templateControl();
      case ItemType.With:
        return this.branch('with');
    }
    this.backup();
    return { type: 'action', pos: this.start[this.peek()]!, pipe: this.pipeline('command', ItemType.RightDelim) };
  }

  private breakControl(k: number, kind: 'break' | 'continue'): Node {
    const next = this.nextNonSpace();
    if (this.kind[next] !== ItemType.RightDelim) this.unexpected(next, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf('{{%s}} outside {{range}}', kind);
    return { type: kind, pos: this.start[k]! };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const kind = this.kind;
    const decl: VariableNode[] = [];
    const cmds: CommandNode[] = [];
    const pipe: PipeNode = { type: 'pipe', pos: this.start[this.peekNonSpace()]!, isAssign: false, decl, cmds };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (kind[v] !== ItemType.Variable) break;
      this.next();
      // "$x foo" needs look-ahead past the space to tell an argument from a declaration.
      const next = this.peekNonSpace();
      const type = kind[next];
      if (type === ItemType.Assign || type === ItemType.Declare) {
        pipe.isAssign = type === ItemType.Assign;
        this.nextNonSpace();
        this.declare(pipe, v);
      } else if (type === ItemType.Char && this.text.charCodeAt(this.start[next]!) === 0x2c) {
        this.nextNonSpace();
        this.declare(pipe, v);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = kind[this.peekNonSpace()];
          if (t === ItemType.Variable || t === ItemType.RightDelim || t === ItemType.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf('too many declarations in %s', context);
      } else {
        // Not a declaration: the variable is read again as an operand (Go's backup2/backup3).
        this.i = v;
      }
      break;
    }
    for (;;) {
      const k = this.nextNonSpace();
      const type = kind[k]!;
      if (type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      // Bool..Nil are the items that start an operand (Keyword itself is never lexed).
      if (type < ItemType.Bool || type > ItemType.Nil) this.unexpected(k, context);
      this.backup();
      pipe.cmds.push(this.command());
      if (pipe.cmds.length > MAX_PIPELINE_CMDS) this.errorf('pipeline too long');
    }
  }

  private declare(pipe: PipeNode, v: number): void {
    // A variable item is one name: the lexer ends it at a '.'.
    const name = this.slice(v);
    const ident = [name];
    pipe.decl.push({ type: 'variable', pos: this.start[v]!, ident });
    this.vars.push(name);
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf('missing value for %s', context);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const t = pipe.cmds[i]!.args[0]!.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf('non executable command in pipeline stage %d', BigInt(i + 1));
      }
    }
  }

  private branch(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, ItemType.RightDelim);
    if (context === 'range') this.rangeDepth++;
    const list = this.itemList();
    let next = this.listEnd!;
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.type === 'else') {
      // "{{else if}}" and "{{else with}}" nest a new branch in the else list, whose
      // {{end}} also closes this one.
      if (context === 'if' && this.kind[this.peek()] === ItemType.If) {
        this.next();
        const nodes: Node[] = [this.branch('if')];
        elseList = { type: 'list', pos: next.pos, nodes };
      } else if (context === 'with' && this.kind[this.peek()] === ItemType.With) {
        this.next();
        const nodes: Node[] = [this.branch('with')];
        elseList = { type: 'list', pos: next.pos, nodes };
      } else {
        elseList = this.itemList();
        next = this.listEnd!;
        if (next.type !== 'end') this.errorf('expected end; found %s', nodeString(next));
      }
    }
    // Variables declared in the control's pipeline and body end with it. (After an error the
    // parse is over, so there is nothing to restore then.)
    this.vars.length = mark;
    return { type: context, pos: pipe.pos, pipe, list, elseList };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    const type = this.kind[peek];
    if (type === ItemType.If || type === ItemType.With) return { type: 'else', pos: this.start[peek]! };
    return { type: 'else', pos: this.start[this.expect(ItemType.RightDelim, 'else')]! };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const k = this.nextNonSpace();
    const name = this.parseTemplateName(k, context);
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const block = this.subParser(name);
    block.tree.root = block.itemList();
    this.i = block.i;
    const end = block.listEnd!;
    // Go reports this on the line of the last item this parser (not the block's) read.
    if (end.type !== 'end') this.errorf('unexpected %s in %s', nodeString(end), context);
    block.add();
    const node: TemplateNode = { type: 'template', pos: this.start[k]!, name, pipe };
    return node;
  }

  private templateControl(): Node {
    const context = 'template clause';
    const k = this.nextNonSpace();
    const name = this.parseTemplateName(k, context);
    let pipe: PipeNode | null = null;
    if (this.kind[this.nextNonSpace()] !== ItemType.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, ItemType.RightDelim);
    }
    return { type: 'template', pos: this.start[k]!, name, pipe };
  }

  private parseTemplateName(k: number, context: string): string {
    const type = this.kind[k];
    if (type === ItemType.String || type === ItemType.RawString) return this.stringValue(this.slice(k));
    this.unexpected(k, context);
  }

  /** The value of a lexed string literal: most have no escapes and are their own text. */
  private stringValue(quoted: string): string {
    const q = quoted.charCodeAt(0);
    if ((q === 0x22 && !quoted.includes('\\')) || (q === 0x60 && !quoted.includes('\r'))) return quoted.slice(1, -1);
    return this.unquoteOrFail(quoted);
  }

  private unquoteOrFail(text: string): string {
    try {
      return unquote(text);
    } catch (e) {
      this.errorf('%s', (e as Error).message);
    }
  }

  private command(): CommandNode {
    const args: ArgNode[] = [];
    const cmd: CommandNode = { type: 'command', pos: this.start[this.peekNonSpace()]!, args };
    for (;;) {
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const k = this.next();
      const type = this.kind[k];
      if (type === ItemType.Space) continue;
      if (type === ItemType.RightDelim || type === ItemType.RightParen) this.backup();
      else if (type !== ItemType.Pipe) this.unexpected(k, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  /** A field item's name, without its dot (a field item is one name: the lexer ends it at a '.'). */
  private fieldName(k: number): string {
    return this.text.slice(this.start[k]! + 1, this.end[k]);
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null) return null;
    const k = this.peek();
    if (this.kind[k] !== ItemType.Field) return node;
    // Fields after a field or variable extend it (at the position of the first of them, as
    // Go's chain does); after anything else they make a chain.
    if (node.type === 'field' || node.type === 'variable') {
      do node.ident.push(this.fieldName(this.next()));
      while (this.kind[this.peek()] === ItemType.Field);
      node.pos = this.start[k]!;
      return node;
    }
    const field: string[] = [];
    const chain: ChainNode = { type: 'chain', pos: this.start[k]!, node, field };
    do chain.field.push(this.fieldName(this.next()));
    while (this.kind[this.peek()] === ItemType.Field);
    switch (node.type) {
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf('unexpected . after term %q', nodeString(node));
    }
    return chain;
  }

  private term(): ArgNode | null {
    const k = this.nextNonSpace();
    const pos = this.start[k]!;
    switch (this.kind[k]) {
      case ItemType.Identifier: {
        const name = this.slice(k);
        if (!this.hasFunction(name)) this.errorf('function %q not defined', name);
        return { type: 'identifier', pos, ident: name };
      }
      case ItemType.Dot:
        return { type: 'dot', pos };
      case ItemType.Nil:
        return { type: 'nil', pos };
      case ItemType.Variable:
        return this.useVar(pos, this.slice(k));
      case ItemType.Field: {
        const ident = [this.fieldName(k)];
        return { type: 'field', pos, ident };
      }
      case ItemType.Bool:
        return { type: 'bool', pos, value: this.text.charCodeAt(pos) === 0x74 }; // "true"
      case ItemType.CharConstant:
      case ItemType.Complex:
      case ItemType.Number:
        return this.newNumber(k);
      case ItemType.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        const pipe = this.pipeline('parenthesized pipeline', ItemType.RightParen);
        this.stackDepth--;
        return pipe;
      }
      case ItemType.String:
      case ItemType.RawString: {
        const quoted = this.slice(k);
        return { type: 'string', pos, quoted, text: this.stringValue(quoted) };
      }
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): VariableNode {
    // A variable item is one name: the lexer ends it at a '.'.
    const ident = [name];
    const v: VariableNode = { type: 'variable', pos, ident };
    if (!this.vars.includes(name)) this.errorf('undefined variable %q', name);
    return v;
  }

  /** Go's simplifyComplex: a complex constant with no imaginary part is also a float (and int). */
  private simplifyComplex(n: NumberNode, re: number, im: number): NumberNode {
    n.isComplex = true;
    n.complex128 = [re, im];
    if (im === 0) {
      n.isFloat = true;
      n.float64 = re;
      if (Number.isInteger(re) && Math.abs(re) < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(re);
      }
      if (Number.isInteger(re) && re >= 0 && re < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(re);
      }
    }
    return n;
  }

  private newNumber(k: number): NumberNode {
    const text = this.slice(k);
    const type = this.kind[k];
    const complex128: [number, number] = [0, 0];
    const n: NumberNode = {
      type: 'number',
      pos: this.start[k]!,
      text,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      complex128,
      int64: 0n,
      uint64: 0n,
      float64: 0,
    };
    if (type === ItemType.CharConstant) {
      let r: number;
      try {
        r = parseCharConstant(text);
      } catch (e) {
        this.errorf('%s', (e as Error).message);
      }
      n.int64 = n.uint64 = BigInt(r);
      n.float64 = r;
      n.isInt = n.isUint = n.isFloat = true;
      return n;
    }
    if (type === ItemType.Complex) {
      // "re+imi": the sign that starts the imaginary part is not the first character and
      // does not follow an exponent marker.
      let split = -1;
      for (let k = text.length - 2; k > 0; k--) {
        const c = text[k];
        if ((c === '+' || c === '-') && !/[eEpP]/.test(text[k - 1]!)) {
          split = k;
          break;
        }
      }
      const re = split > 0 ? parseFloat64(text.slice(0, split)) : null;
      const im = split > 0 ? parseFloat64(text.slice(split, -1)) : null;
      if (re === null || im === null) this.errorf('expected integer');
      return this.simplifyComplex(n, re, im);
    }
    if (isSmallDecimal(text)) {
      // The common case ("3", "-1", "8080"): exactly representable everywhere, no BigInt parsing.
      const v = Number(text) || 0; // "-0" is the integer 0
      n.isInt = n.isFloat = true;
      n.int64 = BigInt(v);
      n.float64 = v;
      // As strconv.ParseUint would: no sign allowed, except that a signed zero is still 0.
      if (v === 0 || text.charCodeAt(0) !== 0x2b) {
        if (v >= 0) {
          n.isUint = true;
          n.uint64 = n.int64;
        }
      }
      return n;
    }
    if (text.endsWith('i')) {
      const im = parseFloat64(text.slice(0, -1));
      if (im !== null) return this.simplifyComplex(n, 0, im);
    }
    const u = parseUint64(text);
    if (u !== null) {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = parseInt64(text);
    if (i !== null) {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true;
        n.uint64 = u ?? 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseFloat64(text);
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) this.errorf('integer overflow: %q', text);
        n.isFloat = true;
        n.float64 = f;
        if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf('illegal number syntax: %q', text);
    return n;
  }
}
