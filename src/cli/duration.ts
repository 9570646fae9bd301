// Go `time.Duration` in text form: flux's `--timeout 5m0s` flag is parsed by Go's
// time.ParseDuration and printed by Duration.String, so we follow both exactly.

import { goQuote } from './go-quote.js';

const NS_PER: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export class DurationError extends Error {}

/**
 * Parses a Go duration string ("5m0s", "1.5h", "300ms", "-2s", "0") into milliseconds.
 * Errors carry Go's exact text, e.g. `time: invalid duration "abc"`.
 */
export function parseGoDuration(input: string): number {
  const orig = input;
  let s = input;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new DurationError(`time: invalid duration ${goQuote(orig)}`);
  let totalNs = 0;
  while (s !== '') {
    const num = /^([0-9]*)(\.([0-9]*))?/.exec(s);
    const intPart = num?.[1] ?? '';
    const fracPart = num?.[3];
    if (intPart === '' && (fracPart === undefined || fracPart === '')) {
      throw new DurationError(`time: invalid duration ${goQuote(orig)}`);
    }
    s = s.slice(num?.[0].length ?? 0);
    const unitMatch = /^[^0-9.]*/.exec(s);
    const unit = unitMatch?.[0] ?? '';
    if (unit === '') throw new DurationError(`time: missing unit in duration ${goQuote(orig)}`);
    const scale = NS_PER[unit];
    if (scale === undefined) throw new DurationError(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}`);
    s = s.slice(unit.length);
    const value = Number(`${intPart === '' ? '0' : intPart}.${fracPart ?? '0'}`);
    totalNs += value * scale;
    if (totalNs > 9223372036854775807) throw new DurationError(`time: invalid duration ${goQuote(orig)}`);
  }
  const ms = totalNs / 1e6;
  return neg ? -ms : ms;
}

/** Go Duration.String for a duration given in milliseconds: 300000 → "5m0s", 1500 → "1.5s". */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  if (neg) ns = -ns;
  const sign = neg ? '-' : '';
  const frac = (value: number, digits: number): string => {
    // value has `digits` implied decimals; trailing zeros dropped as Go's fmtFrac does.
    const whole = Math.floor(value / 10 ** digits);
    let rest = String(value % 10 ** digits).padStart(digits, '0').replace(/0+$/, '');
    return rest === '' ? String(whole) : `${whole}.${rest}`;
  };
  if (ns < 1e9) {
    if (ns < 1e3) return `${sign}${ns}ns`;
    if (ns < 1e6) return `${sign}${frac(ns, 3)}µs`;
    return `${sign}${frac(ns, 6)}ms`;
  }
  const h = Math.floor(ns / 3600e9);
  ns -= h * 3600e9;
  const m = Math.floor(ns / 60e9);
  ns -= m * 60e9;
  const secs = frac(ns, 9);
  if (h > 0) return `${sign}${h}h${m}m${secs}s`;
  if (m > 0) return `${sign}${m}m${secs}s`;
  return `${sign}${secs}s`;
}
