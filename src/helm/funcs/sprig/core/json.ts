// Go's encoding/json for template values: Marshal (sorted map keys, HTML-safe escapes, Go's
// float format), MarshalIndent, an Encoder without HTML escaping, and Unmarshal into
// interface{} with Go's syntax error texts. Sprig's JSON functions are thin wrappers.
import { compareGoStrings, structFields as goStructFields } from '../../../../gotemplate/fmt.js';
import { GoNumber, GoStruct, isGoMap, type FuncMap, type GoMap, type GoValue } from '../../../../gotemplate/value.js';

export interface JsonOptions {
  escapeHTML: boolean;
  /** MarshalIndent's indent ('' = compact). */
  indent: string;
}

export class JsonError extends Error {}

function formatJsonFloat(f: number): string {
  if (!Number.isFinite(f)) {
    throw new JsonError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  }
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // JavaScript switches to exponent form below 1e-6 and from 1e21, like encoding/json, and
  // writes the same shortest digits; only the exponent spelling needs no change ("1e-7").
  return String(f);
}

function encodeString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c < 0x7f) {
      if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) out += '\\u00' + c.toString(16);
      else out += s[i];
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
    }
    if (c < 0x20) {
      out += '\\u00' + c.toString(16).padStart(2, '0');
    } else if (c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '\\ufffd'; // a lone surrogate is invalid UTF-8 in Go
    } else {
      out += s[i];
    }
  }
  return out + '"';
}

function structFields(v: GoStruct): GoValue | undefined {
  const m = (v as unknown as { MarshalJSON?: unknown }).MarshalJSON;
  if (typeof m === 'function') return (m as () => GoValue).call(v);
  return undefined;
}

