// Sprig's JSON functions. Encoding is Go's encoding/json (the shared gojson module); decoding
// (Unmarshal into interface{}, with Go's syntax error texts) is here.
import { isGoMap, type FuncMap, type GoMap, type GoValue } from '../../../../gotemplate/value.js';
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

  value(): GoValue {
    this.ws();
    const c = this.b[this.i];
    switch (c) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
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
        return out;
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
    }
  }

  array(): GoValue[] {
    this.i++;
    const out: GoValue[] = [];
    this.ws();
    if (this.b[this.i] === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return out;
      }
      this.fail('after array element');
    }
  }

  object(): GoMap {
    this.i++;
    const out: GoMap = {};
    this.ws();
    if (this.b[this.i] === 0x7d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.b[this.i] !== 0x22) this.fail('looking for beginning of object key string');
      const key = this.string();
      this.ws();
      if (this.b[this.i] !== 0x3a) this.fail('after object key');
      this.i++;
      setKey(out, key, this.value());
      this.ws();
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        return out;
      }
      this.fail('after object key:value pair');
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
  // Lone surrogates from \u escapes are invalid UTF-8 in Go and decode to U+FFFD.
  return { value: fixSurrogates(v), error: p.deferred };
}

/** json.Unmarshal into interface{}, failing on any error (Sprig's mustFromJson). */
export function unmarshal(text: string): GoValue {
  const { value, error } = decodeJson(text);
  if (error) throw error;
  return value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\ufffd');

function fixSurrogates(v: GoValue): GoValue {
  if (typeof v === 'string') return wellFormed(v);
  if (Array.isArray(v)) return v.map(fixSurrogates);
  if (isGoMap(v)) {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v)) setKey(out, wellFormed(k), fixSurrogates(x));
    return out;
  }
  return v;
}

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
