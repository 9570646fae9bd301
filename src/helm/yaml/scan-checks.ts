// A few of libyaml's scanner errors, found by walking the text the way its scanner meets
// tokens: libyaml reports the first error in the order it reads tokens, so a token that cannot
// be scanned at all (a '%' directive line, a reserved '@' or '`', a bad anchor or alias name)
// fails before the parser can complain about anything at or after it. The `yaml` package
// reports these differently or later; errors.ts prefers what this finds when nothing earlier
// went wrong.
import { blockContentLineEnd } from './block-lines.js';

export interface ScanProblem {
  /** 1-based line of the problem. */
  line: number;
  detail: string;
  /** 'scanner' errors print the 1-based line; a parser error on this token prints the 0-based one. */
  kind: 'scanner' | 'parser';
}

/**
 * What libyaml's parser wanted instead of the token at `pos` in block context: the next '-' of
 * the sequence whose entry holds it, or the next key of the mapping.
 */
function blockExpectation(text: string, pos: number): string {
  const lineBegin = text.lastIndexOf('\n', pos - 1) + 1;
  const line = text.slice(lineBegin, pos);
  const column = line.length - line.trimStart().length;
  // The token's own line, if it is a sequence entry or a mapping entry, else the nearest line at
  // or left of its column.
  if (/^\s*- /.test(line)) return "did not find expected '-' indicator";
  if (/^\s*[^\s#-][^:]*:(\s|$)/.test(line)) return 'did not find expected key';
  const lines = text.slice(0, lineBegin).split('\n').reverse();
  for (const l of lines) {
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const indent = l.length - l.trimStart().length;
    if (indent > column) continue;
    return /^\s*-(\s|$)/.test(l) ? "did not find expected '-' indicator" : 'did not find expected key';
  }
  return 'did not find expected key';
}

/** Characters that end an anchor or alias name without an error. */
const AFTER_NAME = /[\s?:,\]}%@`]/;

/**
 * The first problem among: a directive line with no name, a reserved indicator starting a
 * token, an anchor or alias with no name or followed by a character libyaml refuses, and a ','
 * starting a token outside flow collections (libyaml then fails in its parser on that token).
 */
export function firstScanProblem(text: string): ScanProblem | undefined {
  let line = 1;
  let depth = 0;
  /** Indentation of the line that opened a block scalar while its content is skipped. */
  let blockIndent = -1;
  let lineStart = true;
  /** Can a token start here (line start, after blanks, or after an indicator)? */
  let tokenStart = true;
  /** Inside a plain scalar, which runs over blanks until ": ", " #" or (in flow) an indicator. */
  let inPlain = false;
  /** The open flow collections, innermost last. */
  const openers: string[] = [];
  const blank = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (lineStart) {
      lineStart = false;
      if (blockIndent >= 0) {
        const end = blockContentLineEnd(text, i, blockIndent);
        if (end !== undefined) {
          if (end < 0) return undefined;
          i = end;
          line++;
          lineStart = true;
          continue;
        }
        blockIndent = -1;
      }
      if (c === '%' && depth === 0) {
        const name = /^[0-9A-Za-z_-]*/.exec(text.slice(i + 1))![0];
        if (name === '') return { line, detail: 'could not find expected directive name', kind: 'scanner' };
      }
    }
    if (c === '\n') {
      line++;
      lineStart = true;
      tokenStart = true;
      inPlain = false;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (!inPlain) tokenStart = true;
      continue;
    }
    if (c === '#' && (tokenStart || blank(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end - 1;
      continue;
    }
    if (inPlain) {
      if (c === ':' && (blank(text[i + 1]) || (depth > 0 && /[,[\]{}]/.test(text[i + 1]!)))) {
        inPlain = false;
        tokenStart = true;
      } else if (depth > 0 && /[,[\]{}]/.test(c)) {
        inPlain = false;
        i--;
      }
      continue;
    }
    // Flow indicators count wherever they stand outside scalars.
    if (depth > 0 && (c === ',' || c === ']' || c === '}')) {
      if (c !== ',') {
        const open = openers.pop();
        if ((open === '{') !== (c === '}')) {
          const inside = text.slice(0, i).trimEnd();
          const closer = open === '{' ? '}' : ']';
          return { line, detail: inside.endsWith(open ?? '') ? 'did not find expected node content' : `did not find expected ',' or '${closer}'`, kind: 'parser' };
        }
        depth--;
      }
      tokenStart = true;
      // Back in block context, only a blank, ':' or a comment may follow a flow collection.
      const next = text[i + 1];
      if (depth === 0 && c !== ',' && next !== undefined && !blank(next) && next !== ':' && next !== '#') {
        return { line, detail: blockExpectation(text, i), kind: 'parser' };
      }
      continue;
    }
    if ((c === '[' || c === '{') && (tokenStart || depth > 0)) {
      openers.push(c);
      depth++;
      tokenStart = true;
      continue;
    }
    if (!tokenStart) continue;
    if (c === '"' || c === "'") {
      let closed = false;
      for (let j = i + 1; j < text.length; j++) {
        if (text[j] === '\n') line++;
        if (c === '"' && text[j] === '\\') {
          j++;
          continue;
        }
        if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") {
            j++;
            continue;
          }
          i = j;
          closed = true;
          break;
        }
      }
      if (!closed) return undefined;
      tokenStart = false;
      continue;
    }
    // '%' starts a directive only at the start of a line; '@' and '`' are reserved.
    if (c === '@' || c === '`' || (c === '%' && text[i - 1] !== '\n' && i !== 0)) return { line, detail: 'found character that cannot start any token', kind: 'scanner' };
    if (c === '&' || c === '*') {
      const name = /^[0-9A-Za-z_-]*/.exec(text.slice(i + 1))![0];
      const next = text[i + 1 + name.length];
      if (name === '' || (next !== undefined && !AFTER_NAME.test(next))) return { line, detail: 'did not find expected alphabetic or numeric character', kind: 'scanner' };
      i += name.length;
      tokenStart = false;
      continue;
    }
    if (c === ',') return { line, detail: 'did not find expected key', kind: 'parser' };
    if (c === ']' || c === '}') {
      // A flow collection's end where no flow collection is open: after "key:" a value was
      // expected, else what the enclosing block collection expects next.
      const before = text.slice(0, i).replace(/#[^\n]*$/gm, '').trimEnd();
      return { line, detail: before.endsWith(':') ? 'did not find expected node content' : blockExpectation(text, i), kind: 'parser' };
    }
    if ((c === '-' || c === '?' || c === ':') && (blank(text[i + 1]) || (c === ':' && depth > 0))) continue;
    if ((c === '|' || c === '>') && depth === 0) {
      const lineBegin = text.lastIndexOf('\n', i - 1) + 1;
      blockIndent = text.slice(lineBegin, i).length - text.slice(lineBegin, i).trimStart().length;
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end - 1;
      continue;
    }
    if (c === '!') {
      // A tag: its characters up to a blank, then the node.
      while (i + 1 < text.length && !blank(text[i + 1])) i++;
      continue;
    }
    inPlain = true;
    tokenStart = false;
  }
  return undefined;
}
