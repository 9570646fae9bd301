// The template lexer. Go's text/template/parse lexes with a state machine that hands the parser
// one item at a time; lexing never depends on the parser, so this lexer scans a whole text in one
// loop and writes its items into parallel arrays (Tokens): no object, closure or substring per
// token. The parser slices an item's text only when it needs it. Items, their positions and the
// error texts are Go's: positions are UTF-16 offsets into the text; lines are 1-based.
//
// Why it looks like this: flux-ts renders a chart once per process, so this code runs cold, in
// V8's interpreter and baseline tiers, and its optimizing compiles are paid for by the same run.
// What costs there is bytecode executed and calls made per character and per item: runs of
// characters are matched by native string and regular expression functions, the next item is
// chosen with one table look-up and a dense switch, and items are stored with no call.

import { sprintf } from './fmt.js';
import { quote } from './quote.js';

/**
 * Item types. Their order matters to the parser: the items that start an operand are the range
 * Bool..Nil (without Keyword), and keywords come after Keyword.
 */
export const enum ItemType {
  Error,
  EOF,
  Text,
  Comment,
  LeftDelim,
  RightDelim,
  Space,
  Pipe,
  Assign,
  Declare,
  Char,
  RightParen,
  Bool,
  CharConstant,
  Complex,
  Field,
  Identifier,
  Number,
  RawString,
  String,
  Variable,
  LeftParen,
  Keyword,
  Dot,
  Nil,
  Block,
  Break,
  Continue,
  Define,
  Else,
  End,
  If,
  Range,
  Template,
  With,
}

/** How Go prints an item in parse errors ("unexpected <end> in ..."). */
export function itemString(type: ItemType, val: string): string {
  if (type === ItemType.EOF) return 'EOF';
  if (type === ItemType.Error) return val;
  if (type > ItemType.Keyword) return `<${val}>`;
  if ([...val].length > 10) return sprintf('%.10q...', [val]);
  return quote(val);
}

export interface LexOptions {
  emitComment: boolean;
  breakOK: boolean;
  continueOK: boolean;
}

/**
 * The items of one text: item k has type kind[k] and text input.slice(start[k], end[k]), except
 * an Error item, whose text is `error`. The last item is EOF, repeated (the parser may look one
 * item past the first EOF before it stops).
 */
export class Tokens {
  kind: Int32Array;
  start: Int32Array;
  end: Int32Array;
  count = 0;
  input = '';
  error = '';

  constructor(capacity = 1024) {
    this.kind = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  /** An item's text, as Go's item.val. */
  val(k: number): string {
    return this.kind[k] === ItemType.Error ? this.error : this.input.slice(this.start[k], this.end[k]);
  }

  /** Makes room for at least `n` items, keeping the first `count`. */
  reserve(n: number): void {
    let size = this.kind.length;
    if (size >= n) return;
    while (size < n) size *= 2;
    const kind = new Int32Array(size);
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    kind.set(this.kind.subarray(0, this.count));
    start.set(this.start.subarray(0, this.count));
    end.set(this.end.subarray(0, this.count));
    this.kind = kind;
    this.start = start;
    this.end = end;
  }
}

/** 1-based line of an offset (only errors need lines, so they are counted then). */
export function lineAt(input: string, pos: number): number {
  let line = 1;
  for (let i = input.indexOf('\n'); i >= 0 && i < pos; i = input.indexOf('\n', i + 1)) line++;
  return line;
}

const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2; // "-" plus a space

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

/** Go's isAlphaNumeric: '_', a Unicode letter or a decimal digit. */
function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) return r === 0x5f || (r >= 0x30 && r <= 0x39) || ((r | 0x20) >= 0x61 && (r | 0x20) <= 0x7a);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(r));
}

