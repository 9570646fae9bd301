// The TOML lexer of BurntSushi/toml v1.6.0 (what Helm's fromToml uses), rebuilt as a state
// machine with the same states, the same look-ahead (up to four runes of backup) and the same
// error texts and line numbers, so that a document fails exactly where and how it fails in Helm.
// The parser pulls items one at a time; the lexer runs only until it has produced one, so
// errors later in the text never hide an earlier parser error.
import { quote, quoteRune } from '../../gotemplate/quote.js';

export type ItemType =
  | 'Error'
  | 'EOF'
  | 'Text'
  | 'String'
  | 'StringEsc'
  | 'RawString'
  | 'MultilineString'
  | 'RawMultilineString'
  | 'Bool'
  | 'Integer'
  | 'Float'
  | 'Datetime'
  | 'Array'
  | 'ArrayEnd'
  | 'TableStart'
  | 'TableEnd'
  | 'ArrayTableStart'
  | 'ArrayTableEnd'
  | 'KeyStart'
  | 'KeyEnd'
  | 'CommentStart'
  | 'InlineTableStart'
  | 'InlineTableEnd';

export interface Item {
  type: ItemType;
  val: string;
  /** The line the item (or error) is reported on, from 1. */
  line: number;
  /** For error items: the message. */
  err?: string;
}

/** Go's eof sentinel rune: the lexer reports it as '\x00' in messages, as BurntSushi does. */
const EOF = 0;

type State = (lx: Lexer) => State | null;

// Control characters but tab, CR and LF (CR is checked apart: only CRLF is allowed).
function isControl(r: number): boolean {
  if (r === 0x09 || r === 0x0a || r === 0x0d) return false;
  return r <= 0x1f || r === 0x7f;
}
const isWhitespace = (r: number): boolean => r === 0x09 || r === 0x20;
const isNL = (r: number): boolean => r === 0x0a || r === 0x0d;
const isDigit = (r: number): boolean => r >= 0x30 && r <= 0x39;
const isBinary = (r: number): boolean => r === 0x30 || r === 0x31;
const isOctal = (r: number): boolean => r >= 0x30 && r <= 0x37;
export const isHex = (r: number): boolean => isDigit(r) || ((r | 0x20) >= 0x61 && (r | 0x20) <= 0x66);
/** TOML 1.1 as BurntSushi v1.6.0 reads it: bare keys are ASCII letters, digits, '_' and '-'. */
export const isBareKeyChar = (r: number): boolean =>
  (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a) || isDigit(r) || r === 0x5f || r === 0x2d;
const isLetter = (r: number): boolean => r !== EOF && /\p{L}/u.test(String.fromCodePoint(r));
const ch = (c: string): number => c.codePointAt(0)!;
const str = (r: number): string => String.fromCodePoint(r);

/** Go's runeOrEOF: the rune in single quotes, or "end of file". */
function runeOrEOF(r: number): string {
  return r === EOF ? 'end of file' : `'${str(r)}'`;
}

export class Lexer {
  private start = 0;
  private pos = 0;
  private line = 1;
  private state: State | null = lexTop;
  private readonly items: Item[] = [];
  // Widths (in UTF-16 code units) of the last four runes read, for backup().
  private readonly prevWidths = [0, 0, 0, 0];
  private nprev = 0;
  private atEOF = false;
  /** Set while lexing a basic string that holds an escape. */
  esc = false;
  private readonly stack: State[] = [];

  constructor(readonly input: string) {}

  nextItem(): Item {
    for (;;) {
      const item = this.items.shift();
      if (item) return item;
      if (this.state === null) throw new Error('BUG in lexer: no state after the last item');
      this.state = this.state(this);
    }
  }

  push(s: State): void {
    this.stack.push(s);
  }

  pop(): State {
    const s = this.stack.pop();
    if (!s) throw new Error('BUG in lexer: no states to pop');
    return s;
  }

  current(): string {
    return this.input.slice(this.start, this.pos);
  }

  emit(type: ItemType): void {
    this.items.push({ type, val: this.current(), line: this.line });
    this.start = this.pos;
  }

  emitTrim(type: ItemType): void {
    this.items.push({ type, val: this.current().trim(), line: this.line });
    this.start = this.pos;
  }

