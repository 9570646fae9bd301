// Argument helpers shared by the function families: the executor has already converted
// arguments to the declared GoParamType; these narrow them for TypeScript and give Go's
// "wrong type" message for parameters our GoParamType cannot express (time.Time, structs).
import { GoFuncError, GoNumber, type GoValue, typeOf } from '../../../../gotemplate/value.js';

/** A declared `string` parameter. */
export function str(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  throw new GoFuncError(`wrong type for value; expected string; got ${typeOf(v)}`);
}

/** A declared `int` parameter (bigint in the value model; plain numbers accepted for direct calls). */
export function int(v: GoValue): number {
  if (typeof v === 'bigint') return Number(BigInt.asIntN(64, v));
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v instanceof GoNumber && typeof v.value === 'bigint') return Number(v.value);
  throw new GoFuncError(`wrong type for value; expected int; got ${typeOf(v)}`);
}

/** A declared `[]interface {}` parameter; nil is an empty slice. */
export function list(v: GoValue): GoValue[] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v;
  throw new GoFuncError(`wrong type for value; expected []interface {}; got ${typeOf(v)}`);
}

export function wrongType(expected: string, v: GoValue): GoFuncError {
  return new GoFuncError(`wrong type for value; expected ${expected}; got ${typeOf(v)}`);
}

/** Go's int64 as the value model holds it (GoNumber 'int64'). */
export function int64Of(v: GoValue): bigint | undefined {
  return v instanceof GoNumber && v.kind === 'int64' && typeof v.value === 'bigint' ? v.value : undefined;
}

/** Go's %v of a scalar used inside Sprig's own error texts (ints, strings, floats, bools). */
export function plainValue(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  if (v instanceof GoNumber) return String(v.value);
  if (typeof v === 'number') return formatFloat(v);
  return String(v);
}

/** Go's %v for a float64 (strconv 'g', shortest digits: exponent form below 1e-4 or from 1e+06). */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, e] = f.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return String(f);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