const ASCII_ALPHANUMERIC_RUN = /[0-9A-Z_a-z]*/y;
const SPACE_RUN = /[ \t\r\n]*/y;
/** The rest of a "..." literal after its opening quote (Go's lexQuote), with the closing quote. */
const QUOTED_REST = /(?:[^"\\\n]|\\[^\n])*"/y;
/** The rest of a '...' literal after its opening quote (Go's lexChar). */
const CHAR_REST = /(?:[^'\\\n]|\\[^\n])*'/y;

/** The end of a run of alphanumeric characters (Go's isAlphaNumeric) from `pos`. */
function skipAlphaNumeric(s: string, pos: number): number {
  ASCII_ALPHANUMERIC_RUN.lastIndex = pos;
  ASCII_ALPHANUMERIC_RUN.test(s);
  pos = ASCII_ALPHANUMERIC_RUN.lastIndex;
  return s.charCodeAt(pos) >= 0x80 ? skipUnicodeAlphaNumeric(s, pos) : pos;
}

/** Letters and digits beyond ASCII (rare in templates): one code point at a time. */
function skipUnicodeAlphaNumeric(s: string, pos: number): number {
  while (pos < s.length) {
    const r = s.codePointAt(pos)!;
    if (!isAlphaNumeric(r)) break;
    pos += r > 0xffff ? 2 : 1;
  }
  return pos;
}

function skipSpaces(s: string, pos: number): number {
  SPACE_RUN.lastIndex = pos;
  SPACE_RUN.test(s);
  return SPACE_RUN.lastIndex;
}

/** "- " or "-\n"... after a left delimiter. */
function hasLeftTrimMarker(s: string, at: number): boolean {
  return at + 1 < s.length && s.charCodeAt(at) === 0x2d && isSpace(s.charCodeAt(at + 1));
}

/** Whether an identifier, field or variable may end at `pos` (Go's atTerminator). */
function atTerminator(s: string, pos: number, rightDelim: string): boolean {
  if (pos >= s.length) return true;
  switch (s.charCodeAt(pos)) {
    case 0x20:
    case 0x09:
    case 0x0d:
    case 0x0a:
    case 0x2e: // .
    case 0x2c: // ,
    case 0x7c: // |
    case 0x3a: // :
    case 0x29: // )
    case 0x28: // (
      return true;
  }
  return s.startsWith(rightDelim, pos);
}

/** Consumes one character of `valid` (ASCII) at pos: the new position. */
function accept(s: string, pos: number, valid: string): number {
  const c = s.charCodeAt(pos);
  return c < 0x80 && valid.includes(s[pos]!) ? pos + 1 : pos;
}

function acceptRun(s: string, pos: number, valid: string): number {
  while (pos < s.length && s.charCodeAt(pos) < 0x80 && valid.includes(s[pos]!)) pos++;
  return pos;
}

const DECIMAL = '0123456789_';
const HEX = '0123456789abcdefABCDEF_';

/**
 * Go's scanNumber from `pos`: the end of the number, or -(end + 1) when an alphanumeric
 * character follows it (the end then includes that character, as Go's error text does).
 */
function scanNumber(s: string, pos: number): number {
  pos = accept(s, pos, '+-');
  let digits = DECIMAL;
  if (s.charCodeAt(pos) === 0x30) {
    pos++;
    const c = s.charCodeAt(pos) | 0x20;
    if (c === 0x78) digits = HEX; // x
    else if (c === 0x6f) digits = '01234567_'; // o
    else if (c === 0x62) digits = '01_'; // b
    if (digits !== DECIMAL) pos++;
  }
  pos = acceptRun(s, pos, digits);
  if (s.charCodeAt(pos) === 0x2e) pos = acceptRun(s, pos + 1, digits);
  if (digits === DECIMAL && (s.charCodeAt(pos) | 0x20) === 0x65) pos = acceptRun(s, accept(s, pos + 1, '+-'), DECIMAL);
  if (digits === HEX && (s.charCodeAt(pos) | 0x20) === 0x70) pos = acceptRun(s, accept(s, pos + 1, '+-'), DECIMAL);
  if (s.charCodeAt(pos) === 0x69) pos++; // i
  if (pos < s.length) {
    const r = s.codePointAt(pos)!;
    if (isAlphaNumeric(r)) return -(pos + (r > 0xffff ? 2 : 1) + 1);
  }
  return pos;
}

/**
 * A number or a complex constant ("re+imi") from `pos` (Go's lexNumber): its end and type, or
 * -(end + 1) for bad syntax. The type goes in numberType (no object for a pair).
 */
function lexNumber(s: string, pos: number): number {
  let end = scanNumber(s, pos);
  numberType = ItemType.Number;
  if (end >= 0 && (s.charCodeAt(end) === 0x2b || s.charCodeAt(end) === 0x2d)) {
    const im = scanNumber(s, end);
    end = im >= 0 && s.charCodeAt(im - 1) !== 0x69 ? -(im + 1) : im;
    numberType = ItemType.Complex;
  }
  return end;
}
let numberType = ItemType.Number;

/** The end of a literal whose opening quote is at pos (`rest` matches the rest), or -1 if unterminated. */
function skipQuoted(s: string, pos: number, rest: RegExp): number {
  rest.lastIndex = pos + 1;
  return rest.test(s) ? rest.lastIndex : -1;
}

const KEYWORDS = new Map<string, ItemType>([
  ['block', ItemType.Block],
  ['break', ItemType.Break],
  ['continue', ItemType.Continue],
  ['define', ItemType.Define],
  ['else', ItemType.Else],
  ['end', ItemType.End],
  ['if', ItemType.If],
  ['range', ItemType.Range],
  ['nil', ItemType.Nil],
  ['template', ItemType.Template],
  ['with', ItemType.With],
  ['true', ItemType.Bool],
  ['false', ItemType.Bool],
]);

/** Classes of the ASCII characters that start an item inside an action. */
const enum Start {
  Other,
  Space,
  Dot,
  Dollar,
  Letter,
  Digit,
  Sign,
  Quote,
  Apostrophe,
  Backquote,
  LeftParen,
  RightParen,
  Equals,
  Colon,
  Bar,
}

const START = new Uint8Array(128);
for (const c of ' \t\r\n') START[c.charCodeAt(0)] = Start.Space;
for (let c = 0x41; c <= 0x5a; c++) START[c] = START[c + 0x20] = Start.Letter;
START[0x5f] = Start.Letter;
for (let c = 0x30; c <= 0x39; c++) START[c] = Start.Digit;
START[0x2e] = Start.Dot;
START[0x24] = Start.Dollar;
START[0x2b] = START[0x2d] = Start.Sign;
START[0x22] = Start.Quote;
START[0x27] = Start.Apostrophe;
START[0x60] = Start.Backquote;
START[0x28] = Start.LeftParen;
START[0x29] = Start.RightParen;
START[0x3d] = Start.Equals;
START[0x3a] = Start.Colon;
START[0x7c] = Start.Bar;

/** Items one turn of the lexer's loops may store, plus the error and EOF items at the end. */
const ROOM = 8;

/**
 * Lexes `input` into `out` (reset first). Lexing stops at the first error: an Error item, then
 * EOF, as Go's lexer reports.
 */
export function lex(input: string, leftDelim: string, rightDelim: string, options: LexOptions, out: Tokens): void {
  out.count = 0;
  out.input = input;
  out.error = '';
  const len = input.length;
  const ldLen = leftDelim.length;
  const rdLen = rightDelim.length;
  const rd0 = rightDelim.charCodeAt(0);
  // Items are stored through these (refreshed when out grows); n is the item count.
  let kinds = out.kind;
  let starts = out.start;
  let ends = out.end;
  let n = 0;
  /** Where the item being lexed starts. */
  let start = 0;
  let pos = 0;
  let error: string | null = null;

  text: for (;;) {
    // Room for what one turn stores (two items) and for what ends lexing (an error, the EOFs).
    if (n + ROOM > kinds.length) {
      out.count = n;
      out.reserve(n + ROOM);
      kinds = out.kind;
      starts = out.start;
      ends = out.end;
    }
    // Text up to the next left delimiter, without trailing spaces if a trim marker follows it.
    const x = input.indexOf(leftDelim, pos);
    if (x < 0) {
      if (len > start) {
        kinds[n] = ItemType.Text;
        starts[n] = start;
        ends[n++] = len;
      }
      break;
    }
    if (x > pos) {
      let end = x;
      if (hasLeftTrimMarker(input, x + ldLen)) while (end > start && isSpace(input.charCodeAt(end - 1))) end--;
      if (start < end) {
        kinds[n] = ItemType.Text;
        starts[n] = start;
        ends[n++] = end;
      }
      start = x;
    }
    // The left delimiter, or a comment.
    pos = x + ldLen;
    const afterMarker = hasLeftTrimMarker(input, pos) ? pos + TRIM_MARKER_LEN : pos;
    if (input.startsWith(LEFT_COMMENT, afterMarker)) {
      start = afterMarker;
      const y = input.indexOf(RIGHT_COMMENT, afterMarker + LEFT_COMMENT.length);
      if (y < 0) {
        error = 'unclosed comment';
        break;
      }
      pos = y + RIGHT_COMMENT.length;
      const c = input.charCodeAt(pos);
      const trim = isSpace(c) && input.charCodeAt(pos + 1) === 0x2d && input.startsWith(rightDelim, pos + TRIM_MARKER_LEN);
      if (!trim && !input.startsWith(rightDelim, pos)) {
        error = 'comment ends before closing delimiter';
        break;
      }
      if (options.emitComment) {
        kinds[n] = ItemType.Comment;
        starts[n] = start;
        ends[n++] = pos;
      }
      pos += trim ? TRIM_MARKER_LEN + rdLen : rdLen;
      if (trim) pos = skipSpaces(input, pos);
      start = pos;
      continue;
    }
    kinds[n] = ItemType.LeftDelim;
    starts[n] = x;
    ends[n++] = pos;
    start = pos = afterMarker;
    let parenDepth = 0;

    // Inside the action: one item per turn, from `start` (=== pos) to `end`.
    for (;;) {
      if (n + ROOM > kinds.length) {
        out.count = n;
        out.reserve(n + ROOM);
        kinds = out.kind;
        starts = out.start;
        ends = out.end;
      }
      const c = input.charCodeAt(pos);
      // A right delimiter, or " -" and one.
      if (c === rd0 || isSpace(c)) {
        const trim = isSpace(c) && input.charCodeAt(pos + 1) === 0x2d && input.startsWith(rightDelim, pos + TRIM_MARKER_LEN);
        if (trim || (c === rd0 && input.startsWith(rightDelim, pos))) {
          if (parenDepth !== 0) {
            error = 'unclosed left paren';
            break text;
          }
          if (trim) start = pos += TRIM_MARKER_LEN;
          pos += rdLen;
          kinds[n] = ItemType.RightDelim;
          starts[n] = start;
          ends[n++] = pos;
          if (trim) pos = skipSpaces(input, pos);
          start = pos;
          continue text;
        }
      }
      if (pos >= len) {
        error = 'unclosed action';
        break text;
      }
      let type: ItemType;
      let end = pos + 1;
      let kind = c < 0x80 ? START[c]! : Start.Other;
      if (kind === Start.Other && c >= 0x80 && isAlphaNumeric(input.codePointAt(pos)!)) kind = Start.Letter;
      switch (kind) {
        case Start.Space:
          if (isSpace(input.charCodeAt(end))) end = skipSpaces(input, end);
          // A trim-marked right delimiter (" -}}") starts with a space: leave that space for it.
          if (input.charCodeAt(end) === 0x2d && input.startsWith(rightDelim, end + 1)) {
            end--;
            if (end === pos) continue;
          }
          type = ItemType.Space;
          break;
        case Start.Dot:
        case Start.Dollar:
          // '.' followed by a digit (or nothing) is a number.
          if (kind === Start.Dot && (end >= len || (input.charCodeAt(end) >= 0x30 && input.charCodeAt(end) <= 0x39))) {
            end = lexNumber(input, pos);
            type = numberType;
            break;
          }
          if (atTerminator(input, end, rightDelim)) {
            type = kind === Start.Dollar ? ItemType.Variable : ItemType.Dot;
            break;
          }
          end = skipAlphaNumeric(input, end);
          if (!atTerminator(input, end, rightDelim)) {
            error = sprintf('bad character %#U', [BigInt(input.codePointAt(end)!)]);
            break text;
          }
          type = kind === Start.Dollar ? ItemType.Variable : ItemType.Field;
          break;
        case Start.Letter:
          end = skipAlphaNumeric(input, pos);
          if (!atTerminator(input, end, rightDelim)) {
            error = sprintf('bad character %#U', [BigInt(input.codePointAt(end)!)]);
            break text;
          }
          type = ItemType.Identifier;
          if (end - pos <= 8 && c >= 0x62 && c <= 0x77) {
            // A keyword ("if", "range"...) or "true"/"false": all lower case, 2 to 8 letters.
            type = KEYWORDS.get(input.slice(pos, end)) ?? ItemType.Identifier;
            if ((type === ItemType.Break && !options.breakOK) || (type === ItemType.Continue && !options.continueOK)) type = ItemType.Identifier;
          }
          break;
        case Start.Digit:
        case Start.Sign:
          end = lexNumber(input, pos);
          type = numberType;
          break;
        case Start.Quote:
          end = skipQuoted(input, pos, QUOTED_REST);
          if (end < 0) {
            error = 'unterminated quoted string';
            break text;
          }
          type = ItemType.String;
          break;
        case Start.Apostrophe:
          end = skipQuoted(input, pos, CHAR_REST);
          if (end < 0) {
            error = 'unterminated character constant';
            break text;
          }
          type = ItemType.CharConstant;
          break;
        case Start.Backquote:
          end = input.indexOf('`', end) + 1;
          if (end === 0) {
            error = 'unterminated raw quoted string';
            break text;
          }
          type = ItemType.RawString;
          break;
        case Start.LeftParen:
          parenDepth++;
          type = ItemType.LeftParen;
          break;
        case Start.RightParen:
          parenDepth--;
          if (parenDepth < 0) {
            error = 'unexpected right paren';
            break text;
          }
          type = ItemType.RightParen;
          break;
        case Start.Equals:
          type = ItemType.Assign;
          break;
        case Start.Colon:
          if (input.charCodeAt(end) !== 0x3d) {
            error = 'expected :=';
            break text;
          }
          end++;
          type = ItemType.Declare;
          break;
        case Start.Bar:
          type = ItemType.Pipe;
          break;
        default:
          if (c >= 0x20 && c < 0x7f) {
            type = ItemType.Char;
            break;
          }
          error = sprintf('unrecognized character in action: %#U', [BigInt(input.codePointAt(pos)!)]);
          break text;
      }
      if (end < 0) {
        error = sprintf('bad number syntax: %q', [input.slice(pos, Math.min(-end - 1, len))]);
        break text;
      }
      kinds[n] = type;
      starts[n] = start;
      ends[n++] = end;
      start = pos = end;
    }
  }
  if (error !== null) {
    // The error item is at the start of the item being lexed; then only EOF.
    out.error = error;
    kinds[n] = ItemType.Error;
    starts[n] = ends[n++] = start;
  }
  for (let k = 0; k < 3; k++) {
    kinds[n] = ItemType.EOF;
    starts[n] = ends[n++] = len;
  }
  out.count = n;
}
