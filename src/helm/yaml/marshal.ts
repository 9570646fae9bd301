// sigs.k8s.io/yaml.Marshal, as Helm's toYaml uses it: the value goes to JSON (encoding/json),
// go-yaml v2 reads that JSON back (so numbers are re-typed from their JSON text and keys are
// all strings), sorts keys its own way, and emits block YAML.
import { GoNumber, GoStruct, isGoMap, type GoValue } from '../../gotemplate/value.js';
import { formatFloatG, formatJsonFloat } from '../gojson/float.js';
import { JsonMarshalError, marshal as marshalJson, type GoJsonFields, type GoJsonMarshaler } from '../gojson/marshal.js';
import { unmarshal } from '../gojson/unmarshal.js';
import { emitYaml, type EmitNode } from './emit.js';
import { checkFirstDocument } from './libyaml-parser.js';
import { readsBackAsString } from './resolve.js';

export class YamlMarshalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlMarshalError';
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A JSON number's text as go-yaml reads it back: int64, then uint64, then float64 %g. */
function numberFromJsonText(t: string): string {
  if (/^-?\d+$/.test(t)) {
    const b = BigInt(t);
    if ((b >= INT64_MIN && b <= INT64_MAX) || (b >= 0n && b <= UINT64_MAX)) return b.toString();
  }
  return formatFloatG(Number(t), 64);
}

function unsupported(v: number): never {
  throw new JsonMarshalError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
}

// The YAML reader refuses these raw characters, and encoding/json leaves them raw.
// eslint-disable-next-line no-control-regex
const READER_REJECTS = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/** What a string becomes after encoding/json (U+FFFD for broken surrogates) and go-yaml's
 * double-quoted scanner, which folds the raw U+0085 (NEL) line breaks JSON leaves in. */
function throughJson(s: string): string {
  let r = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (READER_REJECTS.test(r)) throw new YamlMarshalError('yaml: control characters are not allowed');
  if (r.includes('\u0085')) {
    r = r.replace(/ *\u0085[ \u0085]*/g, (run) => {
      const n = run.split('\u0085').length - 1;
      return n === 1 ? ' ' : '\n'.repeat(n - 1);
    });
  }
  return r;
}

function stringNode(s: string): EmitNode & { kind: 'scalar' } {
  if (s.includes('\n')) return { kind: 'scalar', value: s, style: 'literal' };
  return { kind: 'scalar', value: s, style: readsBackAsString(s) ? 'plain' : 'double' };
}

function plain(s: string): EmitNode {
  return { kind: 'scalar', value: s, style: 'plain' };
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

// unicode.IsLetter / unicode.IsDigit, with an ASCII fast path.
function isLetterCp(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(String.fromCodePoint(c));
}
function isDigitCp(c: number | undefined): boolean {
  if (c === undefined) return false;
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(String.fromCodePoint(c));
}

/** go-yaml v2's key order for string keys: letters after other characters, digit runs by value. */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  return compareKeyRunes(Array.from(a, (c) => c.codePointAt(0)!), Array.from(b, (c) => c.codePointAt(0)!));
}

/** Sorts keys as go-yaml v2 does, splitting each key into code points once. */
export function sortYamlKeys(keys: string[]): string[] {
  const decorated = keys.map((k) => ({ k, r: Array.from(k, (c) => c.codePointAt(0)!) }));
  decorated.sort((x, y) => (x.k === y.k ? 0 : compareKeyRunes(x.r, y.r)));
  return decorated.map((d) => d.k);
}

function compareKeyRunes(ar: number[], br: number[]): number {
  const isL = isLetterCp;
  const isD = isDigitCp;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isL(ar[i]!);
    const bl = isL(br[i]!);
    if (al && bl) return ar[i]! < br[i]! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isD(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isD(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]! - 0x30);
    let bi = i;
    for (; bi < br.length && isD(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]! - 0x30);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]! < br[i]! ? -1 : 1;
  }
  return ar.length < br.length ? -1 : ar.length > br.length ? 1 : 0;
}

function hasFields(v: object): v is GoJsonFields {
  return typeof (v as Partial<GoJsonFields>).goJsonFields === 'function';
}

function hasMarshaler(v: object): v is GoJsonMarshaler {
  return typeof (v as Partial<GoJsonMarshaler>).marshalGoJSON === 'function';
}

