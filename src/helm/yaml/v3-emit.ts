// How go-yaml v3 (kustomize's kyaml) writes back a node tree it read: comments, key order,
// scalar styles, anchors and flow collections kept; indentation 2 with sequences not indented
// under their key; no line folding however long; a scalar it cannot write in its style (a
// character it does not print, a tab outside a block) double-quoted with libyaml's escapes.
// Helm re-writes post-rendered documents this way (splitAndDeannotate), so both `helm template
// --post-renderer` and every manifest helm-controller stores after post-rendering have this shape.
import { parseDocument, Scalar, visit, type Document, type ToStringOptions } from 'yaml';
import { escapeSequence, needsEscape } from './libyaml-chars.js';

const EMIT: ToStringOptions = {
  indent: 2,
  indentSeq: false,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
  // yaml.v3 never splits a double-quoted scalar over lines.
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
};

/** Stands in a plain scalar for a double-quoted one until v3DoubleQuoted's text replaces it. */
const QUOTED_MARK = '\uE001';

/** A character libyaml does not print, apart from the line breaks a block scalar holds. */
const UNPRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]|[\u{10000}-\u{10ffff}]/u;

/** yaml.v3's double-quoted scalar with no line folding. */
function v3DoubleQuoted(value: string): string {
  let out = '"';
  const bom = value.startsWith('\ufeff');
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    out += needsEscape(cp, bom) ? escapeSequence(cp) : ch;
  }
  return `${out}"`;
}

/** LS and PS: line breaks for libyaml, which the yaml package writes as any other character. */
const LS_PS = /[\u2028\u2029]/;

/** Whether yaml.v3 gives up the scalar's own style for a double-quoted one. */
function needsDoubleQuotes(node: Scalar): boolean {
  if (typeof node.value !== 'string') return false;
  const v = node.value;
  if (UNPRINTABLE.test(v)) return true;
  if (LS_PS.test(v)) {
    // libyaml's analysis: a space before a break rules out quotes and blocks, one after a break
    // rules out single quotes.
    if (/ [\n\u2028\u2029]/.test(v)) return true;
    if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED && /[\n\u2028\u2029] /.test(v)) return true;
  }
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    // A block cannot hold a space before a line break or at the end.
    return / \n| $/.test(v);
  }
  // A tab is kept in a block only.
  return (node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_SINGLE) && v.includes('\t');
}

/**
 * Follow an LS or PS in a single-quoted (BREAK_IN_QUOTES) or block (BREAK_IN_BLOCK) scalar:
 * libyaml starts a line there, so the next character comes after the scalar's indentation.
 */
const BREAK_IN_QUOTES = '\uE003';
const BREAK_IN_BLOCK = '\uE004';

/** The indentation libyaml writes after each marked LS or PS, line by line. */
function indentAfterBreaks(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.includes(BREAK_IN_QUOTES) && !line.includes(BREAK_IN_BLOCK)) return line;
      const indent = line.length - line.trimStart().length;
      // A quoted scalar is indented under its key or dash; a block's lines by their own indentation.
      return line.replaceAll(BREAK_IN_QUOTES, ' '.repeat(indent + 2)).replaceAll(BREAK_IN_BLOCK, ' '.repeat(indent));
    })
    .join('\n');
}

/** Marks, in place of its comment, a block scalar starting with a space or a line break. */
const LEADING_MARK = '\uE002';

/**
 * The headers of the blocks prepareForV3 marked as yaml.v3 writes them, always with the
 * indentation indicator (libyaml's block hints), their comments back, and their leading blank
 * lines empty where the yaml package indents them.
 */
function leadingBlocks(text: string, comments: (string | null)[]): string {
  const lines = text.split('\n');
  const re = new RegExp(` #${LEADING_MARK}(\\d+)${LEADING_MARK}$`);
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]!);
    if (!m) continue;
    const header = lines[i]!.slice(0, m.index).replace(/([|>])\d?([-+]?)$/, (_m, style: string, chomp: string) => `${style}2${chomp}`);
    const comment = comments[Number(m[1])];
    lines[i] = comment ? `${header} #${comment}` : header;
    // A block never holds a line of blanks (a space before a break makes it double-quoted).
    for (let j = i + 1; j < lines.length && lines[j]!.trim() === ''; j++) lines[j] = '';
  }
  return lines.join('\n');
}

/** Marks a folded scalar for the blank line yaml.v3 writes after it (see foldedQuirk). */
const FOLDED_MARK = 'kyaml-folded-extra-line';

/**
 * yaml.v3 drops blank lines between entries (the yaml package keeps them) and, writing a folded
 * scalar whose text ends in one line break after a line of text, writes one extra line break
 * (its write_folded_scalar checks the value's first character where it means the next line's).
 */
