// Go's encoding/json Marshal and MarshalIndent over the template value model: sorted map keys,
// HTML-safe string escaping, Go's float formatting. Helm's toJson and the release digests
// depend on these bytes.
import { GoNumber, GoStruct, isGoMap, isNilCollection, type GoValue } from '../../gotemplate/value.js';
import { formatJsonFloat } from './float.js';
import { compareGoStrings } from '../../gotemplate/go-strings.js';

// Re-exported for this module's callers; the comparison lives in go-strings.ts.
export { compareGoStrings };

/** Go's *json.UnsupportedValueError / UnsupportedTypeError, with Go's message. */
export class JsonMarshalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonMarshalError';
  }
}

/**
 * A struct that knows its JSON form, as Go's struct tags would write it: fields in declaration
 * order, omitempty already applied. Structs without it marshal as an empty object.
 */
export interface GoJsonFields {
  goJsonFields(): Array<[string, GoValue]>;
}

/** A value with its own MarshalJSON (Go's json.Marshaler): returns valid JSON text. */
export interface GoJsonMarshaler {
  marshalGoJSON(): string;
}

function hasFields(v: object): v is GoJsonFields {
  return typeof (v as Partial<GoJsonFields>).goJsonFields === 'function';
}
function hasMarshaler(v: object): v is GoJsonMarshaler {
  return typeof (v as Partial<GoJsonMarshaler>).marshalGoJSON === 'function';
}

export interface MarshalOptions {
  /** SetEscapeHTML(false) turns off \u003c escaping (json.Marshal always escapes). */
  escapeHTML?: boolean;
}

/** json.Marshal(v) */
export function marshal(v: GoValue, opts: MarshalOptions = {}): string {
  const out: string[] = [];
  encode(v, out, opts.escapeHTML ?? true, null);
  return out.join('');
}

/** json.MarshalIndent(v, prefix, indent) */
export function marshalIndent(v: GoValue, prefix: string, indent: string, opts: MarshalOptions = {}): string {
  const out: string[] = [];
  encode(v, out, opts.escapeHTML ?? true, { prefix, indent, depth: 0 });
  return out.join('');
}

interface Indent {
  prefix: string;
  indent: string;
  depth: number;
}

const HEX = '0123456789abcdef';

/** Go's JSON string encoding (encodeState.string). */
export function quoteJsonString(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 0x08:
          rep = '\\b';
          break;
        case 0x0c:
          rep = '\\f';
          break;
        case 0x0a:
          rep = '\\n';
          break;
        case 0x0d:
          rep = '\\r';
          break;
        case 0x09:
          rep = '\\t';
          break;
        default:
          rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    else if (c === 0x2028) rep = '\\u2028';
    else if (c === 0x2029) rep = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is what invalid UTF-8 becomes on our side; Go writes U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** A container being written: its remaining entries and how deep it sits. */
interface Frame {
  /** An object's keys in output order, or null for an array. */
  readonly keys: readonly string[] | null;
  /** The values: by index (arrays, struct fields) or by key (maps). */
  readonly src: readonly GoValue[] | Readonly<Record<string, GoValue>>;
  readonly byIndex: boolean;
  readonly length: number;
  i: number;
}

/**
 * Writes v with an explicit stack of open containers, not recursion: encoding/json has no
 * depth limit (Go's stack grows to 1 GB), and a template can build a map 100000 levels deep.
 */
function encode(root: GoValue, out: string[], html: boolean, ind: Indent | null): void {
  const stack: Frame[] = [];
  let v: GoValue = root;
  for (;;) {
    const frame = open(v, out, html);
    if (frame) stack.push(frame);
    // Move to the next value to write, closing every container that is done.
    let next: Frame | undefined;
    while ((next = stack[stack.length - 1])) {
      if (next.i < next.length) break;
      stack.pop();
      if (ind) newline(out, ind, stack.length);
      out.push(next.keys ? '}' : ']');
    }
    if (!next) return;
    const i = next.i++;
    if (i > 0) out.push(',');
    if (ind) newline(out, ind, stack.length);
    if (next.keys) {
      const k = next.keys[i]!;
      out.push(quoteJsonString(k, html), ind ? ': ' : ':');
      if (!next.byIndex) {
        v = (next.src as Readonly<Record<string, GoValue>>)[k] as GoValue;
        continue;
      }
    }
    v = (next.src as readonly GoValue[])[i] as GoValue;
  }
}

function newline(out: string[], ind: Indent, depth: number): void {
  out.push('\n' + ind.prefix + ind.indent.repeat(ind.depth + depth));
}

/** Writes a scalar or an empty container whole; opens a non-empty container and returns it. */
function open(v: GoValue, out: string[], html: boolean): Frame | undefined {
  if (v === null || v === undefined) {
    out.push('null');
    return undefined;
  }
  switch (typeof v) {
    case 'string':
      out.push(quoteJsonString(v, html));
      return undefined;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return undefined;
    case 'bigint':
      out.push(v.toString());
      return undefined;
    case 'number':
      if (!Number.isFinite(v)) throw new JsonMarshalError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
      out.push(formatJsonFloat(v, 64));
      return undefined;
  }
  if (v instanceof GoNumber) {
    if (typeof v.value === 'bigint') {
      out.push(v.value.toString());
      return undefined;
    }
    if (!Number.isFinite(v.value)) throw new JsonMarshalError(`json: unsupported value: ${Number.isNaN(v.value) ? 'NaN' : v.value > 0 ? '+Inf' : '-Inf'}`);
    out.push(formatJsonFloat(v.value, 32));
    return undefined;
  }
  if (v instanceof Uint8Array) {
    out.push(isNilCollection(v) ? 'null' : '"' + Buffer.from(v).toString('base64') + '"');
    return undefined;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(isNilCollection(v) ? 'null' : '[]');
      return undefined;
    }
    out.push('[');
    return { keys: null, src: v, byIndex: true, length: v.length, i: 0 };
  }
  if (v instanceof GoStruct || !isGoMap(v)) {
    if (hasMarshaler(v)) {
      let text: string;
      try {
        text = v.marshalGoJSON();
      } catch (e) {
        if (e instanceof JsonMarshalError) throw e;
        // encoding/json wraps a MarshalJSON failure in a *MarshalerError naming the type.
        const type = v instanceof GoStruct ? v.goType : 'interface {}';
        throw new JsonMarshalError(`json: error calling MarshalJSON for type ${type}: ${(e as Error).message}`);
      }
      out.push(text);
      return undefined;
    }
    const fields = hasFields(v) ? v.goJsonFields() : [];
    return openObject(
      fields.map(([k]) => k),
      fields.map(([, x]) => x),
      out,
    );
  }
  const keys = Object.keys(v).sort(compareGoStrings);
  if (keys.length === 0 && isNilCollection(v)) {
    out.push('null');
    return undefined;
  }
  return openObject(keys, v as Readonly<Record<string, GoValue>>, out);
}

function openObject(keys: string[], src: readonly GoValue[] | Readonly<Record<string, GoValue>>, out: string[]): Frame | undefined {
  if (keys.length === 0) {
    out.push('{}');
    return undefined;
  }
  out.push('{');
  return { keys, src, byIndex: Array.isArray(src), length: keys.length, i: 0 };
}
