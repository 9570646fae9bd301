// The block-style YAML emitter of go-yaml v2 (a port of libyaml's emitter), reduced to what
// Marshal produces: mappings, sequences and scalars with their style rules, 2-space indent,
// sequences not indented under their key, 80-column folding of long scalars, `? ` keys for
// long or multi-line keys, `{}`/`[]` for empty collections.
import { escapeSequence, isBreak, isPrintable, needsEscape } from './libyaml-chars.js';

export type EmitScalarStyle = 'plain' | 'double' | 'literal';

export type EmitNode =
  | { kind: 'scalar'; value: string; style: EmitScalarStyle }
  | { kind: 'seq'; items: EmitNode[] }
  | { kind: 'map'; entries: Array<[EmitNode & { kind: 'scalar' }, EmitNode]> };

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function isBlank(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09;
}
/** UTF-8 length of a code point: the simple-key limit counts bytes. */
function utf8Len(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

function codePoints(s: string): number[] {
  const out: number[] = new Array<number>(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out[n++] = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    out[n++] = c;
  }
  out.length = n;
  return out;
}

function analyze(v: number[]): Analysis {
  if (v.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (v.length >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
    if (i === 0) {
      switch (c) {
        case 0x23: // # , [ ] { } & * ! | > ' " % @ `
        case 0x2c:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
        case 0x26:
        case 0x2a:
        case 0x21:
        case 0x7c:
        case 0x3e:
        case 0x27:
        case 0x22:
        case 0x25:
        case 0x40:
        case 0x60:
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ? :
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c: // , ? [ ] { }
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23: // #
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}


/** Plain-safe ASCII with no spaces: starts with no indicator, holds no ": " or " #" (and "..." is checked apart). */
const SIMPLE_PLAIN = /^[A-Za-z0-9_./(][A-Za-z0-9_./()=+@$^~-]*$/;

/** A block collection being written, and how many of its items or entries are done. */
type OpenCollection = { kind: 'seq'; items: EmitNode[]; i: number } | { kind: 'map'; entries: Array<[EmitNode & { kind: 'scalar' }, EmitNode]>; i: number };

class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;

  result(): string {
    return this.out;
  }

  // --- low-level writers (libyaml's put/write/write_indent/write_indicator) ---
  private put(s: string): void {
    this.out += s;
    this.column += s.length;
  }
  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }
  private writeCp(c: number): void {
    this.out += c < 0x10000 ? String.fromCharCode(c) : String.fromCodePoint(c);
    this.column++;
  }
  private writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.out += String.fromCharCode(c);
      this.column = 0;
    }
  }
  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    // One run of spaces, not one write per column: deep values indent thousands of columns.
    if (this.column < indent) this.put(' '.repeat(indent - this.column));
    this.whitespace = true;
    this.indention = true;
  }
  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(ind);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  // --- nodes ---
  /**
   * Writes n and everything in it with an explicit stack of the open collections, not
   * recursion: go-yaml's encoder has no depth limit, and toYaml writes 10000 nested levels.
   */
  node(n: EmitNode, ctx: { root?: boolean; sequence?: boolean; mapping?: boolean; simpleKey?: boolean }): void {
    const open: OpenCollection[] = [];
    let next: EmitNode | undefined = n;
    let mapping = !!ctx.mapping;
    let simpleKey = !!ctx.simpleKey;
    while (next) {
      this.start(next, mapping, simpleKey, open);
      next = undefined;
      simpleKey = false;
      // The next node is the next item or value of the innermost collection not yet done.
      while (open.length > 0) {
        const top = open[open.length - 1]!;
        if (top.kind === 'seq' && top.i < top.items.length) {
          this.writeIndent();
          this.writeIndicator('-', true, false, true);
          next = top.items[top.i++]!;
          mapping = false;
          break;
        }
        if (top.kind === 'map' && top.i < top.entries.length) {
          const [k, v] = top.entries[top.i++]!;
          this.writeIndent();
          // Keys are scalars: start writes them whole.
          if (this.isSimpleKey(k)) {
            this.start(k, true, true, open);
            this.writeIndicator(':', false, false, false);
          } else {
            this.writeIndicator('?', true, false, true);
            this.start(k, true, false, open);
            this.writeIndent();
            this.writeIndicator(':', true, false, true);
          }
          next = v;
          mapping = true;
          break;
        }
        this.popIndent();
        open.pop();
      }
    }
  }

  /** Writes a scalar or an empty collection; opens a block collection onto `open`. */
  private start(n: EmitNode, mapping: boolean, simpleKey: boolean, open: OpenCollection[]): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    switch (n.kind) {
      case 'scalar':
        this.scalar(n);
        return;
      case 'seq':
        if (n.items.length === 0 || this.flowLevel > 0) this.emptyFlow('[', ']');
        else {
          this.increaseIndent(false, this.mappingContext && !this.indention);
          open.push({ kind: 'seq', items: n.items, i: 0 });
        }
        return;
      case 'map':
        if (n.entries.length === 0 || this.flowLevel > 0) this.emptyFlow('{', '}');
        else {
          this.increaseIndent(false, false);
          open.push({ kind: 'map', entries: n.entries, i: 0 });
        }
        return;
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private isSimpleKey(k: EmitNode & { kind: 'scalar' }): boolean {
    const cps = codePoints(k.value);
    if (analyze(cps).multiline) return false;
    let bytes = 0;
    for (const c of cps) bytes += utf8Len(c);
    return bytes <= 128;
  }

  private scalar(n: EmitNode & { kind: 'scalar' }): void {
    // Fast path: a short word of safe ASCII needs no analysis, quoting or folding.
    if (n.style === 'plain' && SIMPLE_PLAIN.test(n.value) && !n.value.startsWith('...')) {
      if (!this.whitespace) this.put(' ');
      this.put(n.value);
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const cps = codePoints(n.value);
    const a = analyze(cps);
    let style: 'plain' | 'single' | 'double' | 'literal' = n.style;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (cps.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(cps, allowBreaks);
        break;
      case 'single':
        this.writeSingle(cps, allowBreaks);
        break;
      case 'double':
        this.writeDouble(cps, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(cps);
        break;
    }
    this.popIndent();
  }

  private writePlain(v: number[], allowBreaks: boolean): void {
    if (v.length > 0 && !this.whitespace) this.put(' ');
    this.writeFoldable(v, allowBreaks, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    this.writeFoldable(v, allowBreaks, true);
    this.writeIndicator("'", false, false, false);
  }

  /**
   * The text of a plain or single-quoted scalar: folded at a single space past the width (a
   * quoted one never at its first or last character), line breaks doubled, quotes doubled.
   */
  private writeFoldable(v: number[], allowBreaks: boolean, quoted: boolean): void {
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        const inside = !quoted || (i > 0 && i < v.length - 1);
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inside && v[i + 1] !== 0x20) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (quoted && c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
  }

  private writeDouble(v: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const bom = v[0] === 0xfeff;
    let spaces = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (needsEscape(c, bom)) {
        this.put(escapeSequence(c));
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put('\\');
        } else this.writeCp(c);
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // Block scalar hints: an explicit indent when the text starts with a space or break,
    // "-" when it has no final break, "+" when it ends with two or more breaks.
    if (v[0] === 0x20 || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    const last = v.length - 1;
    if (v.length === 0 || !isBreak(v[last])) chomp = '-';
    else if (last === 0 || isBreak(v[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  endDocument(): void {
    // The implicit document end: finish the last line.
    this.indent = -1;
    this.writeIndent();
  }
}

/** Emits one document exactly as go-yaml v2's Marshal would (always ends with a newline). */
export function emitYaml(root: EmitNode): string {
  const e = new Emitter();
  e.node(root, { root: true });
  e.endDocument();
  return e.result();
}