function prepareForV3(doc: Document, quoted: string[], blockComments: (string | null)[]): void {
  visit(doc, {
    Map(_key, node) {
      node.spaceBefore = false;
    },
    Seq(_key, node) {
      node.spaceBefore = false;
    },
    Alias(_key, node) {
      node.spaceBefore = false;
    },
    Pair(_key, pair) {
      const k = pair.key as { spaceBefore?: boolean } | null;
      if (k && typeof k === 'object') k.spaceBefore = false;
    },
    Scalar(_key, node) {
      node.spaceBefore = false;
      if ((node.type === Scalar.QUOTE_DOUBLE && typeof node.value === 'string') || needsDoubleQuotes(node)) {
        // Written by v3DoubleQuoted after stringifying: the yaml package escapes differently.
        quoted.push(v3DoubleQuoted(String(node.value)));
        node.value = `${QUOTED_MARK}${quoted.length - 1}${QUOTED_MARK}`;
        node.type = Scalar.PLAIN;
        return;
      }
      if (typeof node.value === 'string' && LS_PS.test(node.value)) {
        // A scalar with line breaks is never plain.
        if (node.type === Scalar.PLAIN || node.type === undefined) node.type = Scalar.QUOTE_SINGLE;
        const mark = node.type === Scalar.QUOTE_SINGLE ? BREAK_IN_QUOTES : BREAK_IN_BLOCK;
        node.value = node.value.replace(/[\u2028\u2029]/g, (c) => c + mark);
      }
      if ((node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && typeof node.value === 'string' && /^[ \n]/.test(node.value)) {
        blockComments.push(node.comment ?? null);
        node.comment = `${LEADING_MARK}${blockComments.length - 1}${LEADING_MARK}`;
        return;
      }
      if (node.type !== Scalar.BLOCK_FOLDED || typeof node.value !== 'string' || node.comment) return;
      const v = node.value;
      const lastLine = v.slice(v.lastIndexOf('\n', v.length - 2) + 1);
      if (/[^\n]\n$/.test(v) && !/^[ \t\n]/.test(v) && !lastLine.startsWith(' ')) node.comment = FOLDED_MARK;
    },
  });
}

/** Replaces the marks of prepareForV3 by the extra line break after the scalar's text. */
function foldedQuirk(text: string): string {
  if (!text.includes(FOLDED_MARK)) return text;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i]!.indexOf(` #${FOLDED_MARK}`);
    if (at < 0) continue;
    lines[i] = lines[i]!.slice(0, at);
    const indent = lines[i]!.length - lines[i]!.trimStart().length;
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() === '') continue;
      if (l.length - l.trimStart().length <= indent) break;
      last = j;
    }
    lines.splice(last + 1, 0, '');
  }
  return lines.join('\n');
}

function stripDocStart(text: string): string {
  return text.startsWith('---\n') ? text.slice(4) : text.startsWith('--- ') ? text.slice(4) : text;
}

/**
 * One parsed document (read with the failsafe schema, so plain scalars keep their text) as
 * yaml.v3 writes it, without a `---` of its own. The document's nodes are changed on the way.
 */
export function emitYamlV3(doc: Document): string {
  const quoted: string[] = [];
  const blockComments: (string | null)[] = [];
  prepareForV3(doc, quoted, blockComments);
  let text = foldedQuirk(stripDocStart(doc.toString(EMIT)));
  if (text.includes(BREAK_IN_QUOTES) || text.includes(BREAK_IN_BLOCK)) text = indentAfterBreaks(text);
  if (blockComments.length > 0) text = leadingBlocks(text, blockComments);
  if (quoted.length > 0) text = text.replace(new RegExp(`${QUOTED_MARK}(\\d+)${QUOTED_MARK}`, 'g'), (_m, i: string) => quoted[Number(i)]!);
  // The comment after a document's content follows it directly.
  if (doc.comment) text = text.replace(/\n\n((?:#[^\n]*\n)+)$/, '\n$1');
  return text;
}

/**
 * One document written by go-yaml (v2 or v3, as Helm's toYaml and kustomize write objects)
 * re-read and written as yaml.v3 writes it.
 */
export function reemitYamlV3(text: string): string {
  // go-yaml only folds a scalar at a space past column 80 and otherwise writes what yaml.v3
  // writes (the same escapes and styles): a text without a longer line is already in shape.
  if (!hasLongLine(text)) return text;
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`cannot re-read a go-yaml document: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (doc.contents === null) return 'null\n';
  return emitYamlV3(doc);
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
