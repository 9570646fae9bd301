// The scalar values of BurntSushi/toml v1.6.0's parser: integers (int64), floats (float64),
// date-times (time.Time) and the escapes of basic strings, with its checks and messages. The
// lexer has already shaped the text; these functions throw ScalarError with BurntSushi's
// message, which the parser reports on the item's line.
import { GoNumber } from '../../gotemplate/value.js';
import { quote } from '../../gotemplate/quote.js';
import type { Location } from '../funcs/sprig/extra/gotime/location.js';
import { parseInLocation } from '../funcs/sprig/extra/gotime/parse.js';
import type { GoTime } from '../funcs/sprig/extra/gotime/time.js';
import { isHex } from './lexer.js';
import { localZones, type LocalKind } from './zones.js';

export class ScalarError extends Error {}

/** numHasLeadingZero: a leading zero other than in "0", a base prefix or after a lone sign. */
function hasLeadingZero(s: string): boolean {
  if (s.length > 1 && s[0] === '0' && !(s[1] === 'b' || s[1] === 'o' || s[1] === 'x')) return true;
  return s.length > 2 && (s[0] === '-' || s[0] === '+') && s[1] === '0';
}

/** numUnderscoresOK: every underscore between two (hex) digits. */
function underscoresOK(s: string): boolean {
  if (['nan', '+nan', '-nan', 'inf', '-inf', '+inf'].includes(s)) return true;
  let accept = false;
  for (const c of s) {
    if (c === '_' && !accept) return false;
    accept = isHex(c.codePointAt(0)!);
  }
  return accept;
}

/** numPeriodsOK: every '.' followed by a digit. */
function periodsOK(s: string): boolean {
  let period = false;
  for (const c of s) {
    if (period && !(c >= '0' && c <= '9')) return false;
    period = c === '.';
  }
  return !period;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An integer as strconv.ParseInt(s, 0, 64) reads it, after BurntSushi's own checks. */
export function readInteger(val: string): GoNumber {
  if (!underscoresOK(val)) throw new ScalarError(`Invalid integer ${quote(val)}: underscores must be surrounded by digits`);
  if (hasLeadingZero(val)) throw new ScalarError(`Invalid integer ${quote(val)}: cannot have leading zeroes`);
  let body = val.replaceAll('_', '');
  let neg = false;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  // BigInt reads the 0x, 0o and 0b prefixes as ParseInt's base 0 does.
  const n = neg ? -BigInt(body) : BigInt(body);
  if (n < INT64_MIN || n > INT64_MAX) throw new ScalarError(`${val} is out of range for int64`);
  return new GoNumber('int64', n);
}

/** A NaN with its sign bit set, as math.Copysign(NaN, -1) makes it (toToml writes "-nan"). */
function negativeNaN(): number {
  const f = new Float64Array([NaN]);
  new Uint8Array(f.buffer)[7]! |= 0x80;
  return f[0]!;
}

// strconv.ParseFloat's decimal syntax (hex floats cannot come out of the lexer).
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, nan: NaN, '+nan': NaN };

/** A float as strconv.ParseFloat(s, 64) reads it, after BurntSushi's own checks. */
export function readFloat(val: string): number {
  const parts = val.split(/[.eE]/).filter((p) => p !== '');
  for (const part of parts) {
    if (!underscoresOK(part)) throw new ScalarError(`Invalid float ${quote(val)}: underscores must be surrounded by digits`);
  }
  if (parts.length > 0 && hasLeadingZero(parts[0]!)) throw new ScalarError(`Invalid float ${quote(val)}: cannot have leading zeroes`);
  if (!periodsOK(val)) throw new ScalarError(`Invalid float ${quote(val)}: '.' must be followed by one or more digits`);
  const plain = val.replaceAll('_', '');
  if (plain === '-nan') return negativeNaN();
  const special = SPECIAL_FLOATS[plain];
  if (special !== undefined) return special;
  if (!FLOAT.test(plain)) throw new ScalarError(`Invalid float value: ${quote(val)}`);
  const num = Number(plain);
  if (!Number.isFinite(num)) throw new ScalarError(`${val} is out of range for float64`);
  return num;
}