/** json.Marshal / MarshalIndent / Encoder.Encode (without the trailing newline). */
export function marshal(v: GoValue, opts: JsonOptions = { escapeHTML: true, indent: '' }): string {
  const nl = (depth: number): string => (opts.indent === '' ? '' : '\n' + opts.indent.repeat(depth));
  const colon = opts.indent === '' ? ':' : ': ';
  const enc = (x: GoValue, depth: number): string => {
    if (x === null || x === undefined) return 'null';
    switch (typeof x) {
      case 'string':
        return encodeString(x, opts.escapeHTML);
      case 'boolean':
        return x ? 'true' : 'false';
      case 'number':
        return formatJsonFloat(x);
      case 'bigint':
        return x.toString();
    }
    if (x instanceof GoNumber) {
      if (typeof x.value === 'bigint') return x.value.toString();
      const f = Math.fround(x.value);
      if (!Number.isFinite(f)) return formatJsonFloat(f);
      // float32 keeps its own shortest digits.
      for (let p = 1; p <= 9; p++) {
        const s = Number(f.toPrecision(p));
        if (Math.fround(s) === f) return formatJsonFloat(s);
      }
      return formatJsonFloat(f);
    }
    if (x instanceof Uint8Array) return '"' + Buffer.from(x).toString('base64') + '"';
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]';
      return '[' + x.map((e) => nl(depth + 1) + enc(e ?? null, depth + 1)).join(',') + nl(depth) + ']';
    }
    if (x instanceof GoStruct) {
      const custom = structFields(x);
      if (custom !== undefined) return typeof custom === 'string' ? encodeString(custom, opts.escapeHTML) : enc(custom, depth);
      const fields = goStructFields(x).map((k) => [k, (x as unknown as GoMap)[k] ?? null] as [string, GoValue]);
      if (fields.length === 0) return '{}';
      return '{' + fields.map(([k, e]) => nl(depth + 1) + encodeString(k, opts.escapeHTML) + colon + enc(e, depth + 1)).join(',') + nl(depth) + '}';
    }
    const m = x as GoMap;
    const keys = Object.keys(m).sort(compareGoStrings);
    if (keys.length === 0) return '{}';
    return '{' + keys.map((k) => nl(depth + 1) + encodeString(k, opts.escapeHTML) + colon + enc(m[k] ?? null, depth + 1)).join(',') + nl(depth) + '}';
  };
  return enc(v, 0);
}

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

  fail(context: string): never {
    if (this.i >= this.b.length) throw new JsonError('unexpected end of JSON input');
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
      if (this.b[this.i] !== word.charCodeAt(k)) this.fail(`in literal ${word} (expecting '${word[k]}')`);
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
      if (c === undefined || c < 0x30 || c > 0x39) this.fail('in numeric literal');
    }
    if (this.b[this.i] === 0x30) this.i++;
    else this.digits();
    if (this.b[this.i] === 0x2e) {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal');
    }
    if (this.b[this.i] === 0x65 || this.b[this.i] === 0x45) {
      this.i++;
      if (this.b[this.i] === 0x2b || this.b[this.i] === 0x2d) this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal');
    }
    const text = Buffer.from(this.b.subarray(start, this.i)).toString('latin1');
    const f = Number(text);
    if (!Number.isFinite(f)) {
      this.deferred ??= new JsonError(`json: cannot unmarshal number ${text} into Go value of type float64`);
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
      if (e !== 0x75) this.fail('in string escape code');
      this.i++;
      let code = 0;
      for (let k = 0; k < 4; k++) {
        const h = this.b[this.i];
        const d = h === undefined ? -1 : parseInt(String.fromCharCode(h), 16);
        if (Number.isNaN(d) || d < 0) this.fail('in \\u hexadecimal character escape');
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
      out[key] = this.value();
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

/** json.Unmarshal(data, &interface{}): objects become maps, numbers float64. */
export function unmarshal(text: string): GoValue {
  const p = new Parser(Buffer.from(text, 'utf8'));
  const v = p.value();
  p.ws();
  if (p.i < p.b.length) p.fail('after top-level value');
  if (p.deferred) throw p.deferred;
  // Lone surrogates from \u escapes are invalid UTF-8 in Go and decode to U+FFFD.
  return fixSurrogates(v);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\ufffd');

function fixSurrogates(v: GoValue): GoValue {
  if (typeof v === 'string') return wellFormed(v);
  if (Array.isArray(v)) return v.map(fixSurrogates);
  if (isGoMap(v)) {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v)) out[wellFormed(k)] = fixSurrogates(x);
    return out;
  }
  return v;
}

export function jsonFuncs(): FuncMap {
  const I = 'interface {}' as const;
  const compact = { escapeHTML: true, indent: '' };
  const pretty = { escapeHTML: true, indent: '  ' };
  const raw = { escapeHTML: false, indent: '' };
  const swallow = (f: () => string): string => {
    try {
      return f();
    } catch (e) {
      if (e instanceof JsonError) return '';
      throw e;
    }
  };
  return {
    // Sprig's own toJson/fromJson/mustToJson; Helm's function map replaces them.
    toJson: { params: [I], fn: (v) => swallow(() => marshal(v ?? null, compact)) },
    mustToJson: { params: [I], fn: (v) => marshal(v ?? null, compact) },
    toPrettyJson: { params: [I], fn: (v) => swallow(() => marshal(v ?? null, pretty)) },
    mustToPrettyJson: { params: [I], fn: (v) => marshal(v ?? null, pretty) },
    // toRawJson panics on an encoding error, so it fails like mustToRawJson.
    toRawJson: { params: [I], fn: (v) => marshal(v ?? null, raw) },
    mustToRawJson: { params: [I], fn: (v) => marshal(v ?? null, raw) },
    fromJson: {
      params: ['string'],
      fn: (s) => {
        try {
          return unmarshal(String(s ?? ''));
        } catch (e) {
          if (e instanceof JsonError) return null;
          throw e;
        }
      },
    },
    mustFromJson: { params: ['string'], fn: (s) => unmarshal(String(s ?? '')) },
  };
}
