// The document stream Helm 4 hands a post-renderer, and how it reads the answer back
// (action.annotateAndMerge / splitAndDeannotate over kustomize's kyaml): every document is
// re-emitted as yaml.v3 emits a parsed node tree — comments, key order, scalar styles, anchors
// and flow collections kept; indentation 2 with sequences not indented under their key; no line
// folding — and carries its template's file name in an annotation while it is out.
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, YAMLMap, type Document, type Node, type ToStringOptions } from 'yaml';

export const FILENAME_ANNOTATION = 'postrenderer.helm.sh/postrender-filename';

const EMIT: ToStringOptions = { indent: 2, indentSeq: false, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false };

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
  clone.contents = node as typeof clone.contents;
  clone.commentBefore = null;
  clone.comment = null;
  return stripDocStart(clone.toString(EMIT));
}

function stripDocStart(text: string): string {
  return text.startsWith('---\n') ? text.slice(4) : text.startsWith('--- ') ? text.slice(4) : text;
}

/** A mapping-valued field of `map`, checked to be a mapping when present. */
function mapField(map: YAMLMap, key: string, doc: ParsedDoc): YAMLMap | undefined {
  const v = map.get(key, true) as Node | undefined;
  if (v === undefined || v === null) return undefined;
  if (isScalar(v) && (v.value === null || v.value === '') && v.source === '') return undefined;
  if (!isMap(v)) throw wrongKind(v, doc);
  return v;
}

/**
 * kio.ParseAll: the non-empty documents of a stream, each a mapping whose metadata and
 * metadata.annotations (when present) are mappings too.
 */
function parseStream(text: string): ParsedDoc[] {
  const out: ParsedDoc[] = [];
  for (const doc of parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false })) {
    if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message.split('\n')[0]);
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue;
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
  if (isMap(meta)) {
    const ann = meta.get('annotations', true);
    if (isMap(ann) && ann.items.length === 0) meta.delete('annotations');
    if (meta.items.length === 0) root.delete('metadata');
  }
}

/** kio.StringAll: documents separated by `---`, each as yaml.v3 emits it. */
function stringAll(docs: ParsedDoc[]): string {
  return docs
    .map((d) => {
      clearEmpty(d.contents as YAMLMap);
      return stripDocStart(d.toString(EMIT));
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
  ann.set(doc.createNode(key), new Scalar(value));
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