  next(): number {
    if (this.atEOF) throw new Error('BUG in lexer: next called after EOF');
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    if (this.input.charCodeAt(this.pos) === 0x0a) this.line++;
    this.prevWidths[3] = this.prevWidths[2]!;
    this.prevWidths[2] = this.prevWidths[1]!;
    this.prevWidths[1] = this.prevWidths[0]!;
    if (this.nprev < 4) this.nprev++;

    // A lone surrogate cannot come from Go's UTF-8; it stands for U+FFFD, a valid rune.
    const r = this.input.codePointAt(this.pos)!;
    const w = r > 0xffff ? 2 : 1;
    if (isControl(r) || (r === 0x0d && (this.pos === this.input.length - 1 || this.input.charCodeAt(this.pos + 1) !== 0x0a))) {
      this.errorAt(this.line, `TOML files cannot contain control characters: '0x${r.toString(16).padStart(2, '0')}'`);
      return 0xfffd;
    }
    this.prevWidths[0] = w;
    this.pos += w;
    return r;
  }

  ignore(): void {
    this.start = this.pos;
  }

  backup(): void {
    if (this.atEOF) {
      this.atEOF = false;
      return;
    }
    if (this.nprev < 1) throw new Error('BUG in lexer: backed up too far');
    const w = this.prevWidths[0]!;
    this.prevWidths[0] = this.prevWidths[1]!;
    this.prevWidths[1] = this.prevWidths[2]!;
    this.prevWidths[2] = this.prevWidths[3]!;
    this.nprev--;
    this.pos -= w;
    if (this.pos < this.input.length && this.input.charCodeAt(this.pos) === 0x0a) this.line--;
  }

  accept(valid: number): boolean {
    if (this.next() === valid) return true;
    this.backup();
    return false;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  skip(pred: (r: number) => boolean): void {
    for (;;) {
      if (pred(this.next())) continue;
      this.backup();
      this.ignore();
      return;
    }
  }

  private errorAt(line: number, message: string): null {
    this.items.push({ type: 'Error', val: '', line, err: message });
    return null;
  }

  /** An error reported on the previous line, so an unexpected EOF or newline is not on a blank line. */
  errorPrevLine(message: string): null {
    return this.errorAt(this.line - 1, message);
  }

  /** Go's lx.error: at EOF it reports on the previous line. */
  error(message: string): null {
    return this.atEOF ? this.errorPrevLine(message) : this.errorAt(this.line, message);
  }

  /** Go's lx.errorf: at EOF, the previous line only when the input ends with a newline. */
  errorf(message: string): null {
    if (this.atEOF) {
      const nl = this.pos >= 1 && this.input.charCodeAt(this.pos - 1) === 0x0a;
      return this.errorAt(nl ? this.line - 1 : this.line, message);
    }
    return this.errorAt(this.line, message);
  }
}

function lexSkip(lx: Lexer, next: State): State {
  lx.ignore();
  return next;
}

function lexTop(lx: Lexer): State | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexTop);
  switch (r) {
    case ch('#'):
      lx.push(lexTop);
      return lexCommentStart;
    case ch('['):
      return lexTableStart;
    case EOF:
      if (lx.current().length > 0) return lx.errorf('unexpected EOF');
      lx.emit('EOF');
      return null;
  }
  // Only a key can start here.
  lx.backup();
  lx.push(lexTopEnd);
  return lexKeyStart;
}

function lexTopEnd(lx: Lexer): State | null {
  const r = lx.next();
  if (r === ch('#')) {
    lx.push(lexTop);
    return lexCommentStart;
  }
  if (isWhitespace(r)) return lexTopEnd;
  if (isNL(r)) {
    lx.ignore();
    return lexTop;
  }
  if (r === EOF) {
    lx.emit('EOF');
    return null;
  }
  return lx.errorf(`expected a top-level item to end with a newline, comment, or EOF, but got ${quoteRune(r)} instead`);
}

function lexTableStart(lx: Lexer): State {
  if (lx.peek() === ch('[')) {
    lx.next();
    lx.emit('ArrayTableStart');
    lx.push(lexArrayTableEnd);
  } else {
    lx.emit('TableStart');
    lx.push(lexTableEnd);
  }
  return lexTableNameStart;
}

