// libyaml's scanner as go-yaml v2.4 (sigs.k8s.io/yaml, so Helm) runs it: the tokens and their
// marks, simple-key bookkeeping, indentation and flow levels, every scanner error with the marks
// go-yaml reports, and scalar values as libyaml folds them (NEL, LS and PS are line breaks:
// NEL reads as "\n", LS and PS stay themselves).

export interface Mark {
  /** Characters (code points) from the start. */
  index: number;
  /** 0-based line. */
  line: number;
  /** 0-based column, in characters. */
  column: number;
  /** Offset in the JavaScript string (UTF-16 code units). */
  offset: number;
}

export type TokenType =
  | 'STREAM-START'
  | 'STREAM-END'
  | 'VERSION-DIRECTIVE'
  | 'TAG-DIRECTIVE'
  | 'DOCUMENT-START'
  | 'DOCUMENT-END'
  | 'BLOCK-SEQUENCE-START'
  | 'BLOCK-MAPPING-START'
  | 'BLOCK-END'
  | 'FLOW-SEQUENCE-START'
  | 'FLOW-SEQUENCE-END'
  | 'FLOW-MAPPING-START'
  | 'FLOW-MAPPING-END'
  | 'BLOCK-ENTRY'
  | 'FLOW-ENTRY'
  | 'KEY'
  | 'VALUE'
  | 'ALIAS'
  | 'ANCHOR'
  | 'TAG'
  | 'SCALAR';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface Token {
  type: TokenType;
  start: Mark;
  /** Scalar value; anchor or alias name; tag handle; %TAG handle. */
  value?: string;
  /** Tag suffix; %TAG prefix. */
  suffix?: string;
  style?: ScalarStyle;
  /** %YAML version. */
  major?: number;
  minor?: number;
}

/** An error as libyaml records it: which stage, the problem, and its two marks. */
export class LibyamlError extends Error {
  constructor(
    readonly kind: 'reader' | 'scanner' | 'parser' | 'composer',
    readonly problem: string,
    readonly problemMark: Mark | undefined,
    readonly contextMark: Mark | undefined,
  ) {
    super(problem);
    this.name = 'LibyamlError';
  }

  /**
   * go-yaml v2's parser.fail(): the problem's 0-based line (scanner errors add one), else the
   * context's, and no "line N: " when that is 0.
   */
  goMessage(): string {
    let line = 0;
    if (this.problemMark !== undefined && this.problemMark.line !== 0) {
      line = this.problemMark.line + (this.kind === 'scanner' ? 1 : 0);
    } else if (this.contextMark !== undefined && this.contextMark.line !== 0) {
      line = this.contextMark.line;
    }
    return line !== 0 ? `yaml: line ${line}: ${this.problem}` : `yaml: ${this.problem}`;
  }

  /**
   * go-yaml v3's parser.fail() (kyaml, so Helm's post-renderer stream and kustomize): the
   * context's line first, else the problem's; scanner errors add one to either.
   */
  goV3Message(): string {
    const mark = this.contextMark !== undefined && this.contextMark.line !== 0 ? this.contextMark : this.problemMark;
    const line = mark === undefined || mark.line === 0 ? 0 : mark.line + (this.kind === 'scanner' ? 1 : 0);
    return line !== 0 ? `yaml: line ${line}: ${this.problem}` : `yaml: ${this.problem}`;
  }
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const isBreakCh = (c: string): boolean => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankCh = (c: string): boolean => c === ' ' || c === '\t';
/** '' is the end of the input (libyaml's NUL). */
const isBreakz = (c: string): boolean => c === '' || isBreakCh(c);
const isBlankz = (c: string): boolean => isBlankCh(c) || isBreakz(c);
const isAlpha = (c: string): boolean => /^[0-9A-Za-z_-]$/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHex = (c: string): boolean => /^[0-9A-Fa-f]$/.test(c);
const URI_CHARS = ";/?:@&=+$,.!~*'()[]%";

// Runs of characters a scanning loop would pass one by one with the same decision, matched in
// one step (a large part of the time goes to plain and quoted text and indentation). None takes
// a high surrogate, so a run is as many characters as code units; advance() handles the pairs.
const SPACE_RUN = / +/y;
const PLAIN_RUN_BLOCK = /[^ \t\r\n\u0085\u2028\u2029:\ud800-\udbff]+/y;
const PLAIN_RUN_FLOW = /[^ \t\r\n\u0085\u2028\u2029:,?[\]{}\ud800-\udbff]+/y;
const QUOTED_RUN = /[^ \t\r\n\u0085\u2028\u2029"'\\\ud800-\udbff]+/y;
const LINE_RUN = /[^\r\n\u0085\u2028\u2029\ud800-\udbff]+/y;

/** Characters go-yaml's reader refuses ("control characters are not allowed"). */
export const READER_REFUSES = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/g;

export class LibyamlScanner {
  private pos = 0;
  private readonly mark: Mark = { index: 0, line: 0, column: 0, offset: 0 };
  private readonly tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private streamEndProduced = false;
  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  constructor(private readonly src: string) {
    // The reader drops a leading byte order mark.
    if (src.startsWith('\ufeff')) this.pos = 1;
  }

  /** The next token, scanning as far ahead as libyaml does to decide it. */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head]!;
  }

