// The slice of shopspring/decimal that Sprig's float functions (addf, subf, mulf, divf) use:
// each float64 becomes its shortest exact decimal, the arithmetic is exact (division keeps
// 16 fractional digits, rounding half away from zero), and the result is read back as the
// nearest float64.

/** value = coef × 10^exp */
interface Dec {
  coef: bigint;
  exp: number;
}

const DIVISION_PRECISION = 16;

export function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  // JavaScript's shortest round-trip digits are the ones strconv.FormatFloat(f, 'f', -1) gives.
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '').replace('-', '');
  const fracLen = mant.includes('.') ? mant.split('.')[1]!.length : 0;
  const coef = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { coef, exp: Number(e) - fracLen };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.coef, b.coef, a.exp];
  if (a.exp < b.exp) return [a.coef, b.coef * 10n ** BigInt(b.exp - a.exp), a.exp];
  return [a.coef * 10n ** BigInt(a.exp - b.exp), b.coef, b.exp];
}

export function decAdd(a: Dec, b: Dec): Dec {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

export function decSub(a: Dec, b: Dec): Dec {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

export function decMul(a: Dec, b: Dec): Dec {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

/** a / b rounded to DIVISION_PRECISION fractional digits, half away from zero. */
export function decDiv(a: Dec, b: Dec): Dec {
  if (b.coef === 0n) throw new Error('decimal division by 0');
  // q = a/b × 10^P computed as an integer: (a.coef × 10^(a.exp - b.exp + P)) / b.coef
  const shift = a.exp - b.exp + DIVISION_PRECISION;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const neg = num < 0n !== den < 0n;
  const an = num < 0n ? -num : num;
  const ad = den < 0n ? -den : den;
  let q = an / ad;
  const r = an % ad;
  if (r * 2n >= ad) q += 1n;
  return { coef: neg ? -q : q, exp: -DIVISION_PRECISION };
}

/** The float64 nearest to the decimal (JavaScript's number parsing rounds correctly). */
export function decToFloat(d: Dec): number {
  return Number(`${d.coef}e${d.exp}`);
}
