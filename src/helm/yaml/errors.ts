// go-yaml's error texts for YAML streams read with the `yaml` package (decodeYamlStream; single
// documents get libyaml's own errors from libyaml-parser.ts). The `yaml` package finds the
// error; we translate its code and position into what libyaml (go-yaml's parser) reports, with
// go-yaml's line rule: scanner errors print the 1-based line, parser errors the 0-based one, and
// line 0 prints no "line N: " at all.
import type { YAMLError } from 'yaml';
import { firstScanProblem } from './scan-checks.js';

export class YamlSyntaxError extends Error {
  constructor(detail: string, line = 0) {
    super(line > 0 ? `yaml: line ${line}: ${detail}` : `yaml: ${detail}`);
    this.name = 'YamlSyntaxError';
  }

  /** An error whose whole text (after nothing) is already go-yaml's. */
  static worded(message: string): YamlSyntaxError {
    const e = new YamlSyntaxError('');
    e.message = message;
    return e;
  }
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The 1-based line of `offset` in `text`. */
export function lineOfOffset(text: string, offset: number): number {
  return newlines(text.slice(0, offset)) + 1;
}

/** A libyaml scanner error found on 1-based line `l`. */
function scanner(detail: string, l: number): YamlSyntaxError {
  return new YamlSyntaxError(detail, l > 1 ? l : 0);
}

/** A libyaml parser error found on 1-based line `l` (go-yaml prints the 0-based number). */
function parser(detail: string, l: number): YamlSyntaxError {
  return new YamlSyntaxError(detail, l - 1);
}

export function toGoYamlError(errors: YAMLError[], text: string): YamlSyntaxError {
  const lineAt = (offset: number): number => lineOfOffset(text, offset);
  const lines = text.split('\n');
  const prevLine = (l: number) => lines.slice(0, l - 1).reverse().find((x) => x.trim() !== '' && !x.trim().startsWith('#')) ?? '';
  const inSequence = (l: number) => /^\s*-(\s|$)/.test(prevLine(l));
  const at = (e: YAMLError) => text[e.pos[0]] ?? '';

  // A token libyaml cannot scan fails before anything the `yaml` package found on a later line.
  const scan = firstScanProblem(text);
  if (scan && !errors.some((x) => lineAt(x.pos[0]) < scan.line)) {
    return scan.kind === 'scanner' ? scanner(scan.detail, scan.line) : parser(scan.detail, scan.line);
  }

  const yamlDirectives = [...text.matchAll(/^%YAML\b/gm)];
  if (yamlDirectives.length > 1) return parser('found duplicate %YAML directive', lineAt(yamlDirectives[1]!.index!));

  const first = (pred: (e: YAMLError, msg: string) => boolean): YAMLError | undefined =>
    errors.find((e) => pred(e, e.message.split('\n')[0]!));

  // An unterminated quote runs the scanner to the end of the stream, unless an error comes first.
  const quote = first((e, m) => e.code === 'MISSING_CHAR' && /quote/.test(m));
  if (quote && !errors.some((e) => e !== quote && e.pos[1] <= quoteStart(text, quote.pos[0]))) return scanner('found unexpected end of stream', newlines(text) + 1);
  // Text after a block scalar's | or > header.
  const header = first((_e, m) => m.startsWith('Block scalar header includes extra characters') || m.startsWith('Not a YAML token'));
  if (header) return scanner('did not find expected comment or line break', lineAt(header.pos[0]));
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const seqOnKeyLine = first(
    (e, m) => e.code === 'UNEXPECTED_TOKEN' && m.includes('block-seq-ind on same line with key') && text.slice(lineStart(e.pos[0]), e.pos[0]).trim() !== '',
  );
  if (seqOnKeyLine) return scanner('block sequence entries are not allowed in this context', lineAt(seqOnKeyLine.pos[0]));
  // A "- " where a mapping key was expected.
  const dash = errors.find((e) => (e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') && at(e) === '-' && /[\s]/.test(text[e.pos[0] + 1] ?? ' '));
  if (dash && !errors.some((x) => lineAt(x.pos[0]) < lineAt(dash.pos[0]))) return parser('did not find expected key', lineAt(dash.pos[0]));
  // Anchors and aliases need a name of letters, digits, '-' or '_'.
  const anchor = first((_e, m) => m.startsWith('Anchor cannot be an empty string') || m.startsWith('Alias cannot be an empty string') || m.startsWith('Tags and anchors must be separated'));
  if (anchor) return scanner('did not find expected alphabetic or numeric character', lineAt(anchor.pos[0]));
  const noDash = first((e, m) => e.code === 'MISSING_CHAR' && m.startsWith('Sequence item without - indicator'));
  if (noDash) return parser("did not find expected '-' indicator", lineAt(noDash.pos[0]));

  // libyaml's stream end: after a last line without a line break, the scanner moves to a new line.
  const flowEndLine = (x: YAMLError): number => (x.pos[0] >= text.length && text !== '' && !text.endsWith('\n') ? newlines(text) + 2 : lineAt(x.pos[0]));
  const e = errors.find((x) => x.code === 'MULTILINE_IMPLICIT_KEY') ?? errors[0]!;
  const line1 = lineAt(e.pos[0]);
  const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (e.code) {
    case 'MISSING_CHAR':
      if (msg.startsWith('Implicit map keys need to be followed by map values')) return scanner("could not find expected ':'", line1 + 1);
      break;
    case 'BAD_INDENT':
      // Reported where the block indentation resumes (or at the end of the stream).
      // An unclosed flow collection with nothing in it yet still expects its first node.
      if ((msg.startsWith('Flow sequence') || msg.startsWith('Flow map')) && emptyFlowBefore(text, e.pos[0])) return parser('did not find expected node content', flowEndLine(e));
      if (msg.startsWith('Flow sequence')) return parser("did not find expected ',' or ']'", flowEndLine(e));
      if (msg.startsWith('Flow map')) return parser("did not find expected ',' or '}'", flowEndLine(e));
      if (at(e) === '\t') return scanner('found a tab character where an indentation space is expected', line1);
      if (msg.startsWith('All mapping items') || msg.startsWith('All collection items')) {
        // Back at or beyond the "- " column of the sequence above: a missing "-"; further
        // out: a key of the enclosing mapping was expected.
        const prev = prevLine(line1);
        const dashColumn = /^\s*-(\s|$)/.test(prev) ? prev.indexOf('-') : -1;
        const indent = (lines[line1 - 1] ?? '').length - (lines[line1 - 1] ?? '').trimStart().length;
        return parser(dashColumn >= 0 && indent >= dashColumn ? "did not find expected '-' indicator" : 'did not find expected key', line1);
      }
      break;
    case 'BLOCK_IN_FLOW':
      // "{a: b: c}": a second value indicator where the flow collection expected ',' or its end.
      return parser(`did not find expected ',' or '${flowCloser(text, e.pos[0])}'`, line1);
    case 'TAB_AS_INDENT':
      // After "key:" a tab cannot start the value; after a complete entry it breaks indentation.
      if (prevLine(line1).trimEnd().endsWith(':')) return scanner('found character that cannot start any token', line1);
      return scanner('found a tab character that violates indentation', line1);
    case 'BAD_SCALAR_START':
      return scanner('found character that cannot start any token', line1);
    case 'BAD_DQ_ESCAPE':
      return scanner('found unknown escape character', line1);
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const l = e.code === 'MULTILINE_IMPLICIT_KEY' ? lineAt(e.pos[1]) : line1;
      // A key that starts its line is one libyaml requires to end in ':' on that line.
      const startsLine = e.code === 'MULTILINE_IMPLICIT_KEY' && text.slice(lineStart(e.pos[0]), e.pos[0]).trim() === '' && !`"'`.includes(at(e));
      if (startsLine) {
        // libyaml continues a plain scalar on the next line when that line is indented past the
        // innermost collection opened so far; a ':' there then ends a multi-line key.
        // A key at the indentation of its mapping is required to be one: libyaml then reports the
        // missing ':' where the continued scalar's ':' is; otherwise the multi-line key itself.
        const cont = continuedKeyColonLine(lines, line1);
        if (cont !== undefined) return scanner(cont.required ? "could not find expected ':'" : 'mapping values are not allowed in this context', cont.line);
      }
      // libyaml notices the missing ':' when it reaches the next token, on a later line.
      if (startsLine) return scanner("could not find expected ':'", nextTokenLine(lines, line1) ?? l);
      return scanner('mapping values are not allowed in this context', l);
    }
    case 'UNEXPECTED_TOKEN':
      if (msg.includes('block-seq-ind on same line with key')) return scanner('block sequence entries are not allowed in this context', line1);
      if (msg.includes('at node end')) return parser(inSequence(line1) ? "did not find expected '-' indicator" : 'did not find expected key', line1);
      if (/flow-(seq|map)-end/.test(msg)) {
        const before = lines[line1 - 1]!.slice(0, e.pos[0] - (text.lastIndexOf('\n', e.pos[0] - 1) + 1)).trimEnd();
        // After "key:" or right after a '{' a node was expected; elsewhere a key.
        return parser(before.endsWith(':') || before.endsWith('{') ? 'did not find expected node content' : 'did not find expected key', line1);
      }
      break;
    case 'DUPLICATE_KEY':
      return new YamlSyntaxError(msg, line1);
  }
  return new YamlSyntaxError(lowerFirst(msg), line1);
}

/** Is the innermost flow collection open at `pos` still empty (only blanks after its bracket)? */
function emptyFlowBefore(text: string, pos: number): boolean {
  const open = Math.max(text.lastIndexOf('{', pos - 1), text.lastIndexOf('[', pos - 1));
  return open >= 0 && text.slice(open + 1, Math.min(pos, text.length)).trim() === '';
}

/** The 1-based line of the first token after (1-based) line `after`, skipping blanks and comments. */
function nextTokenLine(lines: string[], after: number): number | undefined {
  for (let n = after; n < lines.length; n++) {
    const t = lines[n]!.trim();
    if (t !== '' && !t.startsWith('#')) return n + 1;
  }
  return undefined;
}

function indentOf(l: string): number {
  return l.length - l.trimStart().length;
}

/**
 * For a plain key without ':' on (1-based) line `keyLine`: the line of the ': ' that libyaml
 * reaches by continuing the scalar onto the next line, or undefined when it does not continue.
 */
function continuedKeyColonLine(lines: string[], keyLine: number): { line: number; required: boolean } | undefined {
  const significant = (l: string | undefined): boolean => l !== undefined && l.trim() !== '' && !l.trim().startsWith('#');
  const key = lines[keyLine - 1] ?? '';
  let p = keyLine - 2;
  while (p >= 0 && !significant(lines[p])) p--;
  const prevIndent = p >= 0 ? indentOf(lines[p]!) : -1;
  // The collection libyaml has opened: the previous line's when this key starts a nested block.
  const threshold = (prevIndent < indentOf(key) ? prevIndent : indentOf(key)) + 1;
  let n = keyLine;
  while (n < lines.length && !significant(lines[n])) n++;
  const next = lines[n];
  if (next === undefined || indentOf(next) < threshold || /^\s*(---|\.\.\.)(\s|$)/.test(next)) return undefined;
  return /:(\s|$)/.test(next.replace(/\s#.*$/, '')) ? { line: n + 1, required: threshold - 1 === indentOf(key) } : undefined;
}

/** Where the quoted scalar whose error is reported at `pos` starts (the last quote before it). */
function quoteStart(text: string, pos: number): number {
  const i = Math.max(text.lastIndexOf('"', pos), text.lastIndexOf("'", pos));
  return i < 0 ? pos : i;
}

/** The closing bracket of the innermost flow collection open at `pos`. */
function flowCloser(text: string, pos: number): string {
  let depth = 0;
  for (let i = Math.min(pos, text.length) - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '}' || c === ']') depth++;
    else if (c === '{' || c === '[') {
      if (depth === 0) return c === '{' ? '}' : ']';
      depth--;
    }
  }
  return '}';
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
