// Go's strconv.FormatFloat for the formats fmt uses ('e' 'E' 'f' 'g' 'G' 'b' 'x' 'X').
// Fixed precisions are rounded from the exact binary value, half to even, as Go does;
// the shortest form relies on JavaScript's shortest round-trip digits (same rule as Go's).

/** Decimal digits `d` (no leading or trailing zeros) with value 0.d × 10^dp. Zero is d = ''. */
interface Decimal {
  d: string;
  dp: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

interface Bits {
  neg: boolean;
  /** Biased exponent field. */
  expField: number;
  mant: bigint;
}

function bits64(x: number): Bits {
  f64[0] = x;
  const b = u64[0]!;
  return { neg: b >> 63n === 1n, expField: Number((b >> 52n) & 0x7ffn), mant: b & ((1n << 52n) - 1n) };
}

function bits32(x: number): Bits {
  f32[0] = x;
  const b = u32[0]!;
  return { neg: b >>> 31 === 1, expField: (b >>> 23) & 0xff, mant: BigInt(b & 0x7fffff) };
}

/** Exact decimal expansion of a finite, non-negative float64. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const { expField, mant: m } = bits64(x);
  let mant = m;
  let exp: number;
  if (expField === 0) exp = 1 - 1075;
  else {
    mant |= 1n << 52n;
    exp = expField - 1075;
  }
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  return trim(s, dp);
}

function trim(s: string, dp: number): Decimal {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  let start = 0;
  while (start < end && s.charCodeAt(start) === 48) {
    start++;
    dp--;
  }
  if (start === end) return { d: '', dp: 0 };
  return { d: s.slice(start, end), dp };
}

/** Rounds to nd digits, half to even on exact ties (Go's decimal.Round). */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const c = a.d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 53;
  if (!up) return trim(a.d.slice(0, nd), a.dp);
  let i = nd - 1;
  while (i >= 0 && a.d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  return { d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp };
}

/** Shortest decimal that reads back as x (float64) or as the float32 x. */
function shortestDecimal(x: number, bitSize: 32 | 64): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  let s: string;
  if (bitSize === 32) {
    s = '';
    for (let p = 1; p <= 9; p++) {
      s = x.toPrecision(p);
      if (Math.fround(Number(s)) === x) break;
    }
    s = Number(s).toExponential();
  } else {
    s = x.toExponential();
  }
  const e = s.indexOf('e');
  const mantissa = s.slice(0, e).replace('.', '');
  return trim(mantissa, Number(s.slice(e + 1)) + 1);
}

function fmtE(out: string, d: Decimal, prec: number, fmt: string): string {
  out += d.d.length ? d.d[0] : '0';
  if (prec > 0) {
    out += '.';
    const m = Math.min(d.d.length, prec + 1);
    let i = 1;
    if (i < m) {
      out += d.d.slice(1, m);
      i = m;
    }
    if (i <= prec) out += '0'.repeat(prec - i + 1);
  }
  out += fmt;
  let exp = d.d.length === 0 ? 0 : d.dp - 1;
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(out: string, d: Decimal, prec: number): string {
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    out += d.d.slice(0, m);
    if (m < d.dp) out += '0'.repeat(d.dp - m);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < d.d.length ? d.d[j] : '0';
    }
  }
  return out;
}

/** Mantissa and unbiased exponent with the implicit bit, as strconv computes them. */
function mantExp(b: Bits, bitSize: 32 | 64): { mant: bigint; exp: number } {
  const mantbits = bitSize === 64 ? 52 : 23;
  const bias = bitSize === 64 ? -1023 : -127;
  let exp = b.expField;
  let mant = b.mant;
  if (exp === 0) exp++;
  else mant |= 1n << BigInt(mantbits);
  return { mant, exp: exp + bias };
}

function fmtB(neg: boolean, mant: bigint, exp: number): string {
  return (neg ? '-' : '') + mant.toString() + 'p' + (exp >= 0 ? '+' : '-') + Math.abs(exp);
}

function fmtX(prec: number, fmt: 'x' | 'X', neg: boolean, m: bigint, e: number, mantbits: number): string {
  let mant = m;
  let exp = e;
  if (mant === 0n) exp = 0;
  mant <<= BigInt(60 - mantbits);
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  const mask = (1n << 64n) - 1n;
  let out = (neg ? '-' : '') + '0' + fmt + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & mask;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask;
    }
  }
  out += fmt === 'X' ? 'P' : 'p';
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? '0' + exp : String(exp));
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** strconv.FormatFloat(x, fmt, prec, bitSize). prec < 0 means the shortest representation. */
export function formatFloat(x: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64 = 64): string {
  const b = bitSize === 64 ? bits64(x) : bits32(x);
  if (b.expField === (bitSize === 64 ? 0x7ff : 0xff)) {
    if (b.mant !== 0n) return 'NaN';
    return b.neg ? '-Inf' : '+Inf';
  }
  if (fmt === 'b') {
    const { mant, exp } = mantExp(b, bitSize);
    return fmtB(b.neg, mant, exp - (bitSize === 64 ? 52 : 23));
  }
  if (fmt === 'x' || fmt === 'X') {
    const { mant, exp } = mantExp(b, bitSize);
    return fmtX(prec, fmt, b.neg, mant, exp, bitSize === 64 ? 52 : 23);
  }
  const abs = Math.abs(x);
  const sign = b.neg ? '-' : '';
  const shortest = prec < 0;
  let d: Decimal;
  let p = prec;
  if (shortest) {
    d = shortestDecimal(abs, bitSize);
    if (fmt === 'e' || fmt === 'E') p = Math.max(d.d.length - 1, 0);
    else if (fmt === 'f') p = Math.max(d.d.length - d.dp, 0);
    else p = d.d.length;
  } else {
    d = exactDecimal(abs);
    if (fmt === 'e' || fmt === 'E') d = roundDecimal(d, p + 1);
    else if (fmt === 'f') d = roundDecimal(d, d.dp + p);
    else {
      if (p === 0) p = 1;
      d = roundDecimal(d, p);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(sign, d, p, fmt);
    case 'f':
      return fmtF(sign, d, p);
    default: {
      const nd = d.d.length;
      let eprec = p;
      if (eprec > nd && nd >= d.dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (p > nd) p = nd;
        return fmtE(sign, d, p - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (p > d.dp) p = nd;
      return fmtF(sign, d, Math.max(p - d.dp, 0));
    }
  }
}

/** fmt's %v of a float64 (strconv 'g', shortest): fast path for the common case. */
export function formatFloat64(x: number): string {
  // Where Go prints no exponent (1e-4 <= |x| < 1e6), JavaScript prints the same shortest digits.
  const abs = Math.abs(x);
  if ((abs >= 1e-4 && abs < 1e6) || (x === 0 && !Object.is(x, -0))) return String(x);
  return formatFloat(x, 'g', -1, 64);
}
