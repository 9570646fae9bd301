// spf13/cast conversions as Sprig uses them (ToInt64, ToInt, ToFloat64): every failure is
// swallowed and yields 0. Also Go's strconv integer/float parsers those rely on.
import { GoNumber, type GoValue } from '../../../../gotemplate/value.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Wraps to a signed 64-bit integer, as Go's int64 arithmetic does. */
export function wrapInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** int64(f) for a float64: truncation; NaN, ±Inf and out-of-range give MinInt64 (amd64 behaviour). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f)) return INT64_MIN;
  const t = Math.trunc(f);
  if (t >= 9223372036854775808 || t < -9223372036854775808) return INT64_MIN;
  return BigInt(t);
}

function underscoreOK(s: string): boolean {
  // Underscores must sit between digits, or between a base prefix and a digit.
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
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

/** strconv.ParseInt(s, base, 64); returns null on any error (syntax or range). */
export function parseGoInt(s: string, base: number): bigint | null {
  if (s === '') return null;
  let neg = false;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let b = base;
  let allowUnderscore = false;
  if (base === 0) {
    allowUnderscore = true;
    b = 10;
    if (body.length >= 2 && body[0] === '0') {
      const p = body[1]!.toLowerCase();
      if (p === 'x') (b = 16), (body = body.slice(2));
      else if (p === 'o') (b = 8), (body = body.slice(2));
      else if (p === 'b') (b = 2), (body = body.slice(2));
      else (b = 8), (body = body.slice(1));
    }
  }
  if (allowUnderscore && body.includes('_')) {
    if (!underscoreOK(s)) return null;
    body = body.replace(/_/g, '');
  }
  if (body === '') return base === 0 && /^[+-]?0$/.test(s) ? 0n : null;
  let n = 0n;
  const B = BigInt(b);
  for (const c of body.toLowerCase()) {
    const d = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 87 : 99;
    if (d >= b) return null;
    n = n * B + BigInt(d);
  }
  if (neg) n = -n;
  if (n < INT64_MIN || n > INT64_MAX) return null;
  return n;
}

/** strconv.Atoi: base 10 only; out-of-range values clamp (Sprig ignores the error but keeps the value). */
export function atoi(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  if (n > INT64_MAX) return INT64_MAX;
  if (n < INT64_MIN) return INT64_MIN;
  return n;
}

/** strconv.ParseFloat(s, 64); null on syntax or range error. */
export function parseGoFloat(s: string): number | null {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return special[1] ? null : NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (s.includes('_') && !underscoreOK(s.replace(/[.eEpP].*$/, ''))) return null;
  const t = s.replace(/_/g, '');
  let v: number;
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(t);
  if (hex) {
    const [, sign, int = '', frac = '', exp] = hex;
    if (int === '' && frac === '') return null;
    const mant = BigInt('0x' + (int + frac || '0'));
    v = Number(mant) * Math.pow(2, Number(exp) - 4 * frac.length);
    if (sign === '-') v = -v;
  } else {
    if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t)) return null;
    v = Number(t);
  }
  if (!Number.isFinite(v)) return null;
  return v;
}

// cast trims a trailing ".0", ".00"... before parsing an integer string.
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** cast.ToInt64 (errors give 0). */
export function toInt64(v: GoValue): bigint {
  if (v === null || v === undefined) return 0n;
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      return parseGoInt(trimZeroDecimal(v), 0) ?? 0n;
  }
  if (v instanceof GoNumber) {
    if (typeof v.value === 'number') return floatToInt64(v.value);
    return wrapInt64(v.value);
  }
  return 0n;
}

/** cast.ToInt; int is 64-bit. */
export const toInt = toInt64;

/** cast.ToFloat64 (errors give 0). */
export function toFloat64(v: GoValue): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseGoFloat(v) ?? 0;
  }
  if (v instanceof GoNumber) return typeof v.value === 'number' ? v.value : Number(v.value);
  return 0;
}

/** A Go int64 value. */
export function int64(v: bigint): GoNumber {
  return new GoNumber('int64', wrapInt64(v));
}

/**
 * A Go `int` argument as a JS number. The executor converts template arguments to the
 * declared parameter type; this also accepts the other numeric representations.
 */
export function intArg(v: GoValue): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Math.trunc(v);
  if (v instanceof GoNumber) return Number(v.value);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}