/** A struct with its own MarshalJSON (time.Time, semver.Version): the JSON it writes, as a value. */
function marshalerValue(v: GoJsonMarshaler & object): GoValue {
  let text: string;
  try {
    text = v.marshalGoJSON();
  } catch (e) {
    const type = v instanceof GoStruct ? v.goType : 'struct';
    throw new JsonMarshalError(`json: error calling MarshalJSON for type ${type}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return unmarshal(text);
}

/** go-yaml's max_flow_level: reading the JSON back, it refuses the 10001st nested [ or {. */
const MAX_FLOW_LEVEL = 10000;

/** A collection being converted: its node, and the values still to convert into it. */
type OpenNode = { node: EmitNode & { kind: 'seq' }; values: readonly GoValue[]; i: number } | { node: EmitNode & { kind: 'map' }; values: readonly GoValue[]; i: number };

/**
 * The emitter's tree for v, built with an explicit stack of open collections, not recursion
 * (encoding/json and go-yaml's encoder have no depth limit); `depth` ends up as the deepest
 * nesting of [ and { in v's JSON.
 */
function toNode(root: GoValue): { node: EmitNode; depth: number } {
  const open: OpenNode[] = [];
  let depth = 0;
  let v: GoValue = root;
  for (;;) {
    const start = startNode(v);
    let done: EmitNode;
    if (!(start instanceof Opening)) done = start;
    else {
      if (open.length + 1 > depth) depth = open.length + 1;
      if (start.values.length === 0) done = start.open;
      else {
        open.push({ node: start.open, values: start.values, i: 0 } as OpenNode);
        v = start.values[0]!;
        continue;
      }
    }
    // Put the finished node in its collection; move to the next value or close the collection.
    for (;;) {
      const top = open[open.length - 1];
      if (!top) return { node: done, depth };
      const i = top.i++;
      if (top.node.kind === 'seq') top.node.items[i] = done;
      else top.node.entries[i]![1] = done;
      if (top.i < top.values.length) break;
      open.pop();
      done = top.node;
    }
    const top = open[open.length - 1]!;
    v = top.values[top.i]!;
  }
}

/** A collection's node, and the values to convert into it. */
class Opening {
  constructor(
    readonly open: EmitNode & { kind: 'seq' | 'map' },
    readonly values: readonly GoValue[],
  ) {}
}

/** A scalar's node; for a collection, its Opening. */
function startNode(v: GoValue): EmitNode | Opening {
  for (;;) {
    if (v === null || v === undefined) return plain('null');
    switch (typeof v) {
      case 'string':
        return stringNode(throughJson(v));
      case 'boolean':
        return plain(v ? 'true' : 'false');
      case 'bigint':
        return plain(numberFromJsonText(v.toString()));
      case 'number':
        if (!Number.isFinite(v)) unsupported(v);
        return plain(numberFromJsonText(formatJsonFloat(v, 64)));
    }
    if (v instanceof GoNumber) {
      if (typeof v.value === 'bigint') return plain(numberFromJsonText(v.value.toString()));
      if (!Number.isFinite(v.value)) unsupported(v.value);
      return plain(numberFromJsonText(formatJsonFloat(v.value, 32)));
    }
    if (v instanceof Uint8Array) return stringNode(Buffer.from(v).toString('base64'));
    if (Array.isArray(v)) return new Opening({ kind: 'seq', items: new Array<EmitNode>(v.length) }, v);
    let entries: Array<[string, GoValue]>;
    if (v instanceof GoStruct || !isGoMap(v)) {
      if (hasMarshaler(v)) {
        v = marshalerValue(v);
        continue;
      }
      entries = hasFields(v) ? v.goJsonFields() : [];
    } else {
      const m = v;
      entries = Object.keys(m).map((k) => [k, m[k]]);
    }
    // JSON objects come back as a map, so duplicate names collapse and go-yaml sorts them.
    const byKey = new Map<string, GoValue>();
    for (const [k, val] of entries) {
      if (k.includes('\u0085')) nelInKey = true;
      byKey.set(throughJson(k), val);
    }
    const keys = sortYamlKeys([...byKey.keys()]);
    // Values are filled in as they are converted; the placeholder never reaches the emitter.
    const node: EmitNode & { kind: 'map' } = { kind: 'map', entries: keys.map((k) => [stringNode(k), NULL_NODE]) };
    return new Opening(node, keys.map((k) => byKey.get(k)!));
  }
}

const NULL_NODE: EmitNode = { kind: 'scalar', value: 'null', style: 'plain' };

/** Set by toNode when a key holds a raw NEL, which JSON leaves raw and libyaml reads as a line break. */
let nelInKey = false;

/** sigs.k8s.io/yaml.Marshal(v): YAML text ending in a newline. Throws on NaN/Inf and the like. */
export function marshalYaml(v: GoValue): string {
  nelInKey = false;
  const { node, depth } = toNode(v);
  // Marshal's JSON is one line, so go-yaml's error names no line.
  if (depth > MAX_FLOW_LEVEL) throw new YamlMarshalError(`yaml: exceeded max depth of ${MAX_FLOW_LEVEL}`);
  if (nelInKey) {
    // go-yaml reads the JSON back: a key broken over two lines is no key, and its parser says so.
    const check = checkFirstDocument(marshalJson(v, { escapeHTML: true }));
    if ('error' in check) throw new YamlMarshalError(check.error.goMessage());
  }
  return emitYaml(node);
}

/** Helm's toYaml: Marshal without the final newline; "" when the value cannot be marshalled. */
export function toYaml(v: GoValue): string {
  try {
    return marshalYaml(v).replace(/\n$/, '');
  } catch (e) {
    if (e instanceof JsonMarshalError || e instanceof YamlMarshalError) return '';
    throw e;
  }
}
