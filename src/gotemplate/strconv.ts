// Go's strconv parsing that the template parser needs: Unquote, UnquoteChar, and number
// syntax (ParseInt/ParseUint with base 0, ParseFloat), including underscores and base prefixes.

export class SyntaxError_ extends Error {
  constructor(message = 'invalid syntax') {
    super(message);
  }
}

const decoder = new TextDecoder();

function hexVal(c: string): number {
  const n = parseInt(c, 16);
  return Number.isNaN(n) ? -1 : n;
}

/** One (possibly escaped) character at s[i]; returns the rune or byte and the next index. */
function unquoteChar(s: string, i: number, quote: string): { value: number; isByte: boolean; next: number } {
  const c = s[i];
  if (c === undefined) throw new SyntaxError_();
  if (c === quote && (quote === "'" || quote === '"')) throw new SyntaxError_();
  if (c !== '\\') {
    const r = s.codePointAt(i)!;
    return { value: r, isByte: false, next: i + (r > 0xffff ? 2 : 1) };
  }
  const e = s[i + 1];
  if (e === undefined) throw new SyntaxError_();
  let j = i + 2;
  switch (e) {
    case 'a':
      return { value: 7, isByte: false, next: j };
    case 'b':
      return { value: 8, isByte: false, next: j };
    case 'f':
      return { value: 12, isByte: false, next: j };
    case 'n':
      return { value: 10, isByte: false, next: j };
    case 'r':
      return { value: 13, isByte: false, next: j };
    case 't':
      return { value: 9, isByte: false, next: j };
    case 'v':
      return { value: 11, isByte: false, next: j };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      let v = 0;
      for (let k = 0; k < n; k++) {
        const d = hexVal(s[j + k] ?? 'z');
        if (d < 0) throw new SyntaxError_();
        v = v * 16 + d;
      }
      j += n;
      if (e === 'x') return { value: v, isByte: true, next: j };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxError_();
      return { value: v, isByte: false, next: j };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      let v = 0;
      for (let k = 0; k < 3; k++) {
        const d = s.charCodeAt(i + 1 + k) - 48;
        if (!(d >= 0 && d <= 7)) throw new SyntaxError_();
        v = v * 8 + d;
      }
      if (v > 255) throw new SyntaxError_();
      return { value: v, isByte: true, next: i + 4 };
    }
    case '\\':
      return { value: 0x5c, isByte: false, next: j };
    case "'":
    case '"':
      if (e !== quote) throw new SyntaxError_();
      return { value: e.charCodeAt(0), isByte: false, next: j };
  }
  throw new SyntaxError_();
}

/** strconv.Unquote for "..." and `...` literals. */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new SyntaxError_();
  const q = s[0]!;
  if (q !== s[n - 1]) throw new SyntaxError_();
  const body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxError_();
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (q !== '"' && q !== "'") throw new SyntaxError_();
  if (body.includes('\n')) throw new SyntaxError_();
  if (!body.includes('\\') && !body.includes(q)) {
    if (q === '"') return body;
    const r = body.codePointAt(0);
    if (r !== undefined && body.length === (r > 0xffff ? 2 : 1)) return body;
    throw new SyntaxError_();
  }
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) {
      out += decoder.decode(Uint8Array.from(bytes));
      bytes = [];
    }
  };
  let i = 0;
  while (i < body.length) {
    const { value, isByte, next } = unquoteChar(body, i, q);
    i = next;
    if (isByte && value >= 0x80) bytes.push(value);
    else {
      flush();
      out += String.fromCodePoint(value);
    }
    if (q === "'" && i < body.length) throw new SyntaxError_();
  }
  flush();
  return out;
}

/** The rune of a character constant ('a', '\n', '\x41'...), Go's error text on failure. */
export function parseCharConstant(text: string): number {
  const { value, next } = unquoteChar(text, 1, "'");
  if (text.slice(next) !== "'") throw new SyntaxError_(`malformed character constant: ${text}`);
  return value;
}

/** strconv's underscoreOK: underscores only between digits or after a base prefix. */
function underscoreOK(str: string): boolean {
  let saw = '^';
  let s = str;
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(s, 0, 64) without the sign; null on any error. */
function parseUnsigned(s0: string): bigint | null {
  let s = s0;
  if (s.length === 0) return null;
  let base = 10;
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) {
      base = 16;
      s = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) {
      base = 8;
      s = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) {
      base = 2;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let n = 0n;
  const b = BigInt(base);
  let sawUnderscore = false;
  for (const c of s) {
    if (c === '_') {
      sawUnderscore = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return null;
    n = n * b + BigInt(d);
    if (n > UINT64_MAX) return null;
  }
  if (sawUnderscore && !underscoreOK(s0)) return null;
  if (s0 !== '0' && s.replaceAll('_', '').length === 0 && base !== 8) return null;
  return n;
}

export function parseUint64(s: string): bigint | null {
  if (s.startsWith('+') || s.startsWith('-')) return null;
  return parseUnsigned(s);
}

export function parseInt64(s: string): bigint | null {
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUnsigned(body);
  if (u === null) return null;
  if (body.includes('_') && !underscoreOK(s)) return null;
  if (neg) return u > INT64_MAX + 1n ? null : -u;
  return u > INT64_MAX ? null : u;
}

/** strconv.ParseFloat(s, 64) for Go literal syntax; null on syntax error or overflow. */
export function parseFloat64(s0: string): number | null {
  let s = s0;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    s = s.replaceAll('_', '');
  }
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  let v: number;
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const intPart = hex[1] ?? '';
    const frac = hex[2] ?? '';
    if (intPart.length + frac.length === 0) return null;
    const mant = BigInt('0x' + (intPart + frac || '0'));
    v = Number(mant) * Math.pow(2, Number(hex[3]) - 4 * frac.length);
  } else if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    v = Number(s);
  } else {
    return null;
  }
  if (!Number.isFinite(v)) return null;
  return sign * v;
}
