// Sprig's JSON functions. Encoding is Go's encoding/json (the shared gojson module); decoding
// (Unmarshal into interface{}, with Go's syntax error texts) is here.
import { type FuncMap, type GoMap, type GoValue } from '../../../../gotemplate/value.js';
import { JsonMarshalError, marshal, marshalIndent } from '../../../gojson/index.js';
import { setKey } from './reflect.js';

/** A syntax or range error from Unmarshal, with Go's message. */
export class JsonError extends Error {}

// ---- decoding -------------------------------------------------------------------------

/** strconv.Quote of a single byte as a rune, in single quotes (encoding/json's quoteChar). */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const s = JSON.stringify(String.fromCharCode(c));
  const named: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v' };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c >= 0x80 && c <= 0x9f) return `'\\u00${c.toString(16)}'`;
  if (c === 0xad) return `'\\u00ad'`;
  return `'${s.slice(1, -1).replace(/\\\\/g, '\\')}'`;
}

/** encoding/json's maxNestingDepth: the scanner refuses an array or object opened deeper. */
const MAX_NESTING_DEPTH = 10000;

class Parser {
  i = 0;
  constructor(readonly b: Uint8Array) {}

  /**
   * At the end of input Go's scanner feeds a space: inside a literal, number or escape that
   * space is the reported character; elsewhere the input is merely truncated.
   */
  fail(context: string, inToken = false): never {
    if (this.i >= this.b.length) {
      if (inToken) throw new JsonError(`invalid character ' ' ${context}`);
      throw new JsonError('unexpected end of JSON input');
    }
    throw new JsonError(`invalid character ${quoteChar(this.b[this.i]!)} ${context}`);
  }

