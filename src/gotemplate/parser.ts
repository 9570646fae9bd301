// The template parser: builds typed trees from the lexer's items, as Go's text/template/parse
// does, with Go's error messages ("template: name:line: unexpected ...").

import { ItemType, Lexer, itemString } from './lexer.js';
import type { Item } from './lexer.js';
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

/**
 * Parses `text` as template `name`; returns the trees it defines, the top-level one under
 * `name`. Throws ParseError with Go's message.
 */
export function parse(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const lexer = new Lexer(text, options.leftDelim, options.rightDelim);
  lexer.options = {
    emitComment: options.parseComments ?? false,
    breakOK: !options.hasFunction('break'),
    continueOK: !options.hasFunction('continue'),
  };
  const p = new Parser(new Tree(name, name, text), lexer, treeSet, options.hasFunction);
  p.parseTop();
  p.add();
  return treeSet;
}

class Parser {
  private token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  /** Where the action being parsed started (-1: none); errors name its line. */
  private actionPos = -1;
  private rangeDepth = 0;
  private stackDepth = 0;
  /** Position of the most recently lexed item (Go reports parse errors on its line). */
  private lastPos = 0;

  constructor(
    private tree: Tree,
    private lex: Lexer,
    private treeSet: Map<string, Tree>,
    private hasFunction: (name: string) => boolean,
  ) {}

  // ---- tokens ----------------------------------------------------------------------------

