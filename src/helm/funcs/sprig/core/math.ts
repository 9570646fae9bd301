// Sprig's arithmetic: integer functions convert every argument with cast.ToInt64 and return
// int64 (wrapping on overflow, panicking on division by zero); the *f functions work on
// float64 through exact decimals.
import { typedSlice, type FuncMap, type GoFunc, type GoValue } from '../../../../gotemplate/value.js';
import { int64, intArg, toFloat64, toInt64, wrapInt64 } from './cast.js';
import { decAdd, decDiv, decFromFloat, decMul, decSub, decToFloat } from './decimal.js';

function divide(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  // BigInt division truncates toward zero and the remainder takes the dividend's sign, as in Go.
  return wrapInt64(op === 'div' ? a / b : a % b);
}

/** untilStep: [start, stop) by step; a step pointing away from stop gives an empty list. */
export function untilStep(start: number, stop: number, step: number): bigint[] {
  const v: bigint[] = [];
  if (stop < start) {
    if (step >= 0) return typedSlice(v, '[]int');
    for (let i = start; i > stop; i += step) v.push(BigInt(i));
    return typedSlice(v, '[]int');
  }
  if (step <= 0) return typedSlice(v, '[]int');
  for (let i = start; i < stop; i += step) v.push(BigInt(i));
  return typedSlice(v, '[]int');
}

/** Sprig's seq, like the Unix command: 1..n, a..b, or a..b by step, as a space-separated string. */
export function seq(params: number[]): string {
  const join = (xs: bigint[]): string => xs.join(' ');
  switch (params.length) {
    case 1: {
      const end = params[0]!;
      const inc = end < 1 ? -1 : 1;
      return join(untilStep(1, end + inc, inc));
    }
    case 2: {
      const [start, end] = params as [number, number];
      const step = end < start ? -1 : 1;
      return join(untilStep(start, end + step, step));
    }
    case 3: {
      const [start, step, end] = params as [number, number, number];
      let inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return '';
      }
      return join(untilStep(start, end + inc, step));
    }
    default:
      return '';
  }
}

/** Sprig's round: half (or `roundOn`) rounds up toward +Inf on the fractional part. */
export function round(a: GoValue, places: number, roundOn = 0.5): number {
  const val = toFloat64(a);
  const pow = Math.pow(10, places);
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

/** math.Max / math.Min: NaN wins, and +0 is greater than -0. */
function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? b : a;
  return a > b ? a : b;
}

function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? a : b;
  return a < b ? a : b;
}

type DecOp = typeof decAdd;

function decimalOp(first: GoValue, rest: GoValue[], op: DecOp): number {
  let acc = decFromFloat(toFloat64(first));
  for (const x of rest) acc = op(acc, decFromFloat(toFloat64(x)));
  return decToFloat(acc);
}

export function mathFuncs(): FuncMap {
  const I = 'interface {}' as const;
  const maxF: GoFunc = {
    params: [I],
    variadic: I,
    fn: (a, ...xs) => int64(xs.reduce<bigint>((m, x) => (toInt64(x) > m ? toInt64(x) : m), toInt64(a))),
  };
  return {
    add1: { params: [I], fn: (a) => int64(toInt64(a) + 1n) },
    add: { params: [], variadic: I, fn: (...xs) => int64(xs.reduce<bigint>((s, x) => wrapInt64(s + toInt64(x)), 0n)) },
    sub: { params: [I, I], fn: (a, b) => int64(toInt64(a) - toInt64(b)) },
    div: { params: [I, I], fn: (a, b) => int64(divide(toInt64(a), toInt64(b), 'div')) },
    mod: { params: [I, I], fn: (a, b) => int64(divide(toInt64(a), toInt64(b), 'mod')) },
    mul: {
      params: [I],
      variadic: I,
      fn: (a, ...xs) => int64(xs.reduce<bigint>((p, x) => wrapInt64(p * toInt64(x)), toInt64(a))),
    },
    max: maxF,
    biggest: maxF,
    min: {
      params: [I],
      variadic: I,
      fn: (a, ...xs) => int64(xs.reduce<bigint>((m, x) => (toInt64(x) < m ? toInt64(x) : m), toInt64(a))),
    },
    maxf: { params: [I], variadic: I, fn: (a, ...xs) => xs.reduce<number>((m, x) => goMax(m, toFloat64(x)), toFloat64(a)) },
    minf: { params: [I], variadic: I, fn: (a, ...xs) => xs.reduce<number>((m, x) => goMin(m, toFloat64(x)), toFloat64(a)) },
    add1f: { params: [I], fn: (a) => decimalOp(a, [1n], decAdd) },
    addf: { params: [], variadic: I, fn: (...xs) => decimalOp(0, xs, decAdd) },
    subf: { params: [I], variadic: I, fn: (a, ...xs) => decimalOp(a, xs, decSub) },
    mulf: { params: [I], variadic: I, fn: (a, ...xs) => decimalOp(a, xs, decMul) },
    divf: { params: [I], variadic: I, fn: (a, ...xs) => decimalOp(a, xs, decDiv) },
    floor: { params: [I], fn: (a) => Math.floor(toFloat64(a)) },
    ceil: { params: [I], fn: (a) => Math.ceil(toFloat64(a)) },
    round: {
      params: [I, 'int'],
      variadic: 'float64',
      fn: (a, p, ...opt) => round(a, intArg(p), opt.length > 0 ? toFloat64(opt[0]!) : 0.5),
    },
    until: {
      params: ['int'],
      fn: (n) => {
        const count = intArg(n);
        return untilStep(0, count, count < 0 ? -1 : 1);
      },
    },
    untilStep: { params: ['int', 'int', 'int'], fn: (a, b, c) => untilStep(intArg(a), intArg(b), intArg(c)) },
    seq: { params: [], variadic: 'int', fn: (...ps) => seq(ps.map(intArg)) },
  };
}