  skip(): void {
    const t = this.tokens[this.head]!;
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = t.type === 'STREAM-END';
    this.head++;
    // Drop consumed tokens now and then, so insertions near the head stay cheap.
    if (this.head >= 256 && this.head * 2 >= this.tokens.length) {
      this.tokens.splice(0, this.head);
      this.head = 0;
    }
  }

  get ended(): boolean {
    return this.streamEndProduced;
  }

  // --- characters -------------------------------------------------------------------------

  /** The character `k` characters ahead (surrogate pairs count as one), '' past the end. */
  private ch(k = 0): string {
    if (k === 0) return this.pos < this.src.length ? this.src[this.pos]! : '';
    let p = this.pos;
    for (let i = 0; i < k; i++) {
      if (p >= this.src.length) return '';
      p += this.width(p);
    }
    if (p >= this.src.length) return '';
    return this.src.charAt(p);
  }

  private width(p: number): number {
    const c = this.src.charCodeAt(p);
    return c >= 0xd800 && c <= 0xdbff && p + 1 < this.src.length ? 2 : 1;
  }

  private advance(): void {
    this.pos += this.width(this.pos);
    this.mark.index++;
    this.mark.column++;
  }

  /** Moves past a run of characters `re` matches from here (a sticky pattern of SPACE_RUN's kind). */
  private skipRun(re: RegExp): void {
    re.lastIndex = this.pos;
    if (!re.test(this.src)) return;
    const n = re.lastIndex - this.pos;
    this.pos = re.lastIndex;
    this.mark.index += n;
    this.mark.column += n;
  }

  /** Moves to the next line break or the end of the input. */
  private skipToBreak(): void {
    for (;;) {
      this.skipRun(LINE_RUN);
      if (isBreakz(this.ch())) return;
      this.advance();
    }
  }

  /** Moves past a line break; returns it as libyaml reads it (CR, LF, CRLF and NEL as "\n"). */
  private advanceLine(): string {
    const c = this.ch();
    if (c === '\r' && this.ch(1) === '\n') {
      this.pos += 2;
      this.mark.index += 2;
    } else if (isBreakCh(c)) {
      this.pos++;
      this.mark.index++;
    } else {
      return '';
    }
    this.mark.column = 0;
    this.mark.line++;
    return c === '\u2028' || c === '\u2029' ? c : '\n';
  }

  /** Moves past one character and returns it. */
  private take(): string {
    const w = this.width(this.pos);
    const c = this.src.slice(this.pos, this.pos + w);
    this.advance();
    return c;
  }

  private here(): Mark {
    return { ...this.mark, offset: this.pos };
  }

  private error(problem: string, context?: Mark): never {
    throw new LibyamlError('scanner', problem, this.here(), context);
  }

  // --- token queue ------------------------------------------------------------------------

