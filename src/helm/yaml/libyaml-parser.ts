// libyaml's parser as go-yaml v2.4 runs it for yaml.Unmarshal: the same productions, in the same
// order of token peeks and skips, for the first document up to its end event, plus go-yaml's one
// parse-time check of its own (an alias must name an anchor seen before it). It builds the node
// tree go-yaml's decoder then turns into values (libyaml-compose.ts).
import { LibyamlError, LibyamlScanner, READER_REFUSES, type Mark, type ScalarStyle, type Token, type TokenType } from './libyaml-scanner.js';

/**
 * A node of the first document, as go-yaml's parser hands it to its decoder. Nodes keep no marks:
 * go-yaml's decoder reports no positions, and marks kept alive would cost garbage collection.
 */
/** A collection's parser: yields when it needs a nested collection parsed, is sent that node. */
type Collection = Generator<undefined, LibyamlNode, LibyamlNode>;

export type LibyamlNode =
  | { kind: 'scalar'; value: string; style: ScalarStyle; tag: string; anchor?: string }
  | { kind: 'sequence'; items: LibyamlNode[]; tag: string; anchor?: string }
  | { kind: 'mapping'; pairs: [LibyamlNode, LibyamlNode][]; tag: string; anchor?: string }
  | { kind: 'alias'; name: string; target: LibyamlNode };

// Tokens that tell a production its next node is empty (or that the document has no content).
const AFTER_EMPTY_SEQUENCE_ENTRY = new Set<TokenType>(['BLOCK-ENTRY', 'BLOCK-END']);
const AFTER_EMPTY_INDENTLESS_ENTRY = new Set<TokenType>(['BLOCK-ENTRY', 'KEY', 'VALUE', 'BLOCK-END']);
const AFTER_EMPTY_FLOW_VALUE = new Set<TokenType>(['FLOW-ENTRY', 'FLOW-MAPPING-END']);
const AFTER_EMPTY_PAIR_VALUE = new Set<TokenType>(['FLOW-ENTRY', 'FLOW-SEQUENCE-END']);
const AFTER_EMPTY_BLOCK_KEY_OR_VALUE = new Set<TokenType>(['KEY', 'VALUE', 'BLOCK-END']);
const AFTER_EMPTY_FLOW_KEY = new Set<TokenType>(['VALUE', 'FLOW-ENTRY', 'FLOW-MAPPING-END']);
const AFTER_EMPTY_PAIR_KEY = new Set<TokenType>(['VALUE', 'FLOW-ENTRY', 'FLOW-SEQUENCE-END']);
const DIRECTIVES = new Set<TokenType>(['VERSION-DIRECTIVE', 'TAG-DIRECTIVE']);
const EMPTY_DOCUMENT = new Set<TokenType>(['VERSION-DIRECTIVE', 'TAG-DIRECTIVE', 'DOCUMENT-START', 'DOCUMENT-END', 'STREAM-END']);
const NOT_IMPLICIT_DOCUMENT = new Set<TokenType>(['VERSION-DIRECTIVE', 'TAG-DIRECTIVE', 'DOCUMENT-START', 'STREAM-END']);

class EventParser {
  private readonly scanner: LibyamlScanner;
  private readonly anchors = new Map<string, LibyamlNode>();
  /** %TAG handles and their prefixes; '!' and '!!' are always there. */
  private readonly tagHandles = new Map<string, string>();

  constructor(text: string) {
    this.scanner = new LibyamlScanner(text);
  }

  private peek(): Token {
    return this.scanner.peek();
  }

  private skip(): void {
    this.scanner.skip();
  }

  private is(t: Token, types: ReadonlySet<TokenType>): boolean {
    return types.has(t.type);
  }

  private fail(problem: string, problemMark: Mark, context?: Mark): never {
    throw new LibyamlError('parser', problem, problemMark, context);
  }

