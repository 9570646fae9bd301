// Decodes YAML text the way go-yaml v2 decodes into interface{}: the first stage of
// sigs.k8s.io/yaml.Unmarshal. One document (yaml.Unmarshal): js-yaml when it surely reads
// what libyaml reads (decode-fast.ts), else libyaml's own scanner, parser and go-yaml's decoder
// (libyaml-*.ts). A stream of documents: js-yaml, else the `yaml` package (failsafe schema, so
// every scalar stays text) with our go-yaml resolver and error translation (errors.ts).
import { Parser, Composer, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { TAG_BINARY, TAG_MAP, TAG_MERGE, TAG_SEQ, resolveScalar } from './resolve.js';
import { YamlSyntaxError, lineOfOffset, toGoYamlError } from './errors.js';
import { decodeYamlFast, decodeYamlStreamFast } from './decode-fast.js';
import { protectFlowColons, restoreFlowColons } from './flow-colons.js';
import { checkFirstDocument } from './libyaml-parser.js';
import { composeValue } from './libyaml-compose.js';

/** A go-yaml v2 map key: string, int (bigint), float64 (number), bool or nil. */
export type YamlKey = string | bigint | number | boolean | null;

/** What go-yaml v2 produces for interface{}: ints are bigint, floats number, maps keep key types. */
export type YamlValue = null | string | bigint | number | boolean | YamlValue[] | YamlMap;

export class YamlMap {
  /** Entries in insertion order; a later set of an equal key replaces the value in place. */
  readonly entries = new Map<string, { key: YamlKey; value: YamlValue }>();
  set(key: YamlKey, value: YamlValue): void {
    this.entries.set(keyId(key), { key, value });
  }
}

function keyId(k: YamlKey): string {
  if (k === null) return 'n:';
  switch (typeof k) {
    case 'string':
      return `s:${k}`;
    case 'bigint':
      return `i:${k}`;
    case 'number':
      return `f:${Object.is(k, -0) ? '-0' : String(k)}`;
    default:
      return `b:${k}`;
  }
}

type ParsedDoc = Document.Parsed;

const PARSE_OPTIONS = {
  version: '1.1' as const,
  schema: 'failsafe' as const,
  merge: false,
  uniqueKeys: false,
  strict: false,
  keepSourceTokens: false,
};

/** Parses every document of a YAML stream (syntax only). Throws go-yaml-style errors. */
export function parseDocuments(text: string, firstOnly = false): ParsedDoc[] {
  const composer = new Composer(PARSE_OPTIONS);
  const docs: ParsedDoc[] = [];
  for (const doc of composer.compose(new Parser().parse(protectFlowColons(text)), true)) {
    docs.push(doc as ParsedDoc);
  }
  for (const doc of firstOnly ? docs.slice(0, 1) : docs) {
    if (doc.errors.length > 0) {
      throw toGoYamlError(doc.errors, text);
    }
  }
  return docs;
}

/** Decodes the first document of `text` (what yaml.Unmarshal does); empty input is null. */
export function decodeYaml(text: string): YamlValue {
  const fast = decodeYamlFast(text);
  if (fast !== undefined) return fast;
  return decodeYamlCarefully(text);
}

/**
 * The slower path, exact about errors: libyaml's own reader check, scanner and parser
 * (libyaml-parser.ts) decide whether go-yaml refuses the text, with which words, and what its
 * first document is; go-yaml's decoder then builds the value (libyaml-compose.ts).
 */
export function decodeYamlCarefully(text: string): YamlValue {
  const check = checkFirstDocument(text);
  if ('error' in check) throw YamlSyntaxError.worded(check.error.goMessage());
  return check.root === undefined ? null : composeValue(check.root);
}

/** Decodes every document of a stream, as go-yaml's Decoder would, one value per document. */
export function decodeYamlStream(text: string): YamlValue[] {
  return decodeYamlStreamFast(text) ?? parseDocuments(text).map((d) => decodeDocument(d, text));
}

export function decodeDocument(doc: ParsedDoc, text = ''): YamlValue {
  const d = new Decoder(text);
  return d.node(doc.contents as Node | null);
}

class Decoder {
  private readonly anchors = new Map<string, Node>();
  private readonly aliasStack: Node[] = [];
  /** The innermost flow collection being decoded: libyaml ends plain scalars there at ?[]{}. */
  private flow: 'map' | 'seq' | null = null;

  constructor(private readonly text: string) {}

  node(n: Node | null | undefined): YamlValue {
    if (n === null || n === undefined) return null;
    if (n.anchor) {
      this.checkName(n.anchor, n);
      this.anchors.set(n.anchor, n);
    }
    if (isAlias(n)) {
      this.checkName(n.source, n);
      const target = this.anchors.get(n.source);
      if (!target) throw new YamlSyntaxError(`unknown anchor '${n.source}' referenced`);
      if (this.aliasStack.includes(target)) throw new YamlSyntaxError(`anchor '${n.source}' value contains itself`);
      this.aliasStack.push(target);
      try {
        return this.nodeBody(target);
      } finally {
        this.aliasStack.pop();
      }
    }
    return this.nodeBody(n);
  }

  private nodeBody(n: Node): YamlValue {
    if (isScalar(n)) return this.scalar(n);
    const outer = this.flow;
    try {
      if (isSeq(n)) {
        if ((n as { flow?: boolean }).flow) this.flow = 'seq';
        return n.items.map((item) => this.node(item as Node | null));
      }
      if (isMap(n)) {
        if ((n as { flow?: boolean }).flow) this.flow = 'map';
        const out = new YamlMap();
        this.mapInto(n, out);
        return out;
      }
    } finally {
      this.flow = outer;
    }
    return null;
  }

  /** libyaml reads anchor and alias names as letters, digits, '-' and '_' only. */
  private checkName(name: string, n: Node): void {
    if (/^[0-9A-Za-z_-]+$/.test(name)) return;
    const line = lineOfOffset(this.text, n.range?.[0] ?? 0);
    throw new YamlSyntaxError('did not find expected alphabetic or numeric character', line > 1 ? line : 0);
  }

  /** libyaml (YAML 1.1) ends a plain scalar in a flow collection at ? [ ] { }; what follows is an error. */
  private checkFlowPlain(n: Node, text: string): void {
    if (this.flow === null) return;
    const i = text.slice(1).search(/[?[\]{}]/);
    if (i < 0) return;
    const line = lineOfOffset(this.text, (n.range?.[0] ?? 0) + 1 + i);
    throw new YamlSyntaxError(`did not find expected ',' or '${this.flow === 'map' ? '}' : ']'}'`, line - 1);
  }

  private scalar(n: Node & { value: unknown; type?: string; tag?: string }): YamlValue {
    const text = n.value === null || n.value === undefined ? '' : restoreFlowColons(String(n.value));
    const tag = n.tag ?? '';
    const plain = n.type === 'PLAIN' || n.type === undefined;
    if (plain) this.checkFlowPlain(n, text);
    return scalarValue(text, tag, plain);
  }

  private isMergeKey(k: Node | null | undefined): boolean {
    if (!k || !isScalar(k)) return false;
    const tag = k.tag ?? '';
    const plain = k.type === 'PLAIN' || k.type === undefined;
    return String(k.value) === '<<' && (tag === '' ? plain : tag === TAG_MERGE);
  }

  private mapInto(n: Node, out: YamlMap): void {
    if (!isMap(n)) return;
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      if (this.isMergeKey(k)) {
        this.merge(pair.value as Node | null, out);
        continue;
      }
      if (k === null || (isScalar(k) && k.source === '' && k.type === 'PLAIN' && !k.tag)) {
        // libyaml needs a key node: "{: v}" and a bare ": v" line fail there.
        const line = lineOfOffset(this.text, (pair.value as Node | null)?.range?.[0] ?? 0) - 1;
        throw new YamlSyntaxError((n as { flow?: boolean }).flow ? 'did not find expected node content' : 'did not find expected key', line);
      }
      const key = this.node(k);
      if (key !== null && typeof key === 'object') throw new YamlSyntaxError(`invalid map key: ${describeKey(key)}`);
      out.set(key, this.node(pair.value as Node | null));
    }
  }

  // go-yaml v2 writes merged entries into the same map in document order, so a merge after an
  // explicit key overrides it; in a sequence of maps the earlier ones win.
  private merge(v: Node | null, out: YamlMap): void {
    const fail = (): never => {
      throw new YamlSyntaxError('map merge requires map or sequence of maps as the value');
    };
    if (v === null) fail();
    const deref = (x: Node): Node => {
      if (isAlias(x)) {
        this.checkName(x.source, x);
        const target = this.anchors.get(x.source);
        if (!target) throw new YamlSyntaxError(`unknown anchor '${x.source}' referenced`);
        return target;
      }
      if (x.anchor) this.anchors.set(x.anchor, x);
      return x;
    };
    const node = deref(v!);
    if (isMap(node)) {
      this.mapInto(node, out);
      return;
    }
    if (isSeq(node)) {
      const items = node.items.map((i) => deref(i as Node));
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i]!;
        if (!isMap(item)) fail();
        this.mapInto(item, out);
      }
      return;
    }
    fail();
  }
}

function describeKey(v: YamlValue): string {
  return Array.isArray(v) ? '[]interface {}' : 'map[interface {}]interface {}';
}

/**
 * A scalar's value as go-yaml v2 decodes it into interface{}: quoted and block scalars without
 * a tag, and tags outside yaml.org's, stay text; `!!binary` is base64-decoded; the rest resolves
 * as plain YAML 1.1 (with its tag, if any).
 */
export function scalarValue(text: string, tag: string, plain: boolean): YamlValue {
  if (tag === '' && !plain) return text;
  if (tag !== '' && !tag.startsWith('tag:yaml.org,2002:')) return text;
  if (tag === TAG_MAP || tag === TAG_SEQ) return text;
  let r;
  try {
    r = resolveScalar(text, tag);
  } catch (e) {
    throw new YamlSyntaxError((e as Error).message);
  }
  if (tag === TAG_BINARY) {
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text)) throw new YamlSyntaxError('!!binary value contains invalid base64 data');
    return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return r.value;
}