function lexTableEnd(lx: Lexer): State {
  lx.emit('TableEnd');
  return lexTopEnd;
}

function lexArrayTableEnd(lx: Lexer): State | null {
  const r = lx.next();
  if (r !== ch(']')) return lx.errorf(`expected end of table array name delimiter ']', but got ${quoteRune(r)} instead`);
  lx.emit('ArrayTableEnd');
  return lexTopEnd;
}

function lexTableNameStart(lx: Lexer): State | null {
  lx.skip(isWhitespace);
  const r = lx.peek();
  if (r === ch(']') || r === EOF) return lx.errorf('unexpected end of table name (table names cannot be empty)');
  if (r === ch('.')) return lx.errorf('unexpected table separator (table names cannot be empty)');
  lx.push(lexTableNameEnd);
  if (r === ch('"') || r === ch("'")) {
    lx.ignore();
    return lexQuotedName;
  }
  return lexBareName;
}

function lexTableNameEnd(lx: Lexer): State | null {
  lx.skip(isWhitespace);
  const r = lx.next();
  if (r === ch('.')) {
    lx.ignore();
    return lexTableNameStart;
  }
  if (r === ch(']')) return lx.pop();
  return lx.errorf(`expected '.' or ']' to end table name, but got ${quoteRune(r)} instead`);
}

function lexBareName(lx: Lexer): State {
  if (isBareKeyChar(lx.next())) return lexBareName;
  lx.backup();
  lx.emit('Text');
  return lx.pop();
}

function lexQuotedName(lx: Lexer): State | null {
  const r = lx.next();
  if (r === ch('"')) {
    lx.ignore();
    return lexString;
  }
  if (r === ch("'")) {
    lx.ignore();
    return lexRawString;
  }
  if (isWhitespace(r)) return lexSkip(lx, lexValue);
  if (r === EOF) return lx.errorf('unexpected EOF; expected value');
  return lx.errorf(`expected value but found ${quoteRune(r)} instead`);
}

function lexKeyStart(lx: Lexer): State | null {
  lx.skip(isWhitespace);
  const r = lx.peek();
  if (r === ch('=') || r === EOF) return lx.errorf("unexpected '=': key name appears blank");
  if (r === ch('.')) return lx.errorf("unexpected '.': keys cannot start with a '.'");
  if (r === ch('"') || r === ch("'")) lx.ignore();
  lx.emit('KeyStart');
  return lexKeyNameStart;
}

function lexKeyNameStart(lx: Lexer): State | null {
  lx.skip(isWhitespace);
  const r = lx.peek();
  if (r === ch('=') || r === EOF) return lx.errorf("unexpected '='");
  if (r === ch('.')) return lx.errorf("unexpected '.'");
  lx.push(lexKeyEnd);
  if (r === ch('"') || r === ch("'")) {
    lx.ignore();
    return lexQuotedName;
  }
  return lexBareName;
}

function lexKeyEnd(lx: Lexer): State | null {
  lx.skip(isWhitespace);
  const r = lx.next();
  if (isWhitespace(r)) return lexSkip(lx, lexKeyEnd);
  if (r === EOF) return lx.errorf("unexpected EOF; expected key separator '='");
  if (r === ch('.')) {
    lx.ignore();
    return lexKeyNameStart;
  }
  if (r === ch('=')) {
    lx.emit('KeyEnd');
    return lexSkip(lx, lexValue);
  }
  const message = `expected '.' or '=', but got ${quoteRune(r)} instead`;
  return r === 0x0a ? lx.errorPrevLine(message) : lx.errorf(message);
}

