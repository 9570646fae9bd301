// The document stream Helm 4 hands a post-renderer, and how it reads the answer back
// (action.annotateAndMerge / splitAndDeannotate over kustomize's kyaml): every document is
// re-emitted as yaml.v3 emits a parsed node tree (v3-emit.ts) and carries its template's file
// name in an annotation while it is out.
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, visit, YAMLMap, type Document, type Node } from 'yaml';
import { goTrimSpace } from './go-space.js';
import { checkFirstDocument } from './libyaml-parser.js';
import { scalarValueFromSource } from './libyaml-scanner.js';
import { emitYamlV3 } from './v3-emit.js';

export const FILENAME_ANNOTATION = 'postrenderer.helm.sh/postrender-filename';

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
  return emitYamlV3(clone);
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
 * kyaml's ByteReader (splitDocuments): CRLF becomes LF, then every "\n---...\n" line not at the
 * start is a separator (matches do not overlap, so of two adjacent "---" lines the second stays
 * in the next piece); only blanks or a comment may follow its "---". Each piece but the last
 * gets back a final "\n", and one document is decoded from each. Rendered templates reach it
 * with "---" glued to what follows ("---x: 1", "---#c", "----") cut into a "---" line and the
 * rest on the next line (helm 4.1.4 reads them so; its post-renderer output gets no such help).
 */
function splitPieces(text: string, template: boolean): string[] {
  let s = text.replace(/\r\n/g, '\n');
  if (template) s = s.replace(/^---(?=[^ \t\n])/gm, '---\n');
  const pieces: string[] = [];
  let prev = 0;
  for (const m of s.matchAll(/\n---[^\n]*\n/g)) {
    const rest = goTrimSpace(m[0].slice(4));
    if (rest !== '' && !rest.startsWith('#')) throw new Error(`invalid document separator: ${goTrimSpace(m[0])}`);
    pieces.push(`${s.slice(prev, m.index)}\n`);
    prev = m.index + m[0].length;
  }
  pieces.push(s.slice(prev));
  return pieces;
}

/**
 * kio.ParseAll: the non-empty documents of a stream, each a mapping whose metadata and
 * metadata.annotations (when present) are mappings too. Syntax errors read as go-yaml's.
 */
function parseStream(text: string, template: boolean): ParsedDoc[] {
  const out: ParsedDoc[] = [];
  for (const piece of splitPieces(text, template)) {
    const doc = parseAllDocuments(piece, { schema: 'failsafe', uniqueKeys: false })[0];
    if (doc === undefined || !('contents' in doc)) continue;
    // libyaml (our go-yaml port: its first-document reading is yaml.v3's Decoder.Decode) decides
    // what is malformed, the YAML 1.2 parser does not (it takes "\/" escapes, reads NEL as text),
    // and its error is worded with yaml.v3's line rule.
    const check = checkFirstDocument(piece);
    if ('error' in check) throw new Error(`MalformedYAMLError: ${check.error.goV3Message()}`);
    // yaml.v3's Decoder stops after the document's root node: what follows it is not read.
    const rootEnd = doc.contents?.range?.[1];
    const errors = doc.errors.filter((e) => rootEnd === undefined || e.pos[0] < rootEnd);
    if (errors.length > 0) throw new Error(`MalformedYAMLError: ${errors[0]!.message.split('\n')[0]!}`);
    doc.errors.length = 0;
    // A "..." after the document is not written back.
    doc.directives.docEnd = false;
    foldLibyamlBreaks(doc, piece);
    const root = doc.contents;
    if (isEmptyNode(root)) continue;
    if (!isMap(root)) throw wrongKind(root as Node, doc);
    const meta = mapField(root, 'metadata', doc);
    if (meta) mapField(meta, 'annotations', doc);
    out.push(doc);
  }
  return out;
}

const LIBYAML_ONLY_BREAK = /[\u0085\u2028\u2029]/;

/**
 * yaml.v3 (libyaml) reads NEL, LS and PS as line breaks, the `yaml` package (YAML 1.2) as
 * text: scalars written with them raw get the value libyaml folds from their source.
 */
function foldLibyamlBreaks(doc: ParsedDoc, piece: string): void {
  if (!LIBYAML_ONLY_BREAK.test(piece)) return;
  visit(doc, {
    Scalar(_key, node) {
      const range = node.range;
      if (!range) return;
      const src = piece.slice(range[0], range[1]);
      if (!LIBYAML_ONLY_BREAK.test(src)) return;
      const value = scalarValueFromSource(src);
      if (value !== undefined) node.value = value;
    },
  });
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
      return emitYamlV3(d);
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
      docs = parseStream(content, true);
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
    docs = parseStream(text, false);
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
