// How kyaml (go-yaml v3, 2-space indent, sequences not indented under their key) writes back a
// document it read: each scalar keeps the style it was read with (plain, single- or
// double-quoted, literal), nothing is folded however long, empty collections stay `{}` / `[]`.
// Helm re-writes post-rendered documents this way (splitAndDeannotate), so every manifest
// helm-controller stores has this shape.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { KustomizeError } from './resource.js';

const INDENT = 2;

/** One YAML document (as go-yaml writes it) re-written as kyaml writes it. */
export function kyamlReemit(text: string): string {
  // go-yaml (v2 and v3 alike) only folds a scalar at a space past column 80, and otherwise writes
  // what kyaml writes: a text without a longer line is already in kyaml's shape.
  if (!hasLongLine(text)) return text;
  const doc = parseDocument(text, { version: '1.1', keepSourceTokens: true, uniqueKeys: false });
  if (doc.errors.length > 0) throw new KustomizeError(`cannot re-read a document: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = doc.contents;
  const lines: string[] = [];
  if (root === null) return 'null\n';
  if (isMap(root)) emitMap(root, 0, lines);
  else if (isSeq(root)) emitSeq(root, 0, lines);
  else lines.push(...scalarLines(root as Scalar, '', 0));
  return `${lines.join('\n')}\n`;
}

function hasLongLine(text: string): boolean {
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > 80) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

function pad(n: number): string {
  return ' '.repeat(n);
}

function isEmptyCollection(n: unknown): string | undefined {
  if (isMap(n) && n.items.length === 0) return '{}';
  if (isSeq(n) && n.items.length === 0) return '[]';
  return undefined;
}

function emitMap(map: YAMLMap, indent: number, out: string[]): void {
  for (const pair of map.items as Pair<unknown, unknown>[]) {
    const key = `${pad(indent)}${inlineScalar(pair.key as Scalar)}:`;
    const v = pair.value;
    if (v === null || v === undefined) {
      out.push(`${key} null`);
      continue;
    }
    const empty = isEmptyCollection(v);
    if (empty) out.push(`${key} ${empty}`);
    else if (isMap(v)) {
      out.push(key);
      emitMap(v, indent + INDENT, out);
    } else if (isSeq(v)) {
      out.push(key);
      emitSeq(v, indent, out);
    } else out.push(...scalarLines(v as Scalar, `${key} `, indent + INDENT));
  }
}

function emitSeq(seq: YAMLSeq, indent: number, out: string[]): void {
  const dash = `${pad(indent)}- `;
  for (const item of seq.items as unknown[]) {
    if (item === null || item === undefined) {
      out.push(`${dash}null`);
      continue;
    }
    const empty = isEmptyCollection(item);
    if (empty) {
      out.push(`${dash}${empty}`);
      continue;
    }
    if (isMap(item) || isSeq(item)) {
      const inner: string[] = [];
      if (isMap(item)) emitMap(item, indent + INDENT, inner);
      else emitSeq(item, indent + INDENT, inner);
      inner[0] = dash + inner[0]!.slice(indent + INDENT);
      out.push(...inner);
      continue;
    }
    out.push(...scalarLines(item as Scalar, dash, indent + INDENT));
  }
}

/** A scalar after `prefix`; block scalars continue on lines indented to `contentIndent`. */
function scalarLines(s: Scalar, prefix: string, contentIndent: number): string[] {
  if (s.type === Scalar.BLOCK_LITERAL || s.type === Scalar.BLOCK_FOLDED) {
    const value = String(s.value);
    const lines = value.split('\n');
    if (value.endsWith('\n')) lines.pop();
    return [`${prefix}|${blockHints(value)}`, ...lines.map((l) => (l === '' ? '' : pad(contentIndent) + l))];
  }
  return [prefix + inlineScalar(s)];
}

/** libyaml's block scalar header: an indentation indicator for leading space or break, then chomping. */
function blockHints(value: string): string {
  let hints = '';
  if (value.startsWith(' ') || value.startsWith('\n')) hints += String(INDENT);
  if (!value.endsWith('\n')) hints += '-';
  else if (value.length === 1 || value.endsWith('\n\n')) hints += '+';
  return hints;
}

function inlineScalar(s: Scalar): string {
  switch (s.type) {
    case Scalar.QUOTE_SINGLE:
      return `'${String(s.value).replaceAll("'", "''")}'`;
    case Scalar.QUOTE_DOUBLE:
      return doubleQuoted(String(s.value));
    default: {
      // Plain: strings as read (go-yaml's folding undone), other values exactly as written.
      if (typeof s.value === 'string') return s.value;
      const src = (s.srcToken as { source?: string } | undefined)?.source;
      return src ?? String(s.value);
    }
  }
}

const ESCAPES: Record<number, string> = {
  0x00: '\\0',
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\e',
  0x22: '\\"',
  0x5c: '\\\\',
  0x85: '\\N',
  0xa0: '\\_',
  0x2028: '\\L',
  0x2029: '\\P',
};

/** libyaml's printable set (what it writes unescaped in a double-quoted scalar). */
function printable(c: number): boolean {
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

function hex(c: number, width: number): string {
  return c.toString(16).toUpperCase().padStart(width, '0');
}

/** libyaml's double-quoted writer with no line width: escapes only, never folds. */
function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (printable(c) && c !== 0x22 && c !== 0x5c) {
      out += ch;
      continue;
    }
    const e = ESCAPES[c];
    if (e) out += e;
    else if (c <= 0xff) out += `\\x${hex(c, 2)}`;
    else if (c <= 0xffff) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return `${out}"`;
}
