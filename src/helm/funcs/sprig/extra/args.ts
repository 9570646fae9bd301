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

/** Go's reflect assignability error; a nil interface value reads "interface {}" as in the executor. */
export function wrongType(expected: string, v: GoValue): GoFuncError {
  const got = v === null || v === undefined ? 'interface {}' : typeOf(v);
  return new GoFuncError(`wrong type for value; expected ${expected}; got ${got}`);
}

/** Go's int64 as the value model holds it (GoNumber 'int64'). */
export function int64Of(v: GoValue): bigint | undefined {
  return v instanceof GoNumber && v.kind === 'int64' && typeof v.value === 'bigint' ? v.value : undefined;
}

