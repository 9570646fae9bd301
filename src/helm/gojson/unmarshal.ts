// Go's encoding/json decoding into interface{}: objects become maps, numbers float64, with Go's
// error texts ("invalid character 'x' looking for beginning of value", "unexpected end of JSON
// input"). `decodeFirst` behaves like json.Decoder.Decode: one value from the start of a stream.
import type { GoMap, GoValue } from '../../gotemplate/value.js';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    /** Byte offset of the error, as Go's SyntaxError.Offset (in UTF-16 units here). */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Signals the input ended inside a value. */
class Truncated extends Error {}

function quoteChar(c: string): string {
  // Go's quoteChar: '\'' as "'\\''", '"' as "'\"'", otherwise strconv.Quote's inner text.
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** encoding/json's maxNestingDepth: the scanner refuses an array or object opened deeper. */
const MAX_NESTING_DEPTH = 10000;

class Scanner {
  pos: number;
  constructor(
    readonly s: string,
    start: number,
  ) {
    this.pos = start;
  }

  fail(context: string): never {
    if (this.pos >= this.s.length) throw new Truncated();
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.s[this.pos]!)} ${context}`, this.pos);
  }

  skipSpace(): void {
    while (isSpace(this.s[this.pos])) this.pos++;
  }

  /**
   * One value, read with an explicit stack of the containers still open instead of recursion:
   * Go's scanner allows 10000 nested arrays and objects and refuses the next one opened
   * ("exceeded max depth"), and 10000 levels are beyond what JS recursion reaches.
   */
  value(): GoValue {
    // The open containers, and for each open object the key whose value is being read.
    const open: Array<GoValue[] | GoMap> = [];
    const keys: string[] = [];
    for (;;) {
      this.skipSpace();
      let v: GoValue;
      const c = this.s[this.pos];
      if (c === '{' || c === '[') {
        if (open.length >= MAX_NESTING_DEPTH) this.fail('exceeded max depth');
        this.pos++;
        this.skipSpace();
        if (c === '[') {
          const arr: GoValue[] = [];
          if (this.s[this.pos] !== ']') {
            open.push(arr);
            keys.push('');
            continue;
          }
          this.pos++;
          v = arr;
        } else {
          const obj = Object.create(null) as GoMap;
          if (this.s[this.pos] !== '}') {
            open.push(obj);
            keys.push(this.objectKey());
            continue;
          }
          this.pos++;
          v = obj;
        }
      } else v = this.scalar(c);
      // Store v in the innermost open container; close those that end here.
      for (;;) {
        const n = open.length;
        if (n === 0) return v;
        const top = open[n - 1]!;
        const isArray = Array.isArray(top);
        if (isArray) top.push(v);
        else top[keys[n - 1]!] = v;
        this.skipSpace();
        const d = this.s[this.pos];
        if (d === ',') {
          this.pos++;
          if (!isArray) keys[n - 1] = this.objectKey();
          break;
        }
        if (d === (isArray ? ']' : '}')) {
          this.pos++;
          open.pop();
          keys.pop();
          v = top;
          continue;
        }
        this.fail(isArray ? 'after array element' : 'after object key:value pair');
      }
    }
  }

  /** A key and its colon, where an object's next entry starts. */
  objectKey(): string {
    this.skipSpace();
    if (this.s[this.pos] !== '"') this.fail('looking for beginning of object key string');
    const k = this.string();
    this.skipSpace();
    if (this.s[this.pos] !== ':') this.fail('after object key');
    this.pos++;
    return k;
  }

  scalar(c: string | undefined): GoValue {
    switch (c) {
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.fail('looking for beginning of value');
  }

  literal<T extends GoValue>(word: string, v: T): T {
    for (let i = 0; i < word.length; i++) {
      if (this.pos >= this.s.length) throw new Truncated();
      if (this.s[this.pos] !== word[i]) this.fail(`in literal ${word} (expecting ${quoteChar(word[i]!)})`);
      this.pos++;
    }
    return v;
  }

  number(): number {
    const start = this.pos;
    const s = this.s;
    const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
    if (s[this.pos] === '-') {
      this.pos++;
      if (this.pos >= s.length) throw new Truncated();
      if (!digit(s[this.pos])) this.fail('in numeric literal');
    }
    if (s[this.pos] === '0') this.pos++;
    else while (digit(s[this.pos])) this.pos++;
    if (s[this.pos] === '.') {
      this.pos++;
      if (this.pos >= s.length) throw new Truncated();
      if (!digit(s[this.pos])) this.fail('after decimal point in numeric literal');
      while (digit(s[this.pos])) this.pos++;
    }
    if (s[this.pos] === 'e' || s[this.pos] === 'E') {
      this.pos++;
      if (s[this.pos] === '+' || s[this.pos] === '-') this.pos++;
      if (this.pos >= s.length) throw new Truncated();
      if (!digit(s[this.pos])) this.fail('in exponent of numeric literal');
      while (digit(s[this.pos])) this.pos++;
    }
    const text = s.slice(start, this.pos);
    const v = Number(text);
    if (!Number.isFinite(v)) throw new JsonSyntaxError(`json: cannot unmarshal number ${text} into Go value of type float64`, start);
    return v;
  }

  string(): string {
    const s = this.s;
    this.pos++; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= s.length) throw new Truncated();
      const c = s[this.pos]!;
      if (c === '"') {
        out += s.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < ' ') this.fail('in string literal');
      if (c === '\\') {
        out += s.slice(start, this.pos);
        this.pos++;
        if (this.pos >= s.length) throw new Truncated();
        const e = s[this.pos]!;
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (simple[e] !== undefined) {
          out += simple[e];
          this.pos++;
        } else if (e === 'u') {
          this.pos++;
          const hex = (): number => {
            for (let i = 0; i < 4; i++) {
              if (this.pos + i >= s.length) throw new Truncated();
              if (!/[0-9a-fA-F]/.test(s[this.pos + i]!)) {
                this.pos += i;
                this.fail('in \\u hexadecimal character escape');
              }
            }
            const v = parseInt(s.slice(this.pos, this.pos + 4), 16);
            this.pos += 4;
            return v;
          };
          const u = hex();
          if (u >= 0xd800 && u <= 0xdbff && s[this.pos] === '\\' && s[this.pos + 1] === 'u') {
            const save = this.pos;
            this.pos += 2;
            const lo = hex();
            if (lo >= 0xdc00 && lo <= 0xdfff) out += String.fromCharCode(u, lo);
            else {
              out += '\ufffd';
              this.pos = save;
            }
          } else if (u >= 0xd800 && u <= 0xdfff) out += '\ufffd';
          else out += String.fromCharCode(u);
        } else {
          this.fail('in string escape code');
        }
        start = this.pos;
        continue;
      }
      this.pos++;
    }
  }
}

/** json.Unmarshal(text, &v) for v interface{}. */
export function unmarshal(text: string): GoValue {
  const sc = new Scanner(text, 0);
  try {
    const v = sc.value();
    sc.skipSpace();
    if (sc.pos < text.length) sc.fail('after top-level value');
    return v;
  } catch (e) {
    if (e instanceof Truncated) throw new JsonSyntaxError('unexpected end of JSON input', text.length);
    throw e;
  }
}

/**
 * json.NewDecoder(strings.NewReader(text[start:])).Decode(&v): the first value of the stream and
 * where it ends (Decoder.InputOffset). Truncated input reads "unexpected EOF".
 */
export function decodeFirst(text: string, start = 0): { value: GoValue; end: number } {
  const sc = new Scanner(text, start);
  try {
    sc.skipSpace();
    if (sc.pos >= text.length) throw new JsonSyntaxError('EOF', text.length);
    const value = sc.value();
    return { value, end: sc.pos };
  } catch (e) {
    if (e instanceof Truncated) throw new JsonSyntaxError('unexpected EOF', text.length);
    throw e;
  }
}

/** The "type" word Go uses in "cannot unmarshal X into Go value of type ...". */
export function jsonKindOf(v: GoValue): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
  }
  return 'object';
}
