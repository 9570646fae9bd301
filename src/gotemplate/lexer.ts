// The template lexer: a state machine of functions (as in Go's text/template/parse) that
// emits items on demand. Positions are UTF-16 offsets into the text; lines are 1-based.

import { sprintf } from './fmt.js';
import { quote } from './quote.js';

export const enum ItemType {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords come after all the above.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

/** A token. Its line is not kept: only errors need one (Lexer.lineAt(pos), as Go's ErrorContext). */
export interface Item {
  type: ItemType;
  pos: number;
  val: string;
}

const KEYWORDS: Record<string, ItemType> = {
  '.': ItemType.Dot,
  block: ItemType.Block,
  break: ItemType.Break,
  continue: ItemType.Continue,
  define: ItemType.Define,
  else: ItemType.Else,
  end: ItemType.End,
  if: ItemType.If,
  range: ItemType.Range,
  nil: ItemType.Nil,
  template: ItemType.Template,
  with: ItemType.With,
};

/** How Go prints an item in parse errors ("unexpected <end> in ..."). */
export function itemString(i: Item): string {
  if (i.type === ItemType.EOF) return 'EOF';
  if (i.type === ItemType.Error) return i.val;
  if (i.type > ItemType.Keyword) return `<${i.val}>`;
  if ([...i.val].length > 10) return sprintf('%.10q...', [i.val]);
  return quote(i.val);
}

const EOF = -1;
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2; // "-" plus a space

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

function isAsciiAlphaNumeric(c: number): boolean {
  return c === 0x5f || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

/** Skips ASCII letters, digits and '_' from `pos` (the common case of an identifier). */
function skipAsciiAlphaNumeric(s: string, pos: number): number {
  while (pos < s.length && isAsciiAlphaNumeric(s.charCodeAt(pos))) pos++;
  return pos;
}

function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) return r >= 0 && isAsciiAlphaNumeric(r);
  if (r === EOF) return false;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(r));
}