function lexValue(lx: Lexer): State | null {
  // Whitespace may precede a value, newlines may not (arrays skip those themselves).
  const r = lx.next();
  if (isWhitespace(r)) return lexSkip(lx, lexValue);
  if (isDigit(r)) {
    lx.backup();
    return lexNumberOrDateStart;
  }
  switch (r) {
    case ch('['):
      lx.ignore();
      lx.emit('Array');
      return lexArrayValue;
    case ch('{'):
      lx.ignore();
      lx.emit('InlineTableStart');
      return lexInlineTableValue;
    case ch('"'):
      if (lx.accept(ch('"'))) {
        if (lx.accept(ch('"'))) {
          lx.ignore();
          return lexMultilineString;
        }
        lx.backup();
      }
      lx.ignore();
      return lexString;
    case ch("'"):
      if (lx.accept(ch("'"))) {
        if (lx.accept(ch("'"))) {
          lx.ignore();
          return lexMultilineRawString;
        }
        lx.backup();
      }
      lx.ignore();
      return lexRawString;
    case ch('.'):
      return lx.errorf("floats must start with a digit, not '.'");
    case ch('i'):
    case ch('n'):
      // Go's short-circuit: after "in" fails on 'f', "a"+"n" is tried from where it stopped.
      if ((lx.accept(ch('n')) && lx.accept(ch('f'))) || (lx.accept(ch('a')) && lx.accept(ch('n')))) {
        lx.emit('Float');
        return lx.pop();
      }
      break;
    case ch('-'):
    case ch('+'):
      return lexDecimalNumberStart;
  }
  if (isLetter(r)) {
    // Word-like values: lexBool names them in its error.
    lx.backup();
    return lexBool;
  }
  if (r === EOF) return lx.errorf('unexpected EOF; expected value');
  const message = `expected value but found ${quoteRune(r)} instead`;
  return r === 0x0a ? lx.errorPrevLine(message) : lx.errorf(message);
}

function lexArrayValue(lx: Lexer): State | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexArrayValue);
  if (r === ch('#')) {
    lx.push(lexArrayValue);
    return lexCommentStart;
  }
  if (r === ch(',')) return lx.errorf('unexpected comma');
  if (r === ch(']')) return lexArrayEnd;
  lx.backup();
  lx.push(lexArrayValueEnd);
  return lexValue;
}

function lexArrayValueEnd(lx: Lexer): State | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexArrayValueEnd);
  if (r === ch('#')) {
    lx.push(lexArrayValueEnd);
    return lexCommentStart;
  }
  if (r === ch(',')) {
    lx.ignore();
    return lexArrayValue;
  }
  if (r === ch(']')) return lexArrayEnd;
  return lx.errorf(`expected a comma (',') or array terminator (']'), but got ${runeOrEOF(r)}`);
}

function lexArrayEnd(lx: Lexer): State {
  lx.ignore();
  lx.emit('ArrayEnd');
  return lx.pop();
}

// TOML 1.1: inline tables may span lines, hold comments and end with a comma.
function lexInlineTableValue(lx: Lexer): State | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexInlineTableValue);
  if (r === ch('#')) {
    lx.push(lexInlineTableValue);
    return lexCommentStart;
  }
  if (r === ch(',')) return lx.errorf('unexpected comma');
  if (r === ch('}')) return lexInlineTableEnd;
  lx.backup();
  lx.push(lexInlineTableValueEnd);
  return lexKeyStart;
}

function lexInlineTableValueEnd(lx: Lexer): State | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexInlineTableValueEnd);
  if (r === ch('#')) {
    lx.push(lexInlineTableValueEnd);
    return lexCommentStart;
  }
  if (r === ch(',')) {
    lx.ignore();
    lx.skip(isWhitespace);
    if (lx.peek() === ch('}')) return lexInlineTableValueEnd;
    return lexInlineTableValue;
  }
  if (r === ch('}')) return lexInlineTableEnd;
  return lx.errorf(`expected a comma or an inline table terminator '}', but got ${runeOrEOF(r)} instead`);
}

function lexInlineTableEnd(lx: Lexer): State {
  lx.ignore();
  lx.emit('InlineTableEnd');
  return lx.pop();
}