  ws(): void {
    while (this.i < this.b.length) {
      const c = this.b[this.i]!;
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  /**
   * One value, read with an explicit stack of the containers still open instead of recursion:
   * Go's scanner allows 10000 nested arrays and objects and refuses the next one opened
   * ("exceeded max depth"), and 10000 levels are beyond what JS recursion reaches.
   */
  value(): GoValue {
    const open: Array<{ arr: GoValue[]; obj: null; key: '' } | { arr: null; obj: GoMap; key: string }> = [];
    for (;;) {
      this.ws();
      let v: GoValue;
      const c = this.b[this.i];
      if (c === 0x7b || c === 0x5b) {
        if (open.length >= MAX_NESTING_DEPTH) this.fail('exceeded max depth');
        this.i++;
        this.ws();
        if (c === 0x5b) {
          const arr: GoValue[] = [];
          if (this.b[this.i] !== 0x5d) {
            open.push({ arr, obj: null, key: '' });
            continue;
          }
          this.i++;
          v = arr;
        } else {
          const obj: GoMap = {};
          if (this.b[this.i] !== 0x7d) {
            open.push({ arr: null, obj, key: this.objectKey() });
            continue;
          }
          this.i++;
          v = obj;
        }
      } else v = this.scalar(c);
      // Store v in the innermost open container; close those that end here.
      for (;;) {
        const top = open[open.length - 1];
        if (!top) return v;
        if (top.arr) top.arr.push(v);
        else setKey(top.obj, top.key, v);
        this.ws();
        const d = this.b[this.i];
        if (d === 0x2c) {
          this.i++;
          if (top.obj) top.key = this.objectKey();
          break;
        }
        if (d === (top.arr ? 0x5d : 0x7d)) {
          this.i++;
          open.pop();
          v = top.arr ?? top.obj;
          continue;
        }
        this.fail(top.arr ? 'after array element' : 'after object key:value pair');
      }
    }
  }

  /** A key and its colon, where an object's next entry starts. */
  objectKey(): string {
    this.ws();
    if (this.b[this.i] !== 0x22) this.fail('looking for beginning of object key string');
    const key = this.string();
    this.ws();
    if (this.b[this.i] !== 0x3a) this.fail('after object key');
    this.i++;
    return key;
  }

  scalar(c: number | undefined): GoValue {
    switch (c) {
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
    }
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail('looking for beginning of value');
  }

  literal(word: string, v: GoValue): GoValue {
    this.i++;
    for (let k = 1; k < word.length; k++) {
      if (this.b[this.i] !== word.charCodeAt(k)) this.fail(`in literal ${word} (expecting '${word[k]}')`, true);
      this.i++;
    }
    return v;
  }

  digits(): number {
    const start = this.i;
    while (this.i < this.b.length && this.b[this.i]! >= 0x30 && this.b[this.i]! <= 0x39) this.i++;
    return this.i - start;
  }

  number(): GoValue {
    const start = this.i;
    if (this.b[this.i] === 0x2d) {
      this.i++;
      const c = this.b[this.i];
      if (c === undefined || c < 0x30 || c > 0x39) this.fail('in numeric literal', true);
    }
    if (this.b[this.i] === 0x30) this.i++;
    else this.digits();
    if (this.b[this.i] === 0x2e) {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal', true);
    }
    if (this.b[this.i] === 0x65 || this.b[this.i] === 0x45) {
      this.i++;
      if (this.b[this.i] === 0x2b || this.b[this.i] === 0x2d) this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal', true);
    }
    const text = Buffer.from(this.b.subarray(start, this.i)).toString('latin1');
    const f = Number(text);
    if (!Number.isFinite(f)) {
      // Go keeps decoding, leaves this value nil and reports the first such error at the end.
      this.deferred ??= new JsonError(`json: cannot unmarshal number ${text} into Go value of type float64`);
      return null;
    }
    return f;
  }

  /** Go reports a number out of float64 range only after the whole input proved valid. */
  deferred: JsonError | undefined;

  string(): string {
    this.i++;
    const parts: number[] = [];
    let out = '';
    let escaped = false;
    const flush = (): void => {
      out += Buffer.from(parts).toString('utf8');
      parts.length = 0;
    };
    for (;;) {
      if (this.i >= this.b.length) this.fail('');
      const c = this.b[this.i]!;
      if (c === 0x22) {
        this.i++;
        flush();
        // Lone surrogates from \u escapes are invalid UTF-8 in Go and decode to U+FFFD.
        return escaped ? wellFormed(out) : out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c !== 0x5c) {
        parts.push(c);
        this.i++;
        continue;
      }
      this.i++;
      const e = this.b[this.i];
      const simple: Record<number, number> = { 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x5c: 0x5c, 0x2f: 0x2f, 0x22: 0x22 };
      if (e !== undefined && simple[e] !== undefined) {
        parts.push(simple[e]!);
        this.i++;
        continue;
      }
      if (e !== 0x75) this.fail('in string escape code', true);
      this.i++;
      let code = 0;
      for (let k = 0; k < 4; k++) {
        const h = this.b[this.i];
        const d = h === undefined ? -1 : parseInt(String.fromCharCode(h), 16);
        if (Number.isNaN(d) || d < 0) this.fail('in \\u hexadecimal character escape', true);
        code = code * 16 + d;
        this.i++;
      }
      flush();
      out += String.fromCharCode(code);
      escaped = true;
    }
  }
}

/**
 * json.Unmarshal(data, &interface{}): objects become maps, numbers float64. A syntax error
 * leaves nothing decoded; a number out of float64 range still decodes the rest (that number
 * becomes nil), as Go does, and comes back as `error` next to the value.
 */
export function decodeJson(text: string): { value: GoValue; error?: JsonError } {
  const p = new Parser(Buffer.from(text, 'utf8'));
  const v = p.value();
  p.ws();
  if (p.i < p.b.length) p.fail('after top-level value');
  return { value: v, error: p.deferred };
}

/** json.Unmarshal into interface{}, failing on any error (Sprig's mustFromJson). */
export function unmarshal(text: string): GoValue {
  const { value, error } = decodeJson(text);
  if (error) throw error;
  return value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\ufffd');

export function jsonFuncs(): FuncMap {
  const I = 'interface {}' as const;
  const compact = (v: GoValue): string => marshal(v ?? null);
  const pretty = (v: GoValue): string => marshalIndent(v ?? null, '', '  ');
  // json.Encoder with SetEscapeHTML(false); Sprig trims the Encoder's newline.
  const raw = (v: GoValue): string => marshal(v ?? null, { escapeHTML: false });
  const swallow = (f: (v: GoValue) => string) => (v: GoValue): string => {
    try {
      return f(v);
    } catch (e) {
      if (e instanceof JsonMarshalError) return '';
      throw e;
    }
  };
  return {
    // Sprig's own toJson/fromJson/mustToJson; Helm's function map replaces them.
    toJson: { params: [I], fn: swallow(compact) },
    mustToJson: { params: [I], fn: compact },
    toPrettyJson: { params: [I], fn: swallow(pretty) },
    mustToPrettyJson: { params: [I], fn: pretty },
    // toRawJson panics on an encoding error, so it fails like mustToRawJson.
    toRawJson: { params: [I], fn: raw },
    mustToRawJson: { params: [I], fn: raw },
    fromJson: {
      params: ['string'],
      // Errors are ignored: whatever Unmarshal decoded (nil after a syntax error) is returned.
      fn: (s) => {
        try {
          return decodeJson(String(s ?? '')).value;
        } catch (e) {
          if (e instanceof JsonError) return null;
          throw e;
        }
      },
    },
    mustFromJson: { params: ['string'], fn: (s) => unmarshal(String(s ?? '')) },
  };
}