  /**
   * What yaml.Unmarshal parses: stream start, then the first document through its end. Returns
   * its root node (undefined for an empty stream) and where the token after the document's
   * content starts (nothing from there on is read).
   */
  firstDocument(): { root: LibyamlNode | undefined; end: number } {
    this.peek(); // STREAM-START
    this.skip();
    let t = this.peek();
    let root: LibyamlNode | undefined;
    if (!this.is(t, NOT_IMPLICIT_DOCUMENT)) {
      this.directives();
      root = this.node(true, false);
    } else if (t.type !== 'STREAM-END') {
      this.directives();
      t = this.peek();
      if (t.type !== 'DOCUMENT-START') this.fail('did not find expected <document start>', t.start);
      this.skip();
      t = this.peek();
      root = this.is(t, EMPTY_DOCUMENT) ? this.emptyScalar('', undefined) : this.node(true, false);
    } else {
      return { root: undefined, end: this.peek().start.offset };
    }
    // The document end event: libyaml looks at (and so scans) the token after the content.
    return { root, end: this.peek().start.offset };
  }

  private emptyScalar(tag: string, anchor: string | undefined): LibyamlNode {
    const n: LibyamlNode = { kind: 'scalar', value: '', style: 'plain', tag };
    if (anchor !== undefined) {
      n.anchor = anchor;
      this.anchors.set(anchor, n);
    }
    return n;
  }

  /** An empty node where a production allows one. */
  private empty(): LibyamlNode {
    return this.emptyScalar('', undefined);
  }

  private directives(): void {
    let version = false;
    for (let t = this.peek(); this.is(t, DIRECTIVES); t = this.peek()) {
      if (t.type === 'VERSION-DIRECTIVE') {
        if (version) this.fail('found duplicate %YAML directive', t.start);
        if (t.major !== 1 || t.minor !== 1) this.fail('found incompatible YAML document', t.start);
        version = true;
      } else {
        if (this.tagHandles.has(t.value!)) this.fail('found duplicate %TAG directive', t.start);
        this.tagHandles.set(t.value!, t.suffix!);
      }
      this.skip();
    }
    if (!this.tagHandles.has('!')) this.tagHandles.set('!', '!');
    if (!this.tagHandles.has('!!')) this.tagHandles.set('!!', 'tag:yaml.org,2002:');
  }

  /**
   * A whole node, parsed without recursion: each collection is a generator that yields when it
   * meets a nested collection, and this loop runs them from an explicit stack, so documents
   * reach go-yaml's 10000 levels on any JS stack.
   */
  private node(block: boolean, indentlessSequence: boolean): LibyamlNode {
    const first = this.child(block, indentlessSequence);
    if (first !== undefined) return first;
    const open: Collection[] = [this.takePending()];
    let finished: LibyamlNode | undefined;
    for (;;) {
      const r = open[open.length - 1]!.next(finished!);
      if (r.done) {
        open.pop();
        if (open.length === 0) return r.value;
        finished = r.value;
      } else {
        open.push(this.takePending());
        finished = undefined;
      }
    }
  }

  /** The collection child() started, for node()'s loop to run. */
  private pending: Collection | undefined;

  private takePending(): Collection {
    const g = this.pending!;
    this.pending = undefined;
    return g;
  }

  /**
   * A node whose content is a scalar, an alias or empty; for a collection, undefined, leaving
   * its parser in `pending` (a collection parser then yields to have node() run it).
   */
  private child(block: boolean, indentlessSequence: boolean): LibyamlNode | undefined {
    let t = this.peek();
    if (t.type === 'ALIAS') {
      this.skip();
      // go-yaml resolves an alias when its event arrives.
      const target = this.anchors.get(t.value!);
      if (target === undefined) throw new LibyamlError('composer', `unknown anchor '${t.value!}' referenced`, undefined, undefined);
      return { kind: 'alias', name: t.value!, target };
    }
    const start = t.start;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    if (t.type === 'ANCHOR') {
      anchor = t.value;
      this.skip();
      t = this.peek();
      if (t.type === 'TAG') {
        tagToken = t;
        this.skip();
        t = this.peek();
      }
    } else if (t.type === 'TAG') {
      tagToken = t;
      this.skip();
      t = this.peek();
      if (t.type === 'ANCHOR') {
        anchor = t.value;
        this.skip();
        t = this.peek();
      }
    }
    let tag = '';
    if (tagToken !== undefined) {
      if (tagToken.value === '') {
        tag = tagToken.suffix!;
      } else {
        const prefix = this.tagHandles.get(tagToken.value!);
        if (prefix === undefined) this.fail('found undefined tag handle', tagToken.start, start);
        tag = prefix + tagToken.suffix!;
      }
    }
    if (indentlessSequence && t.type === 'BLOCK-ENTRY') return this.start(this.indentlessSequence(this.open({ kind: 'sequence', items: [], tag }, anchor)));
    switch (t.type) {
      case 'SCALAR':
        this.skip();
        return this.open({ kind: 'scalar', value: t.value!, style: t.style!, tag }, anchor);
      case 'FLOW-SEQUENCE-START':
        return this.start(this.flowSequence(this.open({ kind: 'sequence', items: [], tag }, anchor)));
      case 'FLOW-MAPPING-START':
        return this.start(this.flowMapping(this.open({ kind: 'mapping', pairs: [], tag }, anchor)));
    }
    if (block && t.type === 'BLOCK-SEQUENCE-START') return this.start(this.blockSequence(this.open({ kind: 'sequence', items: [], tag }, anchor)));
    if (block && t.type === 'BLOCK-MAPPING-START') return this.start(this.blockMapping(this.open({ kind: 'mapping', pairs: [], tag }, anchor)));
    if (anchor !== undefined || tagToken !== undefined) return this.emptyScalar(tag, anchor);
    this.fail('did not find expected node content', t.start, start);
  }

