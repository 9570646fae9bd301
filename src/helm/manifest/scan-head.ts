// The fastest reading of a document head: one pass over the lines of a block-style document,
// with no parse tree. Rendered manifests are almost always plain block YAML (`key: value`,
// `- item`, quoted strings, `|` blocks, `{}`, one-line `[a, b]`), and for that subset the head can be read
// straight from the lines. The scanner also checks that the whole document stays inside the
// subset, where go-yaml is certain to accept it: Helm decodes the full document, so a broken
// `spec` must still fail. Anything outside the subset (flow collections with content, anchors,
// aliases, tags, multi-line plain or quoted scalars, tabs, CR, control characters, keys YAML
// 1.1 reads as non-strings, `.inf`/`.nan`, duplicate or differently-cased head keys, head
// fields that are not plain strings) returns undefined, and a full parser decides.
import type { SimpleHead } from './head.js';
import { isYaml11String, NON_FINITE } from './yaml11.js';

/** Characters go-yaml rejects, YAML 1.1 line breaks other than \n, CR, BOM and lone surrogates. */
const UNSAFE_CHARS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The same characters with every surrogate: one character class, a much cheaper first test. */
const MAYBE_UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;

/** What a mapping or a pending value is, as far as the head is concerned. */
const enum Role {
  Other,
  Root,
  Metadata,
  Annotations,
  /** A head string field (apiVersion, kind, metadata.name, an annotation value). */
  Field,
}

interface Frame {
  seq: boolean;
  indent: number;
  role: Role;
  /** A block sequence written at its mapping key's own indentation (`key:\n- a`). */
  compact: boolean;
}

/** Thrown inside the scanner when the document leaves the subset; never escapes. */
class Unusual {}
const UNUSUAL = new Unusual();

function unusual(): never {
  throw UNUSUAL;
}

/** Go-yaml's limit for simple keys is 1024 characters; stay well inside it. */
const MAX_KEY = 1000;

/** What lineScalar() found. */
const enum Scalar {
  Plain,
  Quoted,
  EmptyMap,
  EmptyList,
  List,
}

/** The rest after a scalar or key: nothing, or a comment separated by a space. */
function restIsEmpty(s: string, from: number): boolean {
  let i = from;
  while (i < s.length && s.charCodeAt(i) === 0x20) i++;
  return i === s.length || (s.charCodeAt(i) === 0x23 && i > from);
}

/** YAML 1.1 double-quoted escapes go-yaml accepts, by the letter after the backslash. */
const ESCAPES = new Set('0abt\tnvfre "\\N_LP');
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

// Results of the helpers below, in module slots rather than fresh arrays or objects: the
// scanner runs mostly cold (interpreted), where every allocation and destructuring shows.
/** The value of the last quoted() call; undefined when it holds escapes (valid, not decoded). */
let quotedText: string | undefined;
/** The key read by the last mapKey() call. */
let keyText = '';
/** The value of the last lineScalar() call when it was asked for (undefined for collections). */
let scalarText: string | undefined;

/** A quoted scalar starting at `at` and ending on the same line; the index after its closing quote. */
function quoted(s: string, at: number): number {
  const q = s.charCodeAt(at);
  if (q === 0x22) {
    let escaped = false;
    for (let i = at + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        quotedText = escaped ? undefined : s.slice(at + 1, i);
        return i + 1;
      }
      if (c !== 0x5c) continue;
      escaped = true;
      const e = s.charAt(i + 1);
      const n = HEX_LEN[e];
      if (n !== undefined) {
        const hex = s.slice(i + 2, i + 2 + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) unusual();
        const cp = parseInt(hex, 16);
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) unusual();
        i += 1 + n;
      } else if (ESCAPES.has(e)) {
        i++;
      } else {
        unusual(); // an unknown escape, or an escaped line break (a multi-line scalar)
      }
    }
    return unusual();
  }
  let out = '';
  let from = at + 1;
  for (;;) {
    const end = s.indexOf("'", from);
    if (end < 0) unusual();
    out += s.slice(from, end);
    if (s.charCodeAt(end + 1) === 0x27) {
      out += "'";
      from = end + 2;
      continue;
    }
    quotedText = out;
    return end + 1;
  }
}