function lexString(lx: Lexer): State | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected '"'`);
  if (isNL(r)) return lx.errorPrevLine('strings cannot contain newlines');
  if (r === ch('\\')) {
    lx.push(lexString);
    return lexStringEscape;
  }
  if (r === ch('"')) {
    lx.backup();
    if (lx.esc) {
      lx.esc = false;
      lx.emit('StringEsc');
    } else {
      lx.emit('String');
    }
    lx.next();
    lx.ignore();
    return lx.pop();
  }
  return lexString;
}

function lexMultilineString(lx: Lexer): State | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected '"""'`);
  if (r === ch('\\')) return lexMultilineStringEscape;
  if (r !== ch('"')) return lexMultilineString;
  if (lx.accept(ch('"'))) {
    if (lx.accept(ch('"'))) {
      // Up to two more quotes belong to the string ("""str""""" is str""); six is too many,
      // unless the first of them was escaped.
      if (lx.peek() === ch('"')) {
        const cur = lx.current();
        if (cur.endsWith('"""""') && !cur.endsWith('\\"""""')) return lx.errorf(`unexpected '""""""'`);
        lx.backup();
        lx.backup();
        return lexMultilineString;
      }
      lx.backup();
      lx.backup();
      lx.backup();
      lx.esc = false;
      lx.emit('MultilineString');
      lx.next();
      lx.next();
      lx.next();
      lx.ignore();
      return lx.pop();
    }
    lx.backup();
  }
  return lexMultilineString;
}

function lexRawString(lx: Lexer): State | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected "'"`);
  if (isNL(r)) return lx.errorPrevLine('strings cannot contain newlines');
  if (r === ch("'")) {
    lx.backup();
    lx.emit('RawString');
    lx.next();
    lx.ignore();
    return lx.pop();
  }
  return lexRawString;
}

function lexMultilineRawString(lx: Lexer): State | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected "'''"`);
  if (r !== ch("'")) return lexMultilineRawString;
  if (lx.accept(ch("'"))) {
    if (lx.accept(ch("'"))) {
      if (lx.peek() === ch("'")) {
        if (lx.current().endsWith("'''''")) return lx.errorf(`unexpected "''''''"`);
        lx.backup();
        lx.backup();
        return lexMultilineRawString;
      }
      lx.backup();
      lx.backup();
      lx.backup();
      lx.emit('RawMultilineString');
      lx.next();
      lx.next();
      lx.next();
      lx.ignore();
      return lx.pop();
    }
    lx.backup();
  }
  return lexMultilineRawString;
}

function lexMultilineStringEscape(lx: Lexer): State | null {
  // A backslash at the end of a line.
  if (isNL(lx.next())) return lexMultilineString;
  lx.backup();
  lx.push(lexMultilineString);
  return lexStringEscape(lx);
}

function lexStringEscape(lx: Lexer): State | null {
  lx.esc = true;
  const r = lx.next();
  switch (r) {
    case ch('e'):
    case ch('b'):
    case ch('t'):
    case ch('n'):
    case ch('f'):
    case ch('r'):
    case ch('"'):
    // Whitespace after a backslash is for line-ending backslashes in """ strings; the parser
    // rejects it anywhere else.
    case ch(' '):
    case ch('\t'):
    case ch('\\'):
      return lx.pop();
    case ch('x'):
      return hexEscape(2, 'two', 'x');
    case ch('u'):
      return hexEscape(4, 'four', 'u');
    case ch('U'):
      return hexEscape(8, 'eight', 'U');
  }
  return lx.error(`invalid escape in string '\\${str(r)}'`);
}

function hexEscape(n: number, count: string, letter: string): State {
  return (lx) => {
    for (let i = 0; i < n; i++) {
      if (!isHex(lx.next())) {
        return lx.errorf(`expected ${count} hexadecimal digits after '\\${letter}', but got ${quote(lx.current())} instead`);
      }
    }
    return lx.pop();
  };
}

function lexNumberOrDateStart(lx: Lexer): State {
  return lx.next() === ch('0') ? lexBaseNumberOrDate : lexNumberOrDate;
}

function lexNumberOrDate(lx: Lexer): State {
  const r = lx.next();
  if (isDigit(r)) return lexNumberOrDate;
  if (r === ch('-') || r === ch(':')) return lexDatetime;
  if (r === ch('_')) return lexDecimalNumber;
  if (r === ch('.') || r === ch('e') || r === ch('E')) return lexFloat;
  lx.backup();
  lx.emit('Integer');
  return lx.pop();
}