interface DatetimeLayout {
  layout: string;
  /** Go's time.Local, or one of the local zones. */
  zone: 'local' | LocalKind;
}

// The layouts tried in order; the last three are TOML 1.1's times without seconds.
const DATETIME_LAYOUTS: DatetimeLayout[] = [
  { layout: '2006-01-02T15:04:05.999999999Z07:00', zone: 'local' },
  { layout: '2006-01-02T15:04:05.999999999', zone: 'datetime' },
  { layout: '2006-01-02', zone: 'date' },
  { layout: '15:04:05.999999999', zone: 'time' },
  { layout: '2006-01-02T15:04Z07:00', zone: 'local' },
  { layout: '2006-01-02T15:04', zone: 'datetime' },
  { layout: '15:04', zone: 'time' },
];

/**
 * Go's time.Parse accepts numbers without their leading zero; BurntSushi refuses those by
 * comparing the separators with the layout's, up to the fraction or zone.
 */
function missingLeadingZero(d: string, layout: string): boolean {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    if (c === '.' || c === 'Z') return false;
    if ((c < '0' || c > '9') && d[i] !== c) return true;
  }
  return false;
}

/** A date-time, date or time: the first layout Go's time.ParseInLocation accepts. */
export function readDatetime(val: string, local: Location, localOffset: number): GoTime {
  const text = val.replaceAll('z', 'Z').replaceAll('t', 'T').replaceAll(' ', 'T');
  const zones = localZones(localOffset);
  for (const { layout, zone } of DATETIME_LAYOUTS) {
    let t: GoTime;
    try {
      t = parseInLocation(layout, text, zone === 'local' ? local : zones[zone], local);
    } catch {
      continue;
    }
    if (missingLeadingZero(text, layout)) break;
    return t;
  }
  throw new ScalarError(`invalid datetime: ${quote(text)}`);
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The escapes of a basic string replaced (the lexer has checked their shape). */
export function replaceEscapes(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    const digits = HEX_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
    } else if (digits !== undefined) {
      const hex = s.slice(i + 1, i + 1 + digits);
      const r = parseInt(hex, 16);
      if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) throw new ScalarError(`Escaped character '\\u${hex}' is not valid UTF-8.`);
      out += String.fromCodePoint(r);
      i += digits;
    } else if (e === ' ' || e === '\t') {
      // Whitespace after a backslash that does not end the line.
      throw new ScalarError(`invalid escape: '\\${e}'`);
    } else {
      throw new Error(`BUG: Expected valid escape code after \\, but got ${quote(e)}.\n\n`);
    }
  }
  return out;
}

export function stripFirstNewline(s: string): string {
  if (s.startsWith('\n')) return s.slice(1);
  if (s.startsWith('\r\n')) return s.slice(2);
  return s;
}

/**
 * Removes line-ending backslashes in """ strings with the whitespace after them: a backslash
 * followed by whitespace that reaches a newline.
 */
export function stripEscapedNewlines(input: string): string {
  let s = input;
  let out = '';
  let i = 0;
  for (;;) {
    const ix = s.indexOf('\\', i);
    if (ix < 0) return out + s;
    i = ix;
    if (s[i + 1] === '\\') {
      i += 2;
      continue;
    }
    let j = i + 1;
    while (j < s.length && ' \t\r\n'.includes(s[j]!)) j++;
    if (j === i + 1 || !s.slice(i, j).includes('\n')) {
      // Not a whitespace escape, or whitespace not ending the line (replaceEscapes rejects it).
      i++;
      continue;
    }
    out += s.slice(0, i);
    s = s.slice(j);
    i = 0;
  }
}
