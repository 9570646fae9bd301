// Sprig's type conversions: atoi (strconv.Atoi), int/int64/float64 (spf13/cast, failures give
// 0) and toDecimal (octal text to int64).
import type { FuncMap } from '../../../../gotemplate/value.js';
import { atoi, int64, parseGoInt, toFloat64, toInt, toInt64 } from './cast.js';
import { sprintV } from './format.js';

export function conversionFuncs(): FuncMap {
  const I = 'interface {}' as const;
  return {
    atoi: { params: ['string'], fn: (s) => atoi(typeof s === 'string' ? s : '') },
    int: { params: [I], fn: (v) => toInt(v ?? null) },
    int64: { params: [I], fn: (v) => int64(toInt64(v ?? null)) },
    float64: { params: [I], fn: (v) => toFloat64(v ?? null) },
    // toDecimal "0777" -> 511: the value printed with %v, parsed as base 8.
    toDecimal: { params: [I], fn: (v) => int64(parseGoInt(sprintV(v ?? null), 8) ?? 0n) },
  };
}