  private start(g: Collection): undefined {
    this.pending = g;
    return undefined;
  }

  /** go-yaml records an anchor when its node starts, so the node's own content may alias it. */
  private open<N extends Exclude<LibyamlNode, { kind: 'alias' }>>(n: N, anchor: string | undefined): N {
    if (anchor !== undefined) {
      n.anchor = anchor;
      this.anchors.set(anchor, n);
    }
    return n;
  }

  private *blockSequence(n: LibyamlNode & { kind: 'sequence' }): Collection {
    const mark = this.peek().start;
    this.skip();
    for (;;) {
      let t = this.peek();
      if (t.type === 'BLOCK-ENTRY') {
        this.skip();
        t = this.peek();
        n.items.push(this.is(t, AFTER_EMPTY_SEQUENCE_ENTRY) ? this.empty() : (this.child(true, false) ?? (yield)));
      } else if (t.type === 'BLOCK-END') {
        this.skip();
        return n;
      } else {
        this.fail("did not find expected '-' indicator", t.start, mark);
      }
    }
  }

  private *indentlessSequence(n: LibyamlNode & { kind: 'sequence' }): Collection {
    for (let t = this.peek(); t.type === 'BLOCK-ENTRY'; t = this.peek()) {
      this.skip();
      t = this.peek();
      n.items.push(this.is(t, AFTER_EMPTY_INDENTLESS_ENTRY) ? this.empty() : (this.child(true, false) ?? (yield)));
    }
    return n;
  }

  private *blockMapping(n: LibyamlNode & { kind: 'mapping' }): Collection {
    const mark = this.peek().start;
    this.skip();
    for (;;) {
      let t = this.peek();
      let key: LibyamlNode;
      if (t.type === 'KEY') {
        this.skip();
        t = this.peek();
        key = this.is(t, AFTER_EMPTY_BLOCK_KEY_OR_VALUE) ? this.empty() : (this.child(true, true) ?? (yield));
      } else if (t.type === 'BLOCK-END') {
        this.skip();
        return n;
      } else {
        this.fail('did not find expected key', t.start, mark);
      }
      t = this.peek();
      let value: LibyamlNode;
      if (t.type === 'VALUE') {
        this.skip();
        t = this.peek();
        value = this.is(t, AFTER_EMPTY_BLOCK_KEY_OR_VALUE) ? this.empty() : (this.child(true, true) ?? (yield));
      } else {
        value = this.empty();
      }
      n.pairs.push([key, value]);
    }
  }

  private *flowSequence(n: LibyamlNode & { kind: 'sequence' }): Collection {
    const mark = this.peek().start;
    this.skip();
    for (let first = true; ; first = false) {
      let t = this.peek();
      if (t.type === 'FLOW-SEQUENCE-END') break;
      if (!first) {
        if (t.type !== 'FLOW-ENTRY') this.fail("did not find expected ',' or ']'", t.start, mark);
        this.skip();
        t = this.peek();
        if (t.type === 'FLOW-SEQUENCE-END') break;
      }
      if (t.type === 'KEY') {
        this.skip();
        n.items.push(yield* this.flowSequencePair());
      } else {
        n.items.push(this.child(false, false) ?? (yield));
      }
    }
    this.skip();
    return n;
  }

