// pflag's typed flag values as Go parses them (strconv.ParseBool, ParseInt base 0, ParseFloat
// bitSize 32), with strconv's error texts, so a bad value fails as it does in helm:
// `invalid argument "x" for "--qps" flag: strconv.ParseFloat: parsing "x": invalid syntax`.

export class GoSyntaxError extends Error {}

const BOOLS: Record<string, boolean> = { '1': true, t: true, T: true, TRUE: true, true: true, True: true, '0': false, f: false, F: false, FALSE: false, false: false, False: false };

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  const v = BOOLS[s];
  if (v === undefined) throw new GoSyntaxError(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
  return v;
}

/** Go's underscoreOK: `_` only between digits, or between a base prefix and a digit. */
function underscoresOk(body: string): boolean {
  if (!body.includes('_')) return true;
  return !/(^_|_$|__|[^0-9a-fA-F_]_|_[^0-9a-fA-F_])/.test(body.replace(/^0[bBoOxX]/, '0'));
}

/** strconv.ParseInt(s, 0, 64) as pflag's IntVar uses it (Go's int is 64-bit here). */
export function parseGoInt(s: string): number {
  const syntax = (): GoSyntaxError => new GoSyntaxError(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (m === null || !underscoresOk(m[2]!)) throw syntax();
  let digits = m[2]!.replace(/_/g, '');
  let radix = 10;
  if (/^0[xX]/.test(digits)) [radix, digits] = [16, digits.slice(2)];
  else if (/^0[bB]/.test(digits)) [radix, digits] = [2, digits.slice(2)];
  else if (/^0[oO]/.test(digits)) [radix, digits] = [8, digits.slice(2)];
  else if (digits.length > 1 && digits.startsWith('0')) [radix, digits] = [8, digits.slice(1)];
  if (digits === '') throw syntax();
  let v = 0n;
  for (const c of digits.toLowerCase()) v = v * BigInt(radix) + BigInt(parseInt(c, radix));
  if (m[1] === '-') v = -v;
  if (v > 9223372036854775807n || v < -9223372036854775808n) throw new GoSyntaxError(`strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(v);
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** strconv.ParseFloat(s, 32): decimal or hex floats, inf/infinity/nan, `_` between digits. */
export function parseGoFloat32(s: string): number {
  const syntax = (): GoSyntaxError => new GoSyntaxError(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special !== null) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[+-]/, '');
  let value: number;
  const hex = /^0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(body);
  if (hex !== null) {
    const [int, frac] = [(hex[1] ?? '').replace(/_/g, ''), (hex[2] ?? '').replace(/_/g, '')];
    if (int + frac === '' || !underscoresOk(body)) throw syntax();
    value = parseInt(int + frac || '0', 16) * 2 ** (Number(hex[3]!.replace(/_/g, '')) - 4 * frac.length);
  } else {
    if (!/^(\d[\d_]*)?(\.[\d_]*)?([eE][+-]?[\d_]+)?$/.test(body) || !/\d/.test(body.replace(/[eE].*$/, '')) || !underscoresOk(body)) throw syntax();
    value = Number(body.replace(/_/g, ''));
    if (Number.isNaN(value)) throw syntax();
  }
  if (Math.abs(value) > FLOAT32_MAX && Math.fround(value) === Infinity * Math.sign(value)) {
    throw new GoSyntaxError(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return sign * Math.fround(value);
}