/**
 * A one-line flow sequence of scalars (`[a, "b", 'c']`) at `at`; returns the index after `]`.
 * Nested collections, empty entries, and plain entries holding `:` or `#` are left to a parser.
 */
function flowSequence(s: string, at: number): number {
  let i = at + 1;
  const skip = (): void => {
    while (s.charCodeAt(i) === 0x20) i++;
  };
  skip();
  if (s.charCodeAt(i) === 0x5d) return i + 1;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x27) {
      i = quoted(s, i);
    } else {
      if (badPlainStart(c, s.charCodeAt(i + 1))) unusual();
      const start = i;
      while (i < s.length) {
        const d = s.charCodeAt(i);
        if (d === 0x2c || d === 0x5d) break;
        if (d === 0x5b || d === 0x7b || d === 0x7d || d === 0x3a || d === 0x23) unusual();
        i++;
      }
      let end = i;
      while (s.charCodeAt(end - 1) === 0x20) end--;
      const text = s.slice(start, end);
      const f = text.charCodeAt(0);
      if ((f === 0x2e || f === 0x2b || f === 0x2d) && NON_FINITE.test(text)) unusual();
    }
    skip();
    const d = s.charCodeAt(i);
    if (d === 0x5d) return i + 1;
    if (d !== 0x2c) unusual();
    i++;
    skip();
  }
}

/** Characters that cannot start a plain scalar (or need more care than this scanner takes). */
function badPlainStart(c: number, next: number): boolean {
  switch (c) {
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x27: // '
    case 0x22: // "
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case 0x3f: // ?
    case 0x3a: // :
      return true;
    case 0x2d: // - starts a plain scalar only when a non-space follows
      return next !== next || next === 0x20;
    default:
      return false;
  }
}

/** A scalar value that fills the rest of a line (the text after `key: ` or `- `). */
function lineScalar(s: string, at: number, wantText: boolean): Scalar {
  const c = s.charCodeAt(at);
  if (c === 0x22 || c === 0x27) {
    const end = quoted(s, at);
    if (!restIsEmpty(s, end)) unusual();
    scalarText = quotedText;
    return Scalar.Quoted;
  }
  if (c === 0x5b) {
    const end = flowSequence(s, at);
    if (!restIsEmpty(s, end)) unusual();
    scalarText = undefined;
    return end === at + 2 ? Scalar.EmptyList : Scalar.List;
  }
  if (c === 0x7b) {
    if (s.charCodeAt(at + 1) !== 0x7d || !restIsEmpty(s, at + 2)) unusual();
    scalarText = undefined;
    return Scalar.EmptyMap;
  }
  if (badPlainStart(c, s.charCodeAt(at + 1))) unusual();
  let end = s.indexOf(' #', at);
  if (end < 0) end = s.length;
  while (s.charCodeAt(end - 1) === 0x20) end--;
  const colon = s.indexOf(': ', at);
  if ((colon >= 0 && colon < end) || s.charCodeAt(end - 1) === 0x3a) unusual();
  if ((c === 0x2e || c === 0x2b || c === 0x2d) && NON_FINITE.test(s.slice(at, end))) unusual();
  scalarText = wantText ? s.slice(at, end) : undefined;
  return Scalar.Plain;
}

/** First letters of the plain scalars YAML 1.1 may read as something other than a string. */
const MAYBE_SPECIAL_START = /[yYnNtTfFoO~0-9+.<-]/;

/** A mapping key at `at` (into keyText): the index after its `:`, or -1 when the line holds none. */
function mapKey(s: string, at: number): number {
  const c = s.charCodeAt(at);
  if (c === 0x22 || c === 0x27) {
    const end = quoted(s, at);
    if (s.charCodeAt(end) !== 0x3a) return -1;
    if (end + 1 < s.length && s.charCodeAt(end + 1) !== 0x20) unusual();
    if (quotedText === undefined || quotedText.length > MAX_KEY) unusual();
    keyText = quotedText;
    return end + 1;
  }
  let colon = s.indexOf(':', at);
  while (colon >= 0 && colon + 1 < s.length && s.charCodeAt(colon + 1) !== 0x20) colon = s.indexOf(':', colon + 1);
  if (colon < 0) return -1;
  if (colon === at || colon - at > MAX_KEY || s.charCodeAt(colon - 1) === 0x20) unusual();
  const hash = s.indexOf(' #', at);
  if (hash >= 0 && hash < colon) unusual();
  if (badPlainStart(c, s.charCodeAt(at + 1))) unusual();
  const key = s.slice(at, colon);
  if (MAYBE_SPECIAL_START.test(s.charAt(at)) && !isYaml11String(key)) unusual();
  keyText = key;
  return colon + 1;
}