function isSpaceChar(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s[at] === '-' && isSpaceChar(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpaceChar(s[at]) && s[at + 1] === '-';
}

type StateFn = ((l: Lexer) => StateFn) | null;

function lineStartsOf(input: string): number[] {
  const starts = [0];
  for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

const NO_DELIM = 0;
const AT_DELIM = 1;
const AT_TRIM_DELIM = 2;
type RightDelim = typeof NO_DELIM | typeof AT_DELIM | typeof AT_TRIM_DELIM;

export interface LexOptions {
  emitComment: boolean;
  breakOK: boolean;
  continueOK: boolean;
}

export class Lexer {
  readonly input: string;
  readonly leftDelim: string;
  readonly rightDelim: string;
  /** First UTF-16 unit of rightDelim, checked before comparing the whole delimiter. */
  private readonly rightDelim0: number;
  options: LexOptions = { emitComment: false, breakOK: true, continueOK: true };
  pos = 0;
  start = 0;
  parenDepth = 0;
  insideAction = false;
  private item: Item | null = null;
  /** Offsets where lines start, found on the first lineAt call (only errors need lines). */
  private lineStarts: number[] | null = null;
  /** Index in lineStarts of the last line lineAt answered (errors ask in text order). */
  private lastLine = 0;

  constructor(input: string, leftDelim = '{{', rightDelim = '}}') {
    this.input = input;
    this.leftDelim = leftDelim || '{{';
    this.rightDelim = rightDelim || '}}';
    this.rightDelim0 = this.rightDelim.charCodeAt(0);
  }

  /** 1-based line of an offset. */
  lineAt(pos: number): number {
    const starts = (this.lineStarts ??= lineStartsOf(this.input));
    let k = this.lastLine;
    if (starts[k]! <= pos) {
      // Usually the same line or a few lines further: walk forward.
      const last = starts.length - 1;
      while (k < last && starts[k + 1]! <= pos) k++;
      this.lastLine = k;
      return k + 1;
    }
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Runs the state machine until it emits the next item. */
  nextItem(): Item {
    this.item = null;
    let state: StateFn = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item ?? { type: ItemType.EOF, pos: this.pos, val: 'EOF' };
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.pos = this.input.length + 1; // mark EOF so backup is a no-op
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.pos += r > 0xffff ? 2 : 1;
    return r;
  }

  peek(): number {
    if (this.pos >= this.input.length) return EOF;
    return this.input.codePointAt(this.pos)!;
  }

  backup(): void {
    if (this.pos > this.input.length) {
      this.pos = this.input.length;
      return;
    }
    if (this.pos <= 0) return;
    const c = this.input.charCodeAt(this.pos - 1);
    this.pos -= c >= 0xdc00 && c <= 0xdfff && this.pos >= 2 ? 2 : 1;
  }

  private thisItem(type: ItemType): Item {
    const end = Math.min(this.pos, this.input.length);
    const item = { type, pos: this.start, val: this.input.slice(this.start, end) };
    this.start = end;
    return item;
  }

  emit(type: ItemType): StateFn {
    this.item = this.thisItem(type);
    return null;
  }

  emitItem(item: Item): StateFn {
    this.item = item;
    return null;
  }

  ignore(): void {
    this.start = Math.min(this.pos, this.input.length);
  }

  /** Consumes the next character if it is one of `valid` (ASCII only). */
  accept(valid: string): boolean {
    const pos = this.pos;
    if (pos < this.input.length && this.input.charCodeAt(pos) < 0x80 && valid.includes(this.input[pos]!)) {
      this.pos = pos + 1;
      return true;
    }
    return false;
  }

  /** Consumes a run of characters from `valid` (ASCII only). */
  acceptRun(valid: string): void {
    const input = this.input;
    let pos = this.pos;
    while (pos < input.length && input.charCodeAt(pos) < 0x80 && valid.includes(input[pos]!)) pos++;
    this.pos = pos;
  }

  /** Emits an error item and stops lexing. */
  errorf(format: string, ...args: Parameters<typeof sprintf>[1]): StateFn {
    this.item = { type: ItemType.Error, pos: this.start, val: sprintf(format, args) };
    // Lexing stops here: from now on the lexer only reports EOF.
    this.start = this.pos = this.input.length;
    this.insideAction = false;
    return null;
  }

  /**
   * Whether the input is at a right delimiter: NO_DELIM, AT_DELIM, or AT_TRIM_DELIM when a
   * trim marker precedes it. (A number, not an object: this runs for every token in an action.)
   */
  atRightDelim(): RightDelim {
    const input = this.input;
    const pos = this.pos;
    const c = input.charCodeAt(pos);
    if ((c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) && input.charCodeAt(pos + 1) === 0x2d && input.startsWith(this.rightDelim, pos + TRIM_MARKER_LEN)) {
      return AT_TRIM_DELIM;
    }
    return c === this.rightDelim0 && input.startsWith(this.rightDelim, pos) ? AT_DELIM : NO_DELIM;
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function rightTrimLength(s: string): number {
  let i = s.length;
  while (i > 0 && isSpaceChar(s[i - 1])) i--;
  return s.length - i;
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpaceChar(s[i])) i++;
  return i - from;
}

function lexText(l: Lexer): StateFn {
  const x = l.input.indexOf(l.leftDelim, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      let trimLength = 0;
      const delimEnd = l.pos + l.leftDelim.length;
      if (hasLeftTrimMarker(l.input, delimEnd)) trimLength = rightTrimLength(l.input.slice(l.start, l.pos));
      l.pos -= trimLength;
      const text = l.start < l.pos;
      const item: Item = { type: ItemType.Text, pos: l.start, val: l.input.slice(l.start, l.pos) };
      l.pos += trimLength;
      l.ignore();
      if (text) return l.emitItem(item);
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) return l.emit(ItemType.Text);
  return l.emit(ItemType.EOF);
}

function lexLeftDelim(l: Lexer): StateFn {
  l.pos += l.leftDelim.length;
  const trimSpace = hasLeftTrimMarker(l.input, l.pos);
  const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  const item: Item = { type: ItemType.LeftDelim, pos: l.start, val: l.input.slice(l.start, l.pos) };
  l.insideAction = true;
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(item);
}

function lexComment(l: Lexer): StateFn {
  l.pos += LEFT_COMMENT.length;
  const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
  if (x < 0) return l.errorf('unclosed comment');
  l.pos = x + RIGHT_COMMENT.length;
  const delim = l.atRightDelim();
  if (delim === NO_DELIM) return l.errorf('comment ends before closing delimiter');
  const trimSpace = delim === AT_TRIM_DELIM;
  const item: Item = { type: ItemType.Comment, pos: l.start, val: l.input.slice(l.start, l.pos) };
  if (trimSpace) l.pos += TRIM_MARKER_LEN;
  l.pos += l.rightDelim.length;
  if (trimSpace) l.pos += leftTrimLength(l.input, l.pos);
  l.ignore();
  if (l.options.emitComment) return l.emitItem(item);
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn {
  const trimSpace = l.atRightDelim() === AT_TRIM_DELIM;
  if (trimSpace) {
    l.pos += TRIM_MARKER_LEN;
    l.ignore();
  }
  l.pos += l.rightDelim.length;
  const item: Item = { type: ItemType.RightDelim, pos: l.start, val: l.input.slice(l.start, l.pos) };
  l.start = l.pos;
  if (trimSpace) {
    l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
  }
  l.insideAction = false;
  return l.emitItem(item);
}

function lexInsideAction(l: Lexer): StateFn {
  if (l.atRightDelim() !== NO_DELIM) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup();
    return lexSpace;
  }
  switch (r) {
    case 0x3d: // =
      return l.emit(ItemType.Assign);
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf('expected :=');
      return l.emit(ItemType.Declare);
    case 0x7c: // |
      return l.emit(ItemType.Pipe);
    case 0x22: // "
      return lexQuote;
    case 0x60: // `
      return lexRawQuote;
    case 0x24: // $
      return lexVariable;
    case 0x27: // '
      return lexChar;
    case 0x2e: {
      // '.' starts a field unless a digit follows (then it is a number)
      if (l.pos < l.input.length) {
        const c = l.input.charCodeAt(l.pos);
        if (c < 0x30 || c > 0x39) return lexField;
      }
      l.backup();
      return lexNumber;
    }
    case 0x28: // (
      l.parenDepth++;
      return l.emit(ItemType.LeftParen);
    case 0x29: // )
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return l.emit(ItemType.RightParen);
  }
  if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r < 0x80 && r >= 0x20 && r < 0x7f) {
    return l.emit(ItemType.Char);
  }
  return l.errorf('unrecognized character in action: %#U', BigInt(r));
}

function lexSpace(l: Lexer): StateFn {
  const input = l.input;
  let pos = l.pos;
  while (pos < input.length && isSpace(input.charCodeAt(pos))) pos++;
  const numSpaces = pos - l.pos;
  l.pos = pos;
  // A trim-marked right delimiter (" -}}") starts with a space: leave that space for it.
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(l.rightDelim, l.pos - 1 + TRIM_MARKER_LEN)) {
    l.backup();
    if (numSpaces === 1) return lexInsideAction;
  }
  return l.emit(ItemType.Space);
}

function lexIdentifier(l: Lexer): StateFn {
  l.pos = skipAsciiAlphaNumeric(l.input, l.pos);
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf('bad character %#U', BigInt(r));
    const key = KEYWORDS[word];
    if (key !== undefined && key > ItemType.Keyword && Object.hasOwn(KEYWORDS, word)) {
      if ((key === ItemType.Break && !l.options.breakOK) || (key === ItemType.Continue && !l.options.continueOK)) {
        return l.emit(ItemType.Identifier);
      }
      return l.emit(key);
    }
    if (word[0] === '.') return l.emit(ItemType.Field);
    if (word === 'true' || word === 'false') return l.emit(ItemType.Bool);
    return l.emit(ItemType.Identifier);
  }
}

function lexField(l: Lexer): StateFn {
  return lexFieldOrVariable(l, ItemType.Field);
}

function lexVariable(l: Lexer): StateFn {
  if (l.atTerminator()) return l.emit(ItemType.Variable);
  return lexFieldOrVariable(l, ItemType.Variable);
}

function lexFieldOrVariable(l: Lexer, type: ItemType): StateFn {
  if (l.atTerminator()) {
    if (type === ItemType.Variable) return l.emit(ItemType.Variable);
    return l.emit(ItemType.Dot);
  }
  l.pos = skipAsciiAlphaNumeric(l.input, l.pos);
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf('bad character %#U', BigInt(r));
  return l.emit(type);
}

function lexChar(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf('unterminated character constant');
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated character constant');
    if (r === 0x27) break;
  }
  return l.emit(ItemType.CharConstant);
}

function lexNumber(l: Lexer): StateFn {
  if (!l.scanNumber()) return l.errorf('bad number syntax: %q', l.input.slice(l.start, Math.min(l.pos, l.input.length)));
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    if (!l.scanNumber() || l.input[l.pos - 1] !== 'i') {
      return l.errorf('bad number syntax: %q', l.input.slice(l.start, Math.min(l.pos, l.input.length)));
    }
    return l.emit(ItemType.Complex);
  }
  return l.emit(ItemType.Number);
}

function lexQuote(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf('unterminated quoted string');
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated quoted string');
    if (r === 0x22) break;
  }
  return l.emit(ItemType.String);
}

function lexRawQuote(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) break;
  }
  return l.emit(ItemType.RawString);
}
