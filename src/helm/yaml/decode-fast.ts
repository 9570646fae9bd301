// A fast path for decoding YAML: js-yaml parses (about twice as fast as the go-yaml port, cold),
// with a schema that hands every plain scalar and every tagged node to go-yaml's resolver.
// Anything js-yaml refuses, or that this path cannot represent exactly, returns undefined and
// the caller decodes with the go-yaml port (libyaml-*.ts), which also words the errors.
import jsyaml from 'js-yaml';
import { YamlMap, type YamlKey, type YamlValue } from './decode.js';
import { TAG_BINARY, TAG_MERGE, resolveScalar, type Resolved } from './resolve.js';

// Keys reach us as strings (js-yaml stringifies them); these prefixes mark keys that were not
// plain strings. Inputs that could spell them are sent to the slow path.
const S_FLOAT = '\u0000F';
const S_NULL = '\u0000N';
const S_MERGE = '\u0000M';
const S_BOOL = '\u0000B';
const S_INT = '\u0000I';

/** A float64 scalar; as a key it prints as go-yaml → JSON would (float32 %g). */
class FloatBox {
  constructor(readonly v: number) {}
  get [Symbol.toStringTag](): string {
    return 'FloatBox';
  }
  toString(): string {
    return S_FLOAT + String(this.v);
  }
}

class Marker {
  constructor(readonly key: string) {}
  get [Symbol.toStringTag](): string {
    return 'Marker';
  }
  toString(): string {
    return this.key;
  }
}
const NULL = new Marker(S_NULL);
const MERGE = new Marker(S_MERGE);

class BoolBox {
  constructor(readonly v: boolean) {}
  get [Symbol.toStringTag](): string {
    return 'BoolBox';
  }
  toString(): string {
    return S_BOOL + String(this.v);
  }
}

class IntBox {
  constructor(readonly v: bigint) {}
  get [Symbol.toStringTag](): string {
    return 'IntBox';
  }
  toString(): string {
    return S_INT + this.v.toString();
  }
}

class Unsupported extends Error {}

function box(r: Resolved): unknown {
  switch (r.tag) {
    case 'tag:yaml.org,2002:float':
      return new FloatBox(r.value);
    case 'tag:yaml.org,2002:null':
      return NULL;
    case 'tag:yaml.org,2002:bool':
      return new BoolBox(r.value);
    case 'tag:yaml.org,2002:int':
      return new IntBox(r.value);
    default:
      return r.value;
  }
}

const plain = new jsyaml.Type('tag:flux-ts:plain', {
  kind: 'scalar',
  resolve: () => true,
  // go-yaml takes a plain "<<" key as a merge by its text, not by resolution. A plain scalar
  // with "?" inside may sit in a flow collection, where libyaml ends it: the careful path decides.
  construct: (data: string) => {
    if (data.indexOf('?', 1) > 0) throw new Unsupported();
    return data === '<<' ? MERGE : box(resolveScalar(data));
  },
});

function taggedScalar(data: string | null, tag: string | undefined): unknown {
  const text = data ?? '';
  const t = tag ?? '';
  if (!t.startsWith('tag:yaml.org,2002:')) return text;
  if (t === 'tag:yaml.org,2002:map' || t === 'tag:yaml.org,2002:seq') return text;
  if (t === TAG_MERGE) return MERGE;
  const r = resolveScalar(text, t);
  if (t === TAG_BINARY) {
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text)) throw new Unsupported();
    return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return box(r);
}

const anyScalar = new jsyaml.Type('', { kind: 'scalar', multi: true, resolve: () => true, construct: taggedScalar });
const anySeq = new jsyaml.Type('', { kind: 'sequence', multi: true, resolve: () => true, construct: (d: unknown) => d ?? [] });
const anyMap = new jsyaml.Type('', { kind: 'mapping', multi: true, resolve: () => true, construct: (d: unknown) => d ?? {} });

const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [plain], explicit: [anyScalar, anySeq, anyMap] });
const OPTIONS = { schema: SCHEMA, json: true } as const;