/**
 * The common line, read natively in one step (the scanner mostly runs cold, where each
 * interpreted character test costs): indentation, an optional `- `, then `key:` with an empty,
 * plain or escape-free double-quoted value, or a lone plain/quoted value. Plain values here
 * start with a word character, `/`, `$` or `(` and hold no `:`, `#` or quotes; keys are plain
 * words (`app.kubernetes.io/name`). Everything else takes the general path.
 */
const SIMPLE_LINE = /( *)(- +)?(?:([A-Za-z_][\w./-]*):(?: +("[^"\\\n]*"|[\w/$(][^\n:#"']*?))?|("[^"\\\n]*"|[\w/$(][^\n:#"']*?)) *(?:\n|$)/y;

/**
 * The plain scalars starting with a letter that YAML 1.1 reads as booleans or null: for a
 * SIMPLE_LINE key (a letter or `_`, then word characters, `.`, `/`, `-`) the same answer as
 * isYaml11String, in one native step (a set lookup would hash every fresh key string).
 */
const YAML11_WORD = /^(?:[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

function isSeqEntry(s: string, at: number): boolean {
  return s.charCodeAt(at) === 0x2d && (at + 1 === s.length || s.charCodeAt(at + 1) === 0x20);
}

/** The head when the document is plain block YAML; undefined when a full parser must decide. */
export function scanHead(doc: string): SimpleHead | undefined {
  if (MAYBE_UNSAFE.test(doc) && UNSAFE_CHARS.test(doc)) return undefined;
  try {
    return new HeadScanner(doc).run();
  } catch (e) {
    if (e === UNUSUAL) return undefined;
    throw e;
  }
}

class HeadScanner {
  private readonly stack: Frame[] = [];
  /** A key or `-` entry whose value is still to come: its indentation (-1: none), role, origin. */
  private pendingIndent = -1;
  private pendingRole = Role.Other;
  private pendingFromMap = false;
  /** After a `|`/`>` header: the indentation its content must exceed. */
  private blockParent = -1;
  private readonly head: SimpleHead = { apiVersion: '', kind: '' };
  private seenApiVersion = false;
  private seenKind = false;
  private seenMetadata = false;
  private seenName = false;
  private seenAnnotations = false;

  private readonly hasTab: boolean;

  constructor(private readonly doc: string) {
    this.hasTab = doc.includes('\t');
  }

  run(): SimpleHead {
    const doc = this.doc;
    let pos = 0;
    while (pos <= doc.length) {
      let eol = doc.indexOf('\n', pos);
      if (eol < 0) eol = doc.length;
      if (this.blockParent >= 0) {
        pos = this.skipBlockScalar(pos);
        this.blockParent = -1;
        continue;
      }
      if (!this.hasTab) {
        SIMPLE_LINE.lastIndex = pos;
        const m = SIMPLE_LINE.exec(doc);
        if (m !== null) {
          pos = doc.charCodeAt(SIMPLE_LINE.lastIndex - 1) === 0x0a ? SIMPLE_LINE.lastIndex : doc.length + 1;
          this.simpleLine(m[1]!.length, m[2], m[3], m[4] ?? m[5]);
          continue;
        }
      }
      const line = doc.slice(pos, eol);
      pos = eol + 1;
      let indent = 0;
      while (line.charCodeAt(indent) === 0x20) indent++;
      if (indent === line.length || line.charCodeAt(indent) === 0x23) continue; // blank or comment
      if (this.hasTab && line.includes('\t')) unusual();
      if (indent === 0 && (line.startsWith('---') || line.startsWith('...'))) unusual();
      this.line(line, indent);
    }
    if (this.stack.length === 0) unusual(); // empty or comment-only: rare, left to the parser
    return this.head;
  }

  /** Skips the content of a block scalar starting at `pos`; returns where structure resumes. */
  private skipBlockScalar(pos: number): number {
    const doc = this.doc;
    let maxBlank = 0;
    let contentIndent = -1;
    while (pos < doc.length) {
      let eol = doc.indexOf('\n', pos);
      if (eol < 0) eol = doc.length;
      let i = pos;
      while (doc.charCodeAt(i) === 0x20) i++;
      const spaces = i - pos;
      if (i === eol) {
        if (contentIndent < 0 && spaces > maxBlank) maxBlank = spaces;
        pos = eol + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= this.blockParent) return pos; // an empty scalar
        // go-yaml rejects leading blank lines indented deeper than the first content line.
        if (maxBlank > spaces) unusual();
        contentIndent = spaces;
      } else if (spaces < contentIndent) {
        return pos;
      }
      pos = eol + 1;
    }
    return pos;
  }

  private line(s: string, indent: number): void {
    const seqEntry = isSeqEntry(s, indent);
    this.place(indent, seqEntry);
    if (seqEntry) this.seqEntry(s, indent);
    else this.mapEntry(s, indent);
  }

  /**
   * Makes the collection a line at `indent` belongs to the innermost one (a sequence for a `-`
   * entry, else a mapping): opens the value of a pending key, or closes deeper collections.
   */
  private place(indent: number, seqEntry: boolean): void {
    const pIndent = this.pendingIndent;
    if (pIndent >= 0) {
      this.pendingIndent = -1;
      if (indent > pIndent || (indent === pIndent && seqEntry && this.pendingFromMap)) {
        // The value of the pending key or entry is this block.
        const role = this.pendingRole;
        if (role === Role.Field) unusual();
        if (seqEntry) {
          if (role !== Role.Other) unusual();
          this.stack.push({ seq: true, indent, role: Role.Other, compact: indent === pIndent });
        } else {
          this.openMap(indent, role);
        }
        return;
      }
    }
    const stack = this.stack;
    if (stack.length === 0) {
      if (indent !== 0 || seqEntry) unusual();
      this.openMap(0, Role.Root);
      return;
    }
    let top = stack[stack.length - 1]!;
    while (top.indent > indent) {
      stack.pop();
      if (stack.length === 0) unusual();
      top = stack[stack.length - 1]!;
    }
    if (top.indent !== indent) unusual();
    if (top.seq && !seqEntry) {
      if (!top.compact) unusual();
      stack.pop();
      top = stack[stack.length - 1]!;
    }
    if (seqEntry && !top.seq) unusual();
  }

  /** A line SIMPLE_LINE matched: `[- ]key: value`, `[- ]key:` or `- value`. */
  private simpleLine(indent: number, dash: string | undefined, key: string | undefined, value: string | undefined): void {
    if (dash === undefined) {
      if (key === undefined) unusual(); // a scalar where a key belongs
      this.place(indent, false);
      this.simpleEntry(indent, key, value);
      return;
    }
    this.place(indent, true);
    if (key === undefined) return;
    const at = indent + dash.length;
    this.stack.push({ seq: false, indent: at, role: Role.Other, compact: false });
    this.simpleEntry(at, key, value);
  }

  private simpleEntry(at: number, key: string, value: string | undefined): void {
    if (key.length <= 5 && YAML11_WORD.test(key)) unusual();
    const frame = this.stack[this.stack.length - 1]!;
    const role = this.childRole(frame.role, key);
    if (value === undefined) {
      if (role === Role.Field) this.setField(frame.role, key, '');
      this.pend(at, role, true);
      return;
    }
    if (role === Role.Other) return;
    if (role !== Role.Field) unusual();
    let text = value;
    if (value.charCodeAt(0) === 0x22) text = value.slice(1, -1);
    else if (!isYaml11String(value)) unusual();
    this.setField(frame.role, key, text);
  }

  private pend(indent: number, role: Role, fromMap: boolean): void {
    this.pendingIndent = indent;
    this.pendingRole = role;
    this.pendingFromMap = fromMap;
  }

  private openMap(indent: number, role: Role): void {
    this.stack.push({ seq: false, indent, role, compact: false });
    if (role === Role.Metadata) this.head.metadata = { name: '' };
    else if (role === Role.Annotations) this.head.metadata!.annotations = {};
  }

  /** `- ...` at `at`, inside the sequence at that indentation. */
  private seqEntry(s: string, at: number): void {
    let i = at + 1;
    while (s.charCodeAt(i) === 0x20) i++;
    if (i === s.length || s.charCodeAt(i) === 0x23) {
      if (i < s.length && i === at + 1) unusual();
      this.pend(at, Role.Other, false);
      return;
    }
    if (isSeqEntry(s, i)) {
      this.stack.push({ seq: true, indent: i, role: Role.Other, compact: false });
      return this.seqEntry(s, i);
    }
    const c = s.charCodeAt(i);
    if (c === 0x7c || c === 0x3e) {
      this.blockHeader(s, i, at);
      return;
    }
    if (mapKey(s, i) >= 0) {
      this.stack.push({ seq: false, indent: i, role: Role.Other, compact: false });
      return this.mapEntry(s, i);
    }
    lineScalar(s, i, false);
  }

  /** A `|`/`>` header at `at`; its content must be indented deeper than `parent`. */
  private blockHeader(s: string, at: number, parent: number): void {
    let i = at + 1;
    const c = s.charCodeAt(i);
    if (c === 0x2b || c === 0x2d) i++; // chomping; an explicit indentation digit is left to the parser
    if (!restIsEmpty(s, i)) unusual();
    this.blockParent = parent;
  }

  /** `key: value` at `at`, inside the mapping at that indentation. */
  private mapEntry(s: string, at: number): void {
    const after = mapKey(s, at);
    if (after < 0) unusual();
    const key = keyText;
    const frame = this.stack[this.stack.length - 1]!;
    const role = this.childRole(frame.role, key);
    let i = after;
    while (s.charCodeAt(i) === 0x20) i++;
    if (i === s.length || s.charCodeAt(i) === 0x23) {
      if (i < s.length && i === after) unusual();
      // null: an empty head string, no metadata or annotations; a block may still follow.
      if (role === Role.Field) this.setField(frame.role, key, '');
      this.pend(at, role, true);
      return;
    }
    const c = s.charCodeAt(i);
    if (c === 0x7c || c === 0x3e) {
      if (role !== Role.Other) unusual();
      this.blockHeader(s, i, at);
      return;
    }
    const kind = lineScalar(s, i, role === Role.Field);
    switch (role) {
      case Role.Other:
        return;
      case Role.Field: {
        const text = scalarText;
        if (text === undefined || (kind === Scalar.Plain && !isYaml11String(text))) unusual();
        this.setField(frame.role, key, text);
        return;
      }
      case Role.Metadata:
      case Role.Annotations:
        if (kind !== Scalar.EmptyMap) unusual();
        this.openMap(at + 1, role);
        this.stack.pop();
        return;
      default:
        unusual();
    }
  }

  /** What the value of `key` is in a mapping of role `parent`; stops at duplicate head keys. */
  private childRole(parent: Role, key: string): Role {
    switch (parent) {
      case Role.Other:
        return Role.Other;
      case Role.Root:
        if (key === 'apiVersion') return this.once('seenApiVersion', Role.Field);
        if (key === 'kind') return this.once('seenKind', Role.Field);
        if (key === 'metadata') return this.once('seenMetadata', Role.Metadata);
        // encoding/json would match other spellings too.
        if (/^(?:apiversion|kind|metadata)$/i.test(key)) unusual();
        return Role.Other;
      case Role.Metadata:
        if (key === 'name') return this.once('seenName', Role.Field);
        if (key === 'annotations') return this.once('seenAnnotations', Role.Annotations);
        if (/^(?:name|annotations)$/i.test(key)) unusual();
        return Role.Other;
      case Role.Annotations: {
        const ann = this.head.metadata!.annotations!;
        if (key === '__proto__' || Object.prototype.hasOwnProperty.call(ann, key)) unusual();
        return Role.Field;
      }
      default:
        return unusual();
    }
  }

  private once(flag: 'seenApiVersion' | 'seenKind' | 'seenMetadata' | 'seenName' | 'seenAnnotations', role: Role): Role {
    if (this[flag]) unusual();
    this[flag] = true;
    return role;
  }

  private setField(parent: Role, key: string, value: string): void {
    if (parent === Role.Root) {
      if (key === 'apiVersion') this.head.apiVersion = value;
      else this.head.kind = value;
    } else if (parent === Role.Metadata) {
      this.head.metadata!.name = value;
    } else {
      this.head.metadata!.annotations![key] = value;
    }
  }
}