  /** A single-pair mapping inside a flow sequence ("[? a : b]" or "[a: b]"). */
  private *flowSequencePair(): Collection {
    let t = this.peek();
    let key: LibyamlNode;
    if (!this.is(t, AFTER_EMPTY_PAIR_KEY)) {
      key = this.child(false, false) ?? (yield);
    } else {
      // go-yaml consumes the token that ends an empty key here, whatever it is.
      key = this.empty();
      this.skip();
    }
    t = this.peek();
    let value: LibyamlNode | undefined;
    if (t.type === 'VALUE') {
      this.skip();
      t = this.peek();
      if (!this.is(t, AFTER_EMPTY_PAIR_VALUE)) value = this.child(false, false) ?? (yield);
    }
    return { kind: 'mapping', pairs: [[key, value ?? this.empty()]], tag: '' };
  }

  private *flowMapping(n: LibyamlNode & { kind: 'mapping' }): Collection {
    const mark = this.peek().start;
    this.skip();
    for (let first = true; ; first = false) {
      let t = this.peek();
      if (t.type === 'FLOW-MAPPING-END') break;
      if (!first) {
        if (t.type !== 'FLOW-ENTRY') this.fail("did not find expected ',' or '}'", t.start, mark);
        this.skip();
        t = this.peek();
        if (t.type === 'FLOW-MAPPING-END') break;
      }
      if (t.type === 'KEY') {
        this.skip();
        t = this.peek();
        const key = this.is(t, AFTER_EMPTY_FLOW_KEY) ? this.empty() : (this.child(false, false) ?? (yield));
        t = this.peek();
        let value: LibyamlNode | undefined;
        if (t.type === 'VALUE') {
          this.skip();
          t = this.peek();
          if (!this.is(t, AFTER_EMPTY_FLOW_VALUE)) value = this.child(false, false) ?? (yield);
        }
        n.pairs.push([key, value ?? this.empty()]);
      } else {
        // A key without ':' has an empty value.
        const key = this.child(false, false) ?? (yield);
        n.pairs.push([key, this.empty()]);
      }
    }
    this.skip();
    return n;
  }
}

/** What go-yaml v2's parser makes of the first document of a text. */
export type FirstDocumentCheck =
  /** The first error it reports (syntax, or an alias of an unknown anchor). */
  | { error: LibyamlError }
  /** Accepted: its root node, and the offset where the text it never reads begins. */
  | { end: number; root: LibyamlNode | undefined };

/** go-yaml's reader decodes and checks its input this many bytes at a time. */
const READER_CHUNK = 512;
/** The most characters libyaml's scanner looks ahead of the token it is at. */
const SCANNER_LOOKAHEAD = 4;

function utf8Length(text: string, offset: number): number {
  return Buffer.byteLength(text.slice(0, offset), 'utf8');
}

/**
 * Runs go-yaml v2's parser over the first document of `text`, as yaml.Unmarshal does. Errors
 * found later, when go-yaml builds values (merges, map keys, tags), are not its business.
 */
export function checkFirstDocument(text: string): FirstDocumentCheck {
  READER_REFUSES.lastIndex = 0;
  const refused = READER_REFUSES.exec(text);
  if (refused !== null) {
    // The reader fails as soon as the scanner needs the chunk holding the character, so only a
    // parse error well before that chunk comes first.
    const chunkStart = Math.floor(utf8Length(text, refused.index) / READER_CHUNK) * READER_CHUNK;
    const check = parse(text.replace(READER_REFUSES, 'x'));
    if ('error' in check && check.error.problemMark !== undefined && utf8Length(text, check.error.problemMark.offset) + SCANNER_LOOKAHEAD < chunkStart) return check;
    return { error: new LibyamlError('reader', 'control characters are not allowed', undefined, undefined) };
  }
  return parse(text);
}

function parse(text: string): FirstDocumentCheck {
  try {
    const { root, end } = new EventParser(text).firstDocument();
    return { end, root };
  } catch (e) {
    if (e instanceof LibyamlError) return { error: e };
    throw e;
  }
}