// Inputs that could spell our key markers, or that hold a NUL, take the slow path; so do the
// shapes where js-yaml reads differently from libyaml, found by comparing both on thousands of
// mutated values files: anchors or aliases with names libyaml refuses; tags and tabs (js-yaml
// accepts tags running into other text and tabs after indicators); explicit "?" keys, a "?"
// or ":" starting a token (in a flow collection both are indicators), collections as keys and
// text right after a collection; an empty sequence entry (js-yaml can attach what
// follows a less indented "-" to it); the escape "\/" (YAML 1.2's, unknown to libyaml); NEL,
// LS and PS, which libyaml reads as line breaks; a ':' right before a flow indicator, which
// libyaml keeps in a plain scalar ("{a: y:}" is {a: "y:"}). Also found by comparing js-yaml with
// the go-yaml port on randomly edited lines (each confirmed with helm's fromYaml): a "---" line
// with anything after it (js-yaml starts a document at "---x" and reads "--- - a"), a "..."
// line, a byte order mark after the start; and text not ending in a line break (js-yaml ends a
// block scalar's last line with one).
const RISKY = new RegExp(
  [
    /[\u0085\u2028\u2029\t]|\u0000|\\0|\\x00|\\u0000|\\U00000000|\\\//.source,
    /(?:^|[\s,[{])[&*][0-9A-Za-z_-]*[^0-9A-Za-z_\- \t\r\n,\]}]/.source,
    /(?:^|[\s,[{])[?!]|[,[{][ ]*:|[ ]:[^\s]/.source,
    /[}\]][ ]*:(?:\s|$)|[}\]][^\s,\]}:#]/.source,
    /^[ ]*-[ ]*$/.source,
    /:[,\]}]/.source,
    /^---[ \t]*[^\s]|^\.\.\.|[\s\S]\ufeff/.source,
    // An anchor with a key after it on its line: js-yaml anchors a mapping there, libyaml refuses.
    /&[^\s]+[ ]+[^\s{[\n"'][^\n]*:(?:\s|$)/.source,
    // A collection right after a ',' in a flow mapping is a key, which go-yaml refuses. (The
    // nearest '{' before the ',' decides, so no '{' in between: each character is scanned once,
    // not once per enclosing '{' of a deeply nested flow mapping.)
    /[{][^{}\n]*,[ ]*[[{]/.source,
    // What libyaml's reader refuses, even in a comment js-yaml skips.
    /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/.source,
  ].join('|'),
  'm',
);

function key(k: string): YamlKey | typeof MERGE {
  // js-yaml spells an empty key "null", like a quoted "null": let the careful path tell them apart.
  if (k === 'null') throw new Unsupported();
  if (k.charCodeAt(0) !== 0) return k;
  const body = k.slice(2);
  switch (k.slice(0, 2)) {
    case S_FLOAT:
      return Number(body);
    case S_NULL:
      return null;
    case S_MERGE:
      return MERGE;
    case S_BOOL:
      return body === 'true';
    case S_INT:
      return BigInt(body);
  }
  throw new Unsupported();
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function value(v: unknown, stack: Set<object>): YamlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof FloatBox || v instanceof BoolBox || v instanceof IntBox) return v.v;
  if (v === NULL) return null;
  if (v === MERGE) return '<<';
  if (typeof v !== 'object') throw new Unsupported();
  if (stack.has(v)) throw new Unsupported();
  stack.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => value(x, stack));
    if (!isPlainMap(v)) throw new Unsupported();
    const out = new YamlMap();
    mapInto(v as Record<string, unknown>, out, stack);
    return out;
  } finally {
    stack.delete(v);
  }
}

// go-yaml v2 merges in document order into the same map; earlier maps of a merge list win.
function mapInto(obj: Record<string, unknown>, out: YamlMap, stack: Set<object>): void {
  for (const k of Object.keys(obj)) {
    const kk = key(k);
    const v = obj[k];
    if (kk === MERGE) {
      const merge = (src: unknown): void => {
        if (!isPlainMap(src)) throw new Unsupported();
        mapInto(src as Record<string, unknown>, out, stack);
      };
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) merge(v[i]);
      else merge(v);
      continue;
    }
    out.set(kk as YamlKey, value(v, stack));
  }
}

/** The first document decoded the go-yaml way, or undefined to use the careful path. */
export function decodeYamlFast(text: string): YamlValue | undefined {
  if (RISKY.test(text) || !text.endsWith('\n')) return undefined;
  try {
    const docs: unknown[] = [];
    jsyaml.loadAll(text, (d) => docs.push(d), OPTIONS);
    if (docs.length === 0) return null;
    return value(docs[0], new Set());
  } catch {
    return undefined;
  }
}