// A first approximation of a date-time; the parser validates it.
function lexDatetime(lx: Lexer): State {
  const r = lx.next();
  if (isDigit(r) || (r !== EOF && '-:Tt .Zz+'.includes(str(r)))) return lexDatetime;
  lx.backup();
  lx.emitTrim('Datetime');
  return lx.pop();
}

function lexBaseInteger(pred: (r: number) => boolean): State {
  const state: State = (lx) => {
    const r = lx.next();
    if (pred(r) || r === ch('_')) return state;
    lx.backup();
    lx.emit('Integer');
    return lx.pop();
  };
  return state;
}
const lexHexInteger = lexBaseInteger(isHex);
const lexOctalInteger = lexBaseInteger(isOctal);
const lexBinaryInteger = lexBaseInteger(isBinary);

function lexDecimalNumber(lx: Lexer): State {
  const r = lx.next();
  if (isDigit(r) || r === ch('_')) return lexDecimalNumber;
  if (r === ch('.') || r === ch('e') || r === ch('E')) return lexFloat;
  lx.backup();
  lx.emit('Integer');
  return lx.pop();
}

// After a sign: decimal numbers, inf and nan only.
function lexDecimalNumberStart(lx: Lexer): State | null {
  const r = lx.next();
  switch (r) {
    case ch('i'):
      if (!lx.accept(ch('n')) || !lx.accept(ch('f'))) return lx.errorf(`invalid float: '${lx.current()}'`);
      lx.emit('Float');
      return lx.pop();
    case ch('n'):
      if (!lx.accept(ch('a')) || !lx.accept(ch('n'))) return lx.errorf(`invalid float: '${lx.current()}'`);
      lx.emit('Float');
      return lx.pop();
    case ch('0'): {
      const p = lx.peek();
      if (p === ch('b') || p === ch('o') || p === ch('x')) {
        return lx.errorf(`cannot use sign with non-decimal numbers: '${lx.current()}${str(p)}'`);
      }
      break;
    }
    case ch('.'):
      return lx.errorf("floats must start with a digit, not '.'");
  }
  if (isDigit(r)) return lexDecimalNumber;
  return lx.errorf(`expected a digit but got ${quoteRune(r)}`);
}

// After a leading '0': a base prefix, a decimal number, a float or a date-time.
function lexBaseNumberOrDate(lx: Lexer): State {
  const r = lx.next();
  if (isDigit(r)) return lexNumberOrDate;
  // BurntSushi reports a bad first digit after the prefix but lexes on; the error item comes first.
  const prefixed = (pred: (r: number) => boolean, what: string, next: State): State => {
    const p = lx.peek();
    if (!pred(p)) lx.errorf(`not ${what} number: '${lx.current()}${str(p)}'`);
    return next;
  };
  switch (r) {
    case ch('_'):
      return lexDecimalNumber;
    case ch('.'):
    case ch('e'):
    case ch('E'):
      return lexFloat;
    case ch('b'):
      return prefixed(isBinary, 'a binary', lexBinaryInteger);
    case ch('o'):
      return prefixed(isOctal, 'an octal', lexOctalInteger);
    case ch('x'):
      return prefixed(isHex, 'a hexadecimal', lexHexInteger);
  }
  lx.backup();
  lx.emit('Integer');
  return lx.pop();
}

// Any run of float-like characters; the parser validates it.
function lexFloat(lx: Lexer): State {
  const r = lx.next();
  if (isDigit(r) || (r !== EOF && '_.-+eE'.includes(str(r)))) return lexFloat;
  lx.backup();
  lx.emit('Float');
  return lx.pop();
}

function lexBool(lx: Lexer): State | null {
  let s = '';
  for (;;) {
    const r = lx.next();
    if (!isLetter(r)) {
      lx.backup();
      break;
    }
    s += str(r);
  }
  if (s === 'true' || s === 'false') {
    lx.emit('Bool');
    return lx.pop();
  }
  return lx.errorf(`expected value but found ${quote(s)} instead`);
}

function lexCommentStart(lx: Lexer): State {
  lx.ignore();
  lx.emit('CommentStart');
  return lexComment;
}

function lexComment(lx: Lexer): State {
  const r = lx.next();
  if (isNL(r) || r === EOF) {
    lx.backup();
    lx.emit('Text');
    return lx.pop();
  }
  return lexComment;
}
