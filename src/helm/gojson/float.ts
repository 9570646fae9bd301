// Go's strconv.FormatFloat for the shortest representation (precision -1), in the 'e', 'f' and
// 'g' formats, for float64 and float32. JavaScript's own number-to-string already picks the
// shortest round-tripping digits for float64; float32 needs its own search.

export type FloatBits = 32 | 64;

interface Digits {
  /** Significant decimal digits, no leading/trailing zeros ("0" for zero). */
  d: string;
  /** Decimal point position: value = 0.d × 10^dp. */
  dp: number;
  neg: boolean;
}

function shortestDigits(v: number, bits: FloatBits): Digits {
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  if (a === 0) return { d: '0', dp: 1, neg };
  let exp: string;
  if (bits === 64) {
    exp = a.toExponential();
  } else {
    const f = Math.fround(a);
    exp = f.toExponential(8);
    for (let p = 0; p <= 8; p++) {
      const s = f.toExponential(p);
      if (Math.fround(Number(s)) === f) {
        exp = s;
        break;
      }
    }
  }
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp)!;
  const d = (m[1]! + (m[2] ?? '')).replace(/0+$/, '') || '0';
  return { d, dp: Number(m[3]) + 1, neg };
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

function fmtE(x: Digits): string {
  let s = x.d[0]!;
  if (x.d.length > 1) s += '.' + x.d.slice(1);
  const e = x.d === '0' ? 0 : x.dp - 1;
  const ae = Math.abs(e);
  s += 'e' + (e < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae;
  return (x.neg ? '-' : '') + s;
}

function fmtF(x: Digits): string {
  let s: string;
  if (x.dp <= 0) s = '0.' + '0'.repeat(-x.dp) + x.d;
  else if (x.dp >= x.d.length) s = x.d + '0'.repeat(x.dp - x.d.length);
  else s = x.d.slice(0, x.dp) + '.' + x.d.slice(x.dp);
  return (x.neg ? '-' : '') + s;
}

/** strconv.FormatFloat(v, 'e', -1, bits) */
export function formatFloatE(v: number, bits: FloatBits = 64): string {
  return special(v) ?? fmtE(shortestDigits(v, bits));
}

/** strconv.FormatFloat(v, 'f', -1, bits) */
export function formatFloatF(v: number, bits: FloatBits = 64): string {
  return special(v) ?? fmtF(shortestDigits(v, bits));
}

/** strconv.FormatFloat(v, 'g', -1, bits): %e when the decimal exponent is < -4 or >= 6. */
export function formatFloatG(v: number, bits: FloatBits = 64): string {
  const sp = special(v);
  if (sp) return sp;
  const x = shortestDigits(v, bits);
  // Shortest formatting decides between %e and %f with a precision of 6, as strconv does.
  const eprec = 6;
  const exp = x.dp - 1;
  if (x.d !== '0' && (exp < -4 || exp >= eprec)) return fmtE(x);
  return fmtF(x);
}

/** How encoding/json writes a float64 (or float32): 'f' in [1e-6, 1e21), else 'e' with e-7 not e-07. */
export function formatJsonFloat(v: number, bits: FloatBits = 64): string {
  const a = Math.abs(v);
  let useE = false;
  if (a !== 0) {
    const c = bits === 32 ? Math.fround(a) : a;
    useE = c < 1e-6 || c >= 1e21;
  }
  if (!useE) return formatFloatF(v, bits);
  return formatFloatE(v, bits).replace(/e([+-])0(\d)$/, 'e$1$2');
}