  private lexNext(): Item {
    const item = this.lex.nextItem();
    this.lastPos = item.pos;
    return item;
  }

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.type === ItemType.Space);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ---- errors ----------------------------------------------------------------------------

  private errorf(format: string, ...args: Parameters<typeof sprintf>[1]): never {
    const line = this.lex.lineAt(this.token[0]?.pos ?? this.lastPos);
    const detail = sprintf(format, args);
    const name = this.tree.parseName;
    throw new ParseError(`template: ${name}:${line}: ${detail}`, { name, line, detail });
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(e1: ItemType, e2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== e1 && token.type !== e2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.type === ItemType.Error) {
      let extra = '';
      const actionLine = this.actionPos < 0 ? 0 : this.lex.lineAt(this.actionPos);
      if (actionLine !== 0 && actionLine !== this.lex.lineAt(token.pos)) {
        extra = ` in action started at ${this.tree.parseName}:${actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf('%s%s', token.val, extra);
    }
    this.errorf('unexpected %s in %s', itemString(token), context);
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
    this.tree.root = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== ItemType.EOF) {
      if (this.peek().type === ItemType.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().type === ItemType.Define) {
          const sub = new Parser(new Tree('definition', this.tree.parseName, this.tree.text), this.lex, this.treeSet, this.hasFunction);
          sub.lastPos = this.lastPos;
          sub.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf('unexpected %s', nodeString(n));
      this.tree.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(ItemType.String, ItemType.RawString, context);
    this.tree.name = this.unquoteOrFail(name.val);
    this.expect(ItemType.RightDelim, context);
    const [list, end] = this.itemList();
    this.tree.root = list;
    if (end.type !== 'end') this.errorf('unexpected %s in %s', nodeString(end), context);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.type) {
      case ItemType.Text:
        return { type: 'text', pos: token.pos, text: token.val };
      case ItemType.LeftDelim: {
        this.actionPos = token.pos;
        try {
          return this.action();
        } finally {
          this.actionPos = -1;
        }
      }
      case ItemType.Comment:
        return { type: 'comment', pos: token.pos, text: token.val };
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.type) {
      case ItemType.Block:
        return this.blockControl();
      case ItemType.Break:
        return this.breakControl(token, 'break');
      case ItemType.Continue:
        return this.breakControl(token, 'continue');
      case ItemType.Else:
        return this.elseControl();
      case ItemType.End:
        return { type: 'end', pos: this.expect(ItemType.RightDelim, 'end').pos };
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
    const start = this.peek();
    return { type: 'action', pos: start.pos, pipe: this.pipeline('command', ItemType.RightDelim) };
  }

  private breakControl(token: Item, kind: 'break' | 'continue'): Node {
    const next = this.nextNonSpace();
    if (next.type !== ItemType.RightDelim) this.unexpected(next, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf('{{%s}} outside {{range}}', kind);
    return { type: kind, pos: token.pos };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: token.pos, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== ItemType.Variable) break;
      this.next();
      // "$x foo" needs three tokens of look-ahead to tell an argument from a declaration.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === ItemType.Assign || next.type === ItemType.Declare) {
        pipe.isAssign = next.type === ItemType.Assign;
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
      } else if (next.type === ItemType.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type;
          if (t === ItemType.Variable || t === ItemType.RightDelim || t === ItemType.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf('too many declarations in %s', context);
      } else if (tokenAfterVariable.type === ItemType.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.type) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case ItemType.Bool:
        case ItemType.CharConstant:
        case ItemType.Complex:
        case ItemType.Dot:
        case ItemType.Field:
        case ItemType.Identifier:
        case ItemType.Number:
        case ItemType.Nil:
        case ItemType.RawString:
        case ItemType.String:
        case ItemType.Variable:
        case ItemType.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          if (pipe.cmds.length > MAX_PIPELINE_CMDS) this.errorf('pipeline too long');
          break;
        default:
          this.unexpected(token, context);
      }
    }
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
    try {
      const pipe = this.pipeline(context, ItemType.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // "{{else if}}" and "{{else with}}" nest a new branch in the else list, whose
        // {{end}} also closes this one.
        if (context === 'if' && this.peek().type === ItemType.If) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.branch('if')] };
        } else if (context === 'with' && this.peek().type === ItemType.With) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.branch('with')] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf('expected end; found %s', nodeString(next));
        }
      }
      return { type: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.type === ItemType.If || peek.type === ItemType.With) return { type: 'else', pos: peek.pos };
    const token = this.expect(ItemType.RightDelim, 'else');
    return { type: 'else', pos: token.pos };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const block = new Parser(new Tree(name, this.tree.parseName, this.tree.text), this.lex, this.treeSet, this.hasFunction);
    block.lastPos = this.lastPos;
    const [list, end] = block.itemList();
    block.tree.root = list;
    if (end.type !== 'end') this.errorf('unexpected %s in %s', nodeString(end), context);
    block.add();
    const node: TemplateNode = { type: 'template', pos: token.pos, name, pipe };
    return node;
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== ItemType.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, ItemType.RightDelim);
    }
    return { type: 'template', pos: token.pos, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.type === ItemType.String || token.type === ItemType.RawString) return this.unquoteOrFail(token.val);
    this.unexpected(token, context);
  }

  private unquoteOrFail(text: string): string {
    try {
      return unquote(text);
    } catch (e) {
      this.errorf('%s', (e as Error).message);
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.type === ItemType.Space) continue;
      if (token.type === ItemType.RightDelim || token.type === ItemType.RightParen) this.backup();
      else if (token.type !== ItemType.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null) return null;
    if (this.peek().type === ItemType.Field) {
      const chain: ChainNode = { type: 'chain', pos: this.peek().pos, node, field: [] };
      while (this.peek().type === ItemType.Field) chain.field.push(this.next().val.slice(1));
      switch (node.type) {
        case 'field':
          return { type: 'field', pos: chain.pos, ident: [...node.ident, ...chain.field] };
        case 'variable':
          return { type: 'variable', pos: chain.pos, ident: [...node.ident, ...chain.field] };
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf('unexpected . after term %q', nodeString(node));
      }
      return chain;
    }
    return node;
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.type) {
      case ItemType.Identifier:
        if (!this.hasFunction(token.val)) this.errorf('function %q not defined', token.val);
        return { type: 'identifier', pos: token.pos, ident: token.val };
      case ItemType.Dot:
        return { type: 'dot', pos: token.pos };
      case ItemType.Nil:
        return { type: 'nil', pos: token.pos };
      case ItemType.Variable:
        return this.useVar(token.pos, token.val);
      case ItemType.Field:
        return { type: 'field', pos: token.pos, ident: token.val.slice(1).split('.') };
      case ItemType.Bool:
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case ItemType.CharConstant:
      case ItemType.Complex:
      case ItemType.Number:
        return this.newNumber(token);
      case ItemType.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', ItemType.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case ItemType.String:
      case ItemType.RawString:
        return { type: 'string', pos: token.pos, quoted: token.val, text: this.unquoteOrFail(token.val) };
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): VariableNode {
    const v: VariableNode = { type: 'variable', pos, ident: name.split('.') };
    if (!this.vars.includes(v.ident[0]!)) this.errorf('undefined variable %q', v.ident[0]!);
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

  private newNumber(token: Item): NumberNode {
    const text = token.val;
    const n: NumberNode = {
      type: 'number',
      pos: token.pos,
      text,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      complex128: [0, 0],
      int64: 0n,
      uint64: 0n,
      float64: 0,
    };
    if (token.type === ItemType.CharConstant) {
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
    if (token.type === ItemType.Complex) {
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