  private insert(at: number, t: Token): void {
    if (at < 0) this.tokens.push(t);
    else this.tokens.splice(this.head + at, 0, t);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        // A token at the head that may still become a simple key needs more lookahead.
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.keyIsValid(this.simpleKeys[idx]!)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private keyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    // A simple key is limited to one line and 1024 characters.
    if (key.mark.line < this.mark.line || key.mark.index + 1024 < this.mark.index) {
      if (key.required) this.error("could not find expected ':'", key.mark);
      key.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (!this.simpleKeyAllowed) return;
    const key: SimpleKey = { possible: true, required, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), mark: this.here() };
    this.removeSimpleKey();
    this.simpleKeys[this.simpleKeys.length - 1] = key;
    this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (key.possible) {
      if (key.required) this.error("could not find expected ':'", key.mark);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), mark: this.here() });
    this.flowLevel++;
    if (this.flowLevel > 10000) this.error('exceeded max depth of 10000', this.simpleKeys[this.simpleKeys.length - 1]!.mark);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(last.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > 10000) this.error('exceeded max depth of 10000', this.simpleKeys[this.simpleKeys.length - 1]!.mark);
      this.insert(number > -1 ? number - this.tokensParsed : -1, { type, start: mark });
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insert(-1, { type: 'BLOCK-END', start: this.here() });
      this.indent = this.indents.pop()!;
    }
  }

  private simpleToken(type: TokenType): void {
    const start = this.here();
    this.advance();
    this.insert(-1, { type, start });
  }

  // --- the dispatcher ---------------------------------------------------------------------

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.indent = -1;
      this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.here() });
      this.simpleKeyAllowed = true;
      this.streamStartProduced = true;
      this.insert(-1, { type: 'STREAM-START', start: this.here() });
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    const c = this.ch();
    if (c === '') return this.fetchStreamEnd();
    if (this.mark.column === 0 && c === '%') return this.fetchDirective();
    if (this.mark.column === 0 && isBlankz(this.ch(3))) {
      if (c === '-' && this.ch(1) === '-' && this.ch(2) === '-') return this.fetchDocumentIndicator('DOCUMENT-START');
      if (c === '.' && this.ch(1) === '.' && this.ch(2) === '.') return this.fetchDocumentIndicator('DOCUMENT-END');
    }
    switch (c) {
      case '[':
        return this.fetchFlowCollectionStart('FLOW-SEQUENCE-START');
      case '{':
        return this.fetchFlowCollectionStart('FLOW-MAPPING-START');
      case ']':
        return this.fetchFlowCollectionEnd('FLOW-SEQUENCE-END');
      case '}':
        return this.fetchFlowCollectionEnd('FLOW-MAPPING-END');
      case ',':
        this.removeSimpleKey();
        this.simpleKeyAllowed = true;
        return this.simpleToken('FLOW-ENTRY');
    }
    const next = this.ch(1);
    if (c === '-' && isBlankz(next)) return this.fetchBlockEntry();
    if (c === '?' && (this.flowLevel > 0 || isBlankz(next))) return this.fetchKey();
    if (c === ':' && (this.flowLevel > 0 || isBlankz(next))) return this.fetchValue();
    if (c === '*' || c === '&') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      return this.scanAnchor(c === '*' ? 'ALIAS' : 'ANCHOR');
    }
    if (c === '!') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      return this.scanTag();
    }
    if ((c === '|' || c === '>') && this.flowLevel === 0) {
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      return this.scanBlockScalar();
    }
    if (c === "'" || c === '"') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      return this.scanFlowScalar(c === "'");
    }
    if (
      !(isBlankz(c) || '-?:,[]{}#&*!|>\'"%@`'.includes(c)) ||
      (c === '-' && !isBlankCh(next)) ||
      (this.flowLevel === 0 && (c === '?' || c === ':') && !isBlankz(next))
    ) {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      return this.scanPlainScalar();
    }
    this.error('found character that cannot start any token', this.here());
  }

  private fetchStreamEnd(): void {
    // Force a new line.
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, { type: 'STREAM-END', start: this.here() });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    this.advance();
    this.advance();
    this.advance();
    this.insert(-1, { type, start });
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    this.simpleToken(type);
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    this.simpleToken(type);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('block sequence entries are not allowed in this context', this.here());
      this.rollIndent(this.mark.column, -1, 'BLOCK-SEQUENCE-START', this.here());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simpleToken('BLOCK-ENTRY');
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('mapping keys are not allowed in this context', this.here());
      this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.here());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    this.simpleToken('KEY');
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.keyIsValid(key)) {
      // The saved simple key becomes a KEY token (and maybe a mapping start) before its token.
      this.insert(key.tokenNumber - this.tokensParsed, { type: 'KEY', start: key.mark });
      this.rollIndent(key.mark.column, key.tokenNumber, 'BLOCK-MAPPING-START', key.mark);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error('mapping values are not allowed in this context', this.here());
        this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.here());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.simpleToken('VALUE');
  }

  // --- scanners ---------------------------------------------------------------------------

  private scanToNextToken(): void {
    for (;;) {
      // Tabs separate tokens only where a simple key cannot start (in flow, or after one).
      this.skipRun(SPACE_RUN);
      while (this.ch() === ' ' || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.ch() === '\t')) this.advance();
      if (this.ch() === '#') this.skipToBreak();
      if (!isBreakCh(this.ch())) return;
      this.advanceLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  /** After a directive or a block scalar header: blanks, maybe a comment, then the line break. */
  private skipCommentToLineEnd(start: Mark): void {
    while (isBlankCh(this.ch())) this.advance();
    if (this.ch() === '#') this.skipToBreak();
    if (!isBreakz(this.ch())) this.error('did not find expected comment or line break', start);
    this.advanceLine();
  }

  private scanDirective(): Token {
    const start = this.here();
    this.advance();
    let name = '';
    while (isAlpha(this.ch())) {
      name += this.ch();
      this.advance();
    }
    if (name === '') this.error('could not find expected directive name', start);
    if (!isBlankz(this.ch())) this.error('found unexpected non-alphabetical character', start);
    let token: Token;
    if (name === 'YAML') {
      while (isBlankCh(this.ch())) this.advance();
      const major = this.scanVersionNumber(start);
      if (this.ch() !== '.') this.error("did not find expected digit or '.' character", start);
      this.advance();
      const minor = this.scanVersionNumber(start);
      token = { type: 'VERSION-DIRECTIVE', start, major, minor };
    } else if (name === 'TAG') {
      while (isBlankCh(this.ch())) this.advance();
      const handle = this.scanTagHandle(true, start);
      if (!isBlankCh(this.ch())) this.error('did not find expected whitespace', start);
      while (isBlankCh(this.ch())) this.advance();
      const prefix = this.scanTagUri('', start);
      if (!isBlankz(this.ch())) this.error('did not find expected whitespace or line break', start);
      token = { type: 'TAG-DIRECTIVE', start, value: handle, suffix: prefix };
    } else {
      this.error('found unknown directive name', start);
    }
    this.skipCommentToLineEnd(start);
    return token;
  }

  private scanVersionNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while (isDigit(this.ch())) {
      if (++length > 2) this.error('found extremely long version number', start);
      value = value * 10 + Number(this.ch());
      this.advance();
    }
    if (length === 0) this.error('did not find expected version number', start);
    return value;
  }

  private scanAnchor(type: 'ALIAS' | 'ANCHOR'): void {
    const start = this.here();
    this.advance();
    let name = '';
    while (isAlpha(this.ch())) {
      name += this.ch();
      this.advance();
    }
    const c = this.ch();
    if (name === '' || !(isBlankz(c) || '?:,]}%@`'.includes(c))) this.error('did not find expected alphabetic or numeric character', start);
    this.insert(-1, { type, start, value: name });
  }

  private scanTag(): void {
    const start = this.here();
    let handle: string;
    let suffix: string;
    if (this.ch(1) === '<') {
      this.advance();
      this.advance();
      suffix = this.scanTagUri('', start);
      if (this.ch() !== '>') this.error("did not find the expected '>'", start);
      this.advance();
      handle = '';
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.startsWith('!') && handle.endsWith('!')) {
        suffix = this.scanTagUri('', start);
      } else {
        // "!foo": the handle is '!' and "foo" the suffix; a lone "!" is the non-specific tag.
        suffix = this.scanTagUri(handle, start);
        handle = '!';
        if (suffix === '') [handle, suffix] = ['', '!'];
      }
    }
    if (!isBlankz(this.ch())) this.error('did not find expected whitespace or line break', start);
    this.insert(-1, { type: 'TAG', start, value: handle, suffix });
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    if (this.ch() !== '!') this.error("did not find expected '!'", start);
    let s = '!';
    this.advance();
    while (isAlpha(this.ch())) {
      s += this.ch();
      this.advance();
    }
    if (this.ch() === '!') {
      s += '!';
      this.advance();
    } else if (directive && s !== '!') {
      this.error("did not find expected '!'", start);
    }
    return s;
  }

  /** A tag's URI part; `head` is a handle read before that turned out to be part of it. */
  private scanTagUri(head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    for (;;) {
      const c = this.ch();
      if (!(isAlpha(c) || (c !== '' && URI_CHARS.includes(c)))) break;
      if (c === '%') s += this.scanUriEscapes(start);
      else s += this.take();
      hasTag = true;
    }
    if (!hasTag) this.error('did not find expected tag URI', start);
    return s;
  }

  private scanUriEscapes(start: Mark): string {
    const bytes: number[] = [];
    let w = 1024;
    while (w > 0) {
      if (!(this.ch() === '%' && isHex(this.ch(1)) && isHex(this.ch(2)))) this.error('did not find URI escaped octet', start);
      const octet = parseInt(this.ch(1) + this.ch(2), 16);
      if (w === 1024) {
        w = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (w === 0) this.error('found an incorrect leading UTF-8 octet', start);
      } else if ((octet & 0xc0) !== 0x80) {
        this.error('found an incorrect trailing UTF-8 octet', start);
      }
      bytes.push(octet);
      this.advance();
      this.advance();
      this.advance();
      w--;
    }
    return Buffer.from(bytes).toString('utf8');
  }

  private scanBlockScalar(): void {
    const start = this.here();
    const literal = this.ch() === '|';
    this.advance();
    let chomping = 0;
    let increment = 0;
    const sign = (): void => {
      if (this.ch() === '+' || this.ch() === '-') {
        chomping = this.ch() === '+' ? 1 : -1;
        this.advance();
      }
    };
    const digit = (): void => {
      if (!isDigit(this.ch())) return;
      if (this.ch() === '0') this.error('found an indentation indicator equal to 0', start);
      increment = Number(this.ch());
      this.advance();
    };
    if (this.ch() === '+' || this.ch() === '-') {
      sign();
      digit();
    } else if (isDigit(this.ch())) {
      digit();
      sign();
    }
    this.skipCommentToLineEnd(start);
    const state = { indent: increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0, breaks: '' };
    this.blockScalarBreaks(state, start);
    let value = '';
    let leadingBreak = '';
    let leadingBlank = false;
    while (this.mark.column === state.indent && this.ch() !== '') {
      // Folding joins lines with a space, except around more-indented lines and blank lines.
      const trailingBlank = isBlankCh(this.ch());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
        if (state.breaks === '') value += ' ';
      } else {
        value += leadingBreak;
      }
      value += state.breaks;
      state.breaks = '';
      leadingBlank = isBlankCh(this.ch());
      const from = this.pos;
      this.skipToBreak();
      value += this.src.slice(from, this.pos);
      leadingBreak = this.advanceLine();
      this.blockScalarBreaks(state, start);
    }
    if (chomping !== -1) value += leadingBreak;
    if (chomping === 1) value += state.breaks;
    this.insert(-1, { type: 'SCALAR', start, value, style: literal ? 'literal' : 'folded' });
  }

  /**
   * Reads the blank lines before a block scalar's next content line into `state.breaks`, and
   * settles the scalar's indentation when it was not given.
   */
  private blockScalarBreaks(state: { indent: number; breaks: string }, start: Mark): void {
    let maxIndent = 0;
    for (;;) {
      while ((state.indent === 0 || this.mark.column < state.indent) && this.ch() === ' ') this.advance();
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((state.indent === 0 || this.mark.column < state.indent) && this.ch() === '\t') this.error('found a tab character where an indentation space is expected', start);
      if (!isBreakCh(this.ch())) break;
      state.breaks += this.advanceLine();
    }
    if (state.indent === 0) state.indent = Math.max(maxIndent, this.indent + 1, 1);
  }

  private atDocumentIndicator(): boolean {
    if (this.mark.column !== 0 || !isBlankz(this.ch(3))) return false;
    const three = this.ch() + this.ch(1) + this.ch(2);
    return three === '---' || three === '...';
  }

  private scanFlowScalar(single: boolean): void {
    const start = this.here();
    const quote = single ? "'" : '"';
    this.advance();
    let value = '';
    for (;;) {
      if (this.atDocumentIndicator()) this.error('found unexpected document indicator', start);
      if (this.ch() === '') this.error('found unexpected end of stream', start);
      let leadingBlanks = false;
      while (!isBlankz(this.ch())) {
        const c = this.ch();
        if (single && c === "'" && this.ch(1) === "'") {
          value += "'";
          this.advance();
          this.advance();
        } else if (c === quote) {
          break;
        } else if (!single && c === '\\' && isBreakCh(this.ch(1))) {
          // An escaped line break: the scalar continues on the next line, joined without a space.
          this.advance();
          this.advanceLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === '\\') {
          value += this.escape(start);
        } else {
          const run = this.pos;
          this.advance();
          this.skipRun(QUOTED_RUN);
          value += this.src.slice(run, this.pos);
        }
      }
      if (this.ch() === quote) break;
      let whitespace = '';
      let leadingBreak = '';
      let trailingBreaks = '';
      while (isBlankCh(this.ch()) || isBreakCh(this.ch())) {
        if (isBlankCh(this.ch())) {
          if (leadingBlanks) this.advance();
          else whitespace += this.take();
        } else if (!leadingBlanks) {
          whitespace = '';
          leadingBreak = this.advanceLine();
          leadingBlanks = true;
        } else {
          trailingBreaks += this.advanceLine();
        }
      }
      if (leadingBlanks) value += foldBreaks(leadingBreak, trailingBreaks);
      else value += whitespace;
    }
    this.advance();
    this.insert(-1, { type: 'SCALAR', start, value, style: single ? 'single' : 'double' });
  }

  /** A double-quoted escape sequence, from its backslash. */
  private escape(start: Mark): string {
    const e = this.ch(1);
    const length = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    let out = '';
    if (length === 0) {
      const simple = e === '' ? undefined : ESCAPES[e];
      if (simple === undefined) this.error('found unknown escape character', start);
      out = simple;
    }
    this.advance();
    this.advance();
    if (length > 0) {
      let code = 0;
      for (let k = 0; k < length; k++) {
        if (!isHex(this.ch(k))) this.error('did not find expected hexdecimal number', start);
        code = code * 16 + parseInt(this.ch(k), 16);
      }
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) this.error('found invalid Unicode character escape code', start);
      for (let k = 0; k < length; k++) this.advance();
      out = String.fromCodePoint(code);
    }
    return out;
  }

  private scanPlainScalar(): void {
    const start = this.here();
    const indent = this.indent + 1;
    let value = '';
    let leadingBlanks = false;
    let whitespace = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    for (;;) {
      if (this.atDocumentIndicator()) break;
      if (this.ch() === '#') break;
      // A run of characters: the folded blanks before it, then its text in one slice.
      let run = -1;
      const textRun = this.flowLevel > 0 ? PLAIN_RUN_FLOW : PLAIN_RUN_BLOCK;
      while (!isBlankz(this.ch())) {
        const c = this.ch();
        if ((c === ':' && isBlankz(this.ch(1))) || (this.flowLevel > 0 && ',?[]{}'.includes(c))) break;
        if (run < 0) {
          if (leadingBlanks) {
            value += foldBreaks(leadingBreak, trailingBreaks);
            leadingBreak = trailingBreaks = '';
            leadingBlanks = false;
          } else if (whitespace !== '') {
            value += whitespace;
            whitespace = '';
          }
          run = this.pos;
        }
        this.advance();
        this.skipRun(textRun);
      }
      if (run >= 0) value += this.src.slice(run, this.pos);
      if (!(isBlankCh(this.ch()) || isBreakCh(this.ch()))) break;
      while (isBlankCh(this.ch()) || isBreakCh(this.ch())) {
        if (isBlankCh(this.ch())) {
          if (leadingBlanks && this.mark.column < indent && this.ch() === '\t') this.error('found a tab character that violates indentation', start);
          if (leadingBlanks) this.advance();
          else whitespace += this.take();
        } else if (!leadingBlanks) {
          whitespace = '';
          leadingBreak = this.advanceLine();
          leadingBlanks = true;
        } else {
          trailingBreaks += this.advanceLine();
        }
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    this.insert(-1, { type: 'SCALAR', start, value, style: 'plain' });
    if (leadingBlanks) this.simpleKeyAllowed = true;
  }
}

/**
 * Line folding in flow and plain scalars: a "\n" break becomes a space, or the blank lines
 * after it; an LS or PS break stays, with the blank lines after it.
 */
function foldBreaks(leadingBreak: string, trailingBreaks: string): string {
  if (leadingBreak.startsWith('\n')) return trailingBreaks === '' ? ' ' : trailingBreaks;
  return leadingBreak + trailingBreaks;
}

/** Double-quoted escapes of one character. */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', "'": "'", '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/**
 * The value libyaml reads from one scalar's own source text (quoted, plain, or a block scalar
 * without an indentation indicator, which would need its parent's indentation), or undefined.
 * For readers that found the scalar's extent themselves but read YAML 1.2, where NEL, LS and
 * PS are not line breaks.
 */
export function scalarValueFromSource(src: string): string | undefined {
  if (/^[|>][^\n]*[1-9]/.test(src)) return undefined;
  try {
    const scanner = new LibyamlScanner(src);
    scanner.peek();
    scanner.skip();
    const t = scanner.peek();
    return t.type === 'SCALAR' ? t.value : undefined;
  } catch (e) {
    if (e instanceof LibyamlError) return undefined;
    throw e;
  }
}
