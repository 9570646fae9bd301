// The document stream Helm 4 hands a post-renderer, and how it reads the answer back
// (action.annotateAndMerge / splitAndDeannotate over kustomize's kyaml): every document is
// re-emitted as yaml.v3 emits a parsed node tree — comments, key order, scalar styles, anchors
// and flow collections kept; indentation 2 with sequences not indented under their key; no line
// folding — and carries its template's file name in an annotation while it is out.
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, visit, YAMLMap, type Document, type Node, type ToStringOptions } from 'yaml';
import { decodeYamlStream } from './decode.js';
import { YamlSyntaxError } from './errors.js';

export const FILENAME_ANNOTATION = 'postrenderer.helm.sh/postrender-filename';

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

const V3_ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\u2028': 'L', '\u2029': 'P',
};

/** yaml.v3's double-quoted scalar (no line folding): its escapes, other unprintables as \x, \u, \U. */
function v3DoubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const esc = V3_ESCAPES[ch];
    if (esc !== undefined) {
      out += `\\${esc}`;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    const printable = (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || (cp >= 0x10000 && cp <= 0x10ffff);
    if (printable) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Marks a folded scalar for the blank line yaml.v3 writes after it (see foldedQuirk). */
const FOLDED_MARK = 'kyaml-folded-extra-line';

/**
 * yaml.v3 drops blank lines between entries (the yaml package keeps them) and, writing a folded
 * scalar whose text ends in one line break after a line of text, writes one extra line break
 * (its write_folded_scalar checks the value's first character where it means the next line's).
 */
function prepareForV3(doc: Document, quoted: string[]): void {
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
      // yaml.v3 writes a block scalar double-quoted when a block cannot hold it: a space before a
      // line break or at the end, or a character it does not print as is.
      if ((node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && typeof node.value === 'string' && / \n| $|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]/.test(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
      if (node.type === Scalar.QUOTE_DOUBLE && typeof node.value === 'string') {
        // Written by v3DoubleQuoted after stringifying: the yaml package escapes differently.
        quoted.push(v3DoubleQuoted(node.value));
        node.value = `${QUOTED_MARK}${quoted.length - 1}${QUOTED_MARK}`;
        node.type = Scalar.PLAIN;
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

type ParsedDoc = Document.Parsed;

function kindName(node: unknown): string {
  if (isMap(node)) return 'MappingNode';
  if (isSeq(node)) return 'SequenceNode';
  if (isScalar(node)) return 'ScalarNode';
  return 'AliasNode';
}

/** kyaml's error for a node that had to be a mapping, quoting the node as YAML. */
function wrongKind(node: Node, doc: ParsedDoc): Error {
  return new Error(`wrong node kind: expected MappingNode but got ${kindName(node)}: node contents:\n${emitNode(node, doc)}`);
}

function emitNode(node: Node, doc: ParsedDoc): string {
  const clone = doc.clone();
  clone.errors.length = 0;
  clone.contents = node as typeof clone.contents;
  clone.commentBefore = null;
  clone.comment = null;
  return emit(clone);
}

/** One document as yaml.v3 writes it (no `---` of its own). */
function emit(doc: Document): string {
  const quoted: string[] = [];
  prepareForV3(doc, quoted);
  let text = foldedQuirk(stripDocStart(doc.toString(EMIT)));
  if (quoted.length > 0) text = text.replace(new RegExp(`${QUOTED_MARK}(\\d+)${QUOTED_MARK}`, 'g'), (_m, i: string) => quoted[Number(i)]!);
  // The comment after a document's content follows it directly.
  if (doc.comment) text = text.replace(/\n\n((?:#[^\n]*\n)+)$/, '\n$1');
  return text;
}

function stripDocStart(text: string): string {
  return text.startsWith('---\n') ? text.slice(4) : text.startsWith('--- ') ? text.slice(4) : text;
}

/** A mapping-valued field of `map`, checked to be a mapping when present. */
function mapField(map: YAMLMap, key: string, doc: ParsedDoc): YAMLMap | undefined {
  const v = map.get(key, true) as Node | undefined;
  if (isEmptyNode(v)) return undefined;
  if (!isMap(v)) throw wrongKind(v!, doc);
  return v;
}

/** A node yaml.v3 calls empty: missing, null, or a plain scalar with no text. */
function isEmptyNode(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  return isScalar(node) && (node.value === null || (node.type === Scalar.PLAIN && node.range !== undefined && node.range !== null && node.range[0] === node.range[1]));
}

/**
 * kyaml's ByteReader splits a stream wherever a line starts with `---` (the rest of that line
 * stays with the next document) and decodes one document from each piece.
 */
function splitPieces(text: string): string[] {
  const pieces = text.replace(/\r\n/g, '\n').split('\n---');
  return pieces.map((p, i) => (i < pieces.length - 1 ? `${p}\n` : p));
}

/**
 * kio.ParseAll: the non-empty documents of a stream, each a mapping whose metadata and
 * metadata.annotations (when present) are mappings too. Syntax errors read as go-yaml's.
 */
function parseStream(text: string): ParsedDoc[] {
  const out: ParsedDoc[] = [];
  for (const piece of splitPieces(text)) {
    const doc = parseAllDocuments(piece, { schema: 'failsafe', uniqueKeys: false })[0];
    if (doc === undefined || !('contents' in doc)) continue;
    // yaml.v3's Decoder stops after the document's root node: what follows it is not read.
    const rootEnd = doc.contents?.range?.[1];
    const errors = doc.errors.filter((e) => rootEnd === undefined || e.pos[0] < rootEnd);
    if (errors.length > 0) {
      let detail = errors[0]!.message.split('\n')[0]!;
      try {
        decodeYamlStream(piece);
      } catch (e) {
        if (e instanceof YamlSyntaxError) detail = e.message;
      }
      throw new Error(`MalformedYAMLError: ${detail}`);
    }
    doc.errors.length = 0;
    const root = doc.contents;
    if (isEmptyNode(root)) continue;
    if (!isMap(root)) throw wrongKind(root as Node, doc);
    const meta = mapField(root, 'metadata', doc);
    if (meta) mapField(meta, 'annotations', doc);
    out.push(doc);
  }
  return out;
}

/** yaml.ClearEmptyAnnotations: empty annotations, then empty metadata, are dropped on every write. */
function clearEmpty(root: YAMLMap): void {
  const meta = root.get('metadata', true);
  if (isEmptyNode(meta) && root.has('metadata')) {
    root.delete('metadata');
    return;
  }
  if (isMap(meta)) {
    const ann = meta.get('annotations', true);
    if (meta.has('annotations') && (isEmptyNode(ann) || (isMap(ann) && ann.items.length === 0))) meta.delete('annotations');
    if (meta.items.length === 0) root.delete('metadata');
  }
}

/** kio.StringAll: documents separated by `---`, each as yaml.v3 emits it. */
function stringAll(docs: ParsedDoc[]): string {
  return docs
    .map((d) => {
      clearEmpty(d.contents as YAMLMap);
      return emit(d);
    })
    .join('---\n');
}

function setAnnotation(doc: ParsedDoc, key: string, value: string): void {
  const root = doc.contents as YAMLMap;
  let meta = root.get('metadata', true) as YAMLMap | undefined;
  if (!isMap(meta)) {
    meta = new YAMLMap();
    root.set(doc.createNode('metadata'), meta);
  }
  let ann = meta.get('annotations', true) as YAMLMap | undefined;
  if (!isMap(ann)) {
    ann = new YAMLMap();
    if (meta.flow) ann.flow = true;
    meta.set(doc.createNode('annotations'), ann);
  }
  // kyaml's string node: a !!str scalar, which yaml.v3 writes single-quoted.
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_SINGLE;
  ann.set(doc.createNode(key), scalar);
}

function getAnnotation(doc: ParsedDoc, key: string): string | undefined {
  const ann = ((doc.contents as YAMLMap).get('metadata', true) as YAMLMap | undefined)?.get?.('annotations', true);
  if (!isMap(ann)) return undefined;
  const v = ann.get(key, true);
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** action.annotateAndMerge: rendered files (partials and blank files skipped) as one annotated stream. */
export function annotateAndMerge(files: ReadonlyMap<string, string>): string {
  const all: ParsedDoc[] = [];
  for (const name of [...files.keys()].sort()) {
    const content = files.get(name)!;
    if (basename(name).startsWith('_') || content.trim() === '') continue;
    let docs: ParsedDoc[];
    try {
      docs = parseStream(content);
    } catch (e) {
      throw new Error(`parsing ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const d of docs) setAnnotation(d, FILENAME_ANNOTATION, name);
    all.push(...docs);
  }
  return stringAll(all);
}

/** action.splitAndDeannotate: the post-renderer's stream back into files by their annotation. */
export function splitAndDeannotate(text: string): Map<string, string> {
  let docs: ParsedDoc[];
  try {
    docs = parseStream(text);
  } catch (e) {
    throw new Error(`error parsing YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const byFile = new Map<string, ParsedDoc[]>();
  docs.forEach((d, i) => {
    const name = getAnnotation(d, FILENAME_ANNOTATION) || `generated-by-postrender-${i}.yaml`;
    const ann = ((d.contents as YAMLMap).get('metadata', true) as YAMLMap | undefined)?.get?.('annotations', true);
    if (isMap(ann)) ann.delete(FILENAME_ANNOTATION);
    byFile.set(name, [...(byFile.get(name) ?? []), d]);
  });
  const out = new Map<string, string>();
  for (const name of [...byFile.keys()].sort()) out.set(name, stringAll(byFile.get(name)!));
  return out;
}
