// libyaml's parser as go-yaml v2.4 runs it for yaml.Unmarshal, reduced to what decides errors:
// the same productions, in the same order of token peeks and skips, for the first document up
// to its end event, plus go-yaml's one parse-time check of its own (an alias must name an anchor
// seen before it). It builds nothing; it answers "what is the first error Helm reports?".
import { LibyamlError, LibyamlScanner, READER_REFUSES, type Mark, type Token, type TokenType } from './libyaml-scanner.js';

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
  private readonly anchors = new Set<string>();
  private readonly tagHandles = new Set<string>();

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
   * where the token after the document's content starts (nothing from there on is read).
   */
  firstDocument(): number {
    this.peek(); // STREAM-START
    this.skip();
    let t = this.peek();
    if (!this.is(t, NOT_IMPLICIT_DOCUMENT)) {
      this.directives();
      this.node(true, false);
    } else if (t.type !== 'STREAM-END') {
      this.directives();
      t = this.peek();
      if (t.type !== 'DOCUMENT-START') this.fail('did not find expected <document start>', t.start);
      this.skip();
      t = this.peek();
      if (this.is(t, EMPTY_DOCUMENT)) {
        // An empty document.
      } else {
        this.node(true, false);
      }
    } else {
      return this.peek().start.offset;
    }
    // The document end event: libyaml looks at (and so scans) the token after the content.
    return this.peek().start.offset;
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
        this.tagHandles.add(t.value!);
      }
      this.skip();
    }
    this.tagHandles.add('!');
    this.tagHandles.add('!!');
  }

  private node(block: boolean, indentlessSequence: boolean): void {
    let t = this.peek();
    if (t.type === 'ALIAS') {
      this.skip();
      // go-yaml resolves an alias when its event arrives.
      if (!this.anchors.has(t.value!)) throw new LibyamlError('composer', `unknown anchor '${t.value!}' referenced`, undefined, undefined);
      return;
    }
    const start = t.start;
    let anchor: string | undefined;
    let tag: Token | undefined;
    if (t.type === 'ANCHOR') {
      anchor = t.value;
      this.skip();
      t = this.peek();
      if (t.type === 'TAG') {
        tag = t;
        this.skip();
        t = this.peek();
      }
    } else if (t.type === 'TAG') {
      tag = t;
      this.skip();
      t = this.peek();
      if (t.type === 'ANCHOR') {
        anchor = t.value;
        this.skip();
        t = this.peek();
      }
    }
    if (tag !== undefined && tag.value !== '' && !this.tagHandles.has(tag.value!)) {
      this.fail('found undefined tag handle', tag.start, start);
    }
    // go-yaml records an anchor when its node starts, so the node's own content may alias it.
    if (anchor !== undefined) this.anchors.add(anchor);
    if (indentlessSequence && t.type === 'BLOCK-ENTRY') return this.indentlessSequence();
    switch (t.type) {
      case 'SCALAR':
        return this.skip();
      case 'FLOW-SEQUENCE-START':
        return this.flowSequence();
      case 'FLOW-MAPPING-START':
        return this.flowMapping();
    }
    if (block && t.type === 'BLOCK-SEQUENCE-START') return this.blockSequence();
    if (block && t.type === 'BLOCK-MAPPING-START') return this.blockMapping();
    if (anchor !== undefined || tag !== undefined) return; // an empty scalar
    this.fail('did not find expected node content', t.start, start);
  }

  private blockSequence(): void {
    const mark = this.peek().start;
    this.skip();
    for (;;) {
      let t = this.peek();
      if (t.type === 'BLOCK-ENTRY') {
        this.skip();
        t = this.peek();
        if (!this.is(t, AFTER_EMPTY_SEQUENCE_ENTRY)) this.node(true, false);
      } else if (t.type === 'BLOCK-END') {
        this.skip();
        return;
      } else {
        this.fail("did not find expected '-' indicator", t.start, mark);
      }
    }
  }

  private indentlessSequence(): void {
    for (let t = this.peek(); t.type === 'BLOCK-ENTRY'; t = this.peek()) {
      this.skip();
      t = this.peek();
      if (!this.is(t, AFTER_EMPTY_INDENTLESS_ENTRY)) this.node(true, false);
    }
  }

  private blockMapping(): void {
    const mark = this.peek().start;
    this.skip();
    for (;;) {
      let t = this.peek();
      if (t.type === 'KEY') {
        this.skip();
        t = this.peek();
        if (!this.is(t, AFTER_EMPTY_BLOCK_KEY_OR_VALUE)) this.node(true, true);
      } else if (t.type === 'BLOCK-END') {
        this.skip();
        return;
      } else {
        this.fail('did not find expected key', t.start, mark);
      }
      t = this.peek();
      if (t.type === 'VALUE') {
        this.skip();
        t = this.peek();
        if (!this.is(t, AFTER_EMPTY_BLOCK_KEY_OR_VALUE)) this.node(true, true);
      }
    }
  }

  private flowSequence(): void {
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
        this.flowSequencePair();
      } else {
        this.node(false, false);
      }
    }
    this.skip();
  }

  /** A single-pair mapping inside a flow sequence ("[? a : b]" or "[a: b]"). */
  private flowSequencePair(): void {
    let t = this.peek();
    if (!this.is(t, AFTER_EMPTY_PAIR_KEY)) {
      this.node(false, false);
    } else {
      // go-yaml consumes the token that ends an empty key here, whatever it is.
      this.skip();
    }
    t = this.peek();
    if (t.type === 'VALUE') {
      this.skip();
      t = this.peek();
      if (!this.is(t, AFTER_EMPTY_PAIR_VALUE)) this.node(false, false);
    }
  }

  private flowMapping(): void {
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
        if (!this.is(t, AFTER_EMPTY_FLOW_KEY)) this.node(false, false);
        t = this.peek();
        if (t.type === 'VALUE') {
          this.skip();
          t = this.peek();
          if (!this.is(t, AFTER_EMPTY_FLOW_VALUE)) this.node(false, false);
        }
      } else {
        // A key without ':' has an empty value.
        this.node(false, false);
      }
    }
    this.skip();
  }
}

/** What go-yaml v2's parser makes of the first document of a text. */
export type FirstDocumentCheck =
  /** The first error it reports (syntax, or an alias of an unknown anchor). */
  | { error: LibyamlError }
  /** Accepted; `end` is the offset where the text it never reads begins. */
  | { end: number }
  /** Its reader refuses the text (control characters), which is worded elsewhere. */
  | { unread: true };

/**
 * Runs go-yaml v2's parser over the first document of `text`, as yaml.Unmarshal does. Errors
 * found later, when go-yaml builds values (merges, map keys, tags), are not its business.
 */
export function checkFirstDocument(text: string): FirstDocumentCheck {
  if (READER_REFUSES.test(text)) return { unread: true };
  try {
    return { end: new EventParser(text).firstDocument() };
  } catch (e) {
    if (e instanceof LibyamlError) return { error: e };
    throw e;
  }
}

/** The first error go-yaml v2 reports for yaml.Unmarshal of `text` at parse time, if any. */
export function firstLibyamlError(text: string): LibyamlError | undefined {
  const check = checkFirstDocument(text);
  return 'error' in check ? check.error : undefined;
}
