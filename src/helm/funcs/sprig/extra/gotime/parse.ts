// Go's time.ParseInLocation: the same element rules, range checks, zone resolution and
// error texts ("parsing time "x" as "2006": cannot parse "x" as "2006"").
import { DAYS_BEFORE, LONG_DAYS, LONG_MONTHS, SHORT_DAYS, SHORT_MONTHS, daysIn, isLeap } from './civil.js';
import { type StdKind, nextStdChunk } from './layout.js';
import { type Location, UTC, fixedZone } from './location.js';
import { quote } from './quote.js';
import { GoTime, goDate } from './time.js';

export class ParseError extends Error {}

class Bad extends Error {}
const BAD = new Bad('bad value for field');

const isDigit = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';
const commaOrPeriod = (c: string | undefined): boolean => c === '.' || c === ',';

/** One or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw BAD;
  if (!isDigit(s, 1)) {
    if (fixed) throw BAD;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

/** One to three digits (exactly three when `fixed`). */
function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigit(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) throw BAD;
  return [n, s.slice(i)];
}

/** Case-insensitive (ASCII) prefix match against a table of names. */
function lookup(tab: string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      return [i, val.slice(v.length)];
    }
  }
  throw BAD;
}

/** Go's time.atoi: optional sign, decimal digits. */
function atoi(s: string): number {
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (!/^[0-9]+$/.test(s)) throw BAD;
  const x = Number(s);
  return neg ? -x : x;
}

function cutspace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return s.slice(i);
}

/** Removes the literal `prefix` from `value` (runs of spaces match runs of spaces). */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw BAD;
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw BAD;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseNanoseconds(value: string, nbytes: number): [number, string] {
  if (!commaOrPeriod(value[0])) throw BAD;
  if (nbytes > 10) nbytes = 10;
  let ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return [0, 'fractional second'];
  for (let i = 0; i < 10 - nbytes; i++) ns *= 10;
  return [ns, ''];
}

function leadingInt(s: string): [number, string] {
  let i = 0;
  let x = 0;
  for (; i < s.length && isDigit(s, i); i++) {
    x = x * 10 + (s.charCodeAt(i) - 48);
    if (x > Number.MAX_SAFE_INTEGER) throw BAD;
  }
  return [x, s.slice(i)];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  let x: number;
  let rem: string;
  try {
    [x, rem] = leadingInt(value.slice(1));
  } catch {
    return 0;
  }
  if (value.slice(1) === rem) return 0;
  if (x > 23) return 0;
  return value.length - rem.length;
}

/** Length of a time zone abbreviation at the start of `value`, if it looks like one. */
function parseTimeZone(value: string): number | undefined {
  if (value.length < 3) return undefined;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const rest = value.slice(3);
    return rest.length === 0 ? 3 : 3 + parseSignedOffset(rest);
  }
  if (value[0] === '+' || value[0] === '-') {
    const n = parseSignedOffset(value);
    return n > 0 ? n : undefined;
  }
  let nUpper = 0;
  for (; nUpper < 6 && nUpper < value.length; nUpper++) {
    const c = value[nUpper]!;
    if (c < 'A' || c > 'Z') break;
  }
  switch (nUpper) {
    case 5:
      return value[4] === 'T' ? 5 : undefined;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : undefined;
    case 3:
      return 3;
    default:
      return undefined;
  }
}

const TZ_KINDS: StdKind[] = [
  'ISO8601TZ', 'ISO8601ShortTZ', 'ISO8601ColonTZ', 'ISO8601SecondsTZ', 'ISO8601ColonSecondsTZ',
  'NumTZ', 'NumShortTZ', 'NumColonTZ', 'NumSecondsTZ', 'NumColonSecondsTZ',
];

/** Go's time.ParseInLocation(layout, value, loc); `local` is Go's time.Local. */
export function parseInLocation(layout: string, value: string, loc: Location, local: Location = loc): GoTime {
  const alayout = layout;
  const avalue = value;
  const fail = (layoutElem: string, valueElem: string, message: string): ParseError =>
    new ParseError(
      message === ''
        ? `parsing time ${quote(avalue)} as ${quote(alayout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`
        : `parsing time ${quote(avalue)}${message}`,
    );

  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';

  for (;;) {
    const { prefix, std, suffix } = nextStdChunk(layout);
    const stdstr = layout.slice(prefix.length, layout.length - suffix.length);
    try {
      value = skip(value, prefix);
    } catch {
      throw fail(prefix, value, '');
    }
    if (!std) {
      if (value.length !== 0) throw fail('', value, `: extra text: ${quote(value)}`);
      break;
    }
    layout = suffix;
    const hold = value;
    try {
      switch (std.kind) {
        case 'Year': {
          if (value.length < 2) throw BAD;
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = atoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case 'LongYear':
          if (value.length < 4 || !isDigit(value, 0)) throw BAD;
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'Month':
          [month, value] = lookup(SHORT_MONTHS, value);
          month++;
          break;
        case 'LongMonth':
          [month, value] = lookup(LONG_MONTHS, value);
          month++;
          break;
        case 'NumMonth':
        case 'ZeroMonth':
          [month, value] = getnum(value, std.kind === 'ZeroMonth');
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case 'WeekDay':
          [, value] = lookup(SHORT_DAYS, value);
          break;
        case 'LongWeekDay':
          [, value] = lookup(LONG_DAYS, value);
          break;
        case 'Day':
        case 'UnderDay':
        case 'ZeroDay':
          if (std.kind === 'UnderDay' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, std.kind === 'ZeroDay');
          break;
        case 'UnderYearDay':
        case 'ZeroYearDay':
          for (let i = 0; i < 2; i++) if (std.kind === 'UnderYearDay' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, std.kind === 'ZeroYearDay');
          break;
        case 'Hour':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = 'hour';
          break;
        case 'Hour12':
        case 'ZeroHour12':
          [hour, value] = getnum(value, std.kind === 'ZeroHour12');
          if (hour < 0 || hour > 12) rangeErr = 'hour';
          break;
        case 'Minute':
        case 'ZeroMinute':
          [min, value] = getnum(value, std.kind === 'ZeroMinute');
          if (min < 0 || min >= 60) rangeErr = 'minute';
          break;
        case 'Second':
        case 'ZeroSecond': {
          [sec, value] = getnum(value, std.kind === 'ZeroSecond');
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second';
            break;
          }
          // A fractional second in the value but not in the layout is accepted.
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigit(value, 1)) {
            const next = nextStdChunk(layout).std;
            if (next && (next.kind === 'FracSecond0' || next.kind === 'FracSecond9')) break;
            let n = 2;
            while (n < value.length && isDigit(value, n)) n++;
            [nsec, rangeErr] = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw BAD;
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [am, pm] = std.kind === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw BAD;
          break;
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === undefined) throw BAD;
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'FracSecond0': {
          const ndigit = 1 + (std.digits ?? 0);
          if (value.length < ndigit) throw BAD;
          [nsec, rangeErr] = parseNanoseconds(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case 'FracSecond9': {
          if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigit(value, 1)) break;
          let i = 0;
          while (i + 1 < value.length && isDigit(value, i + 1)) i++;
          [nsec, rangeErr] = parseNanoseconds(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
        default: {
          if (!TZ_KINDS.includes(std.kind)) throw BAD;
          if (std.kind.startsWith('ISO8601') && value[0] === 'Z') {
            value = value.slice(1);
            z = UTC;
            break;
          }
          let sign: string;
          let hh: string;
          let mm: string;
          let ss = '00';
          const k = std.kind;
          if (k === 'ISO8601ColonTZ' || k === 'NumColonTZ') {
            if (value.length < 6 || value[3] !== ':') throw BAD;
            [sign, hh, mm, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(6)];
          } else if (k === 'NumShortTZ' || k === 'ISO8601ShortTZ') {
            if (value.length < 3) throw BAD;
            [sign, hh, mm, value] = [value.slice(0, 1), value.slice(1, 3), '00', value.slice(3)];
          } else if (k === 'ISO8601ColonSecondsTZ' || k === 'NumColonSecondsTZ') {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw BAD;
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
          } else if (k === 'ISO8601SecondsTZ' || k === 'NumSecondsTZ') {
            if (value.length < 7) throw BAD;
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
          } else {
            if (value.length < 5) throw BAD;
            [sign, hh, mm, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5)];
          }
          const hr = getnum(hh, true)[0];
          const mi = getnum(mm, true)[0];
          const se = getnum(ss, true)[0];
          if (hr > 24) rangeErr = 'time zone offset hour';
          if (mi > 60) rangeErr = 'time zone offset minute';
          if (se > 60) rangeErr = 'time zone offset second';
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') throw BAD;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      if (rangeErr !== '') throw fail(stdstr, value, `: ${rangeErr} out of range`);
      throw fail(stdstr, hold, '');
    }
    if (rangeErr !== '') throw fail(stdstr, value, `: ${rangeErr} out of range`);
  }

  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) throw fail('', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m]! < yday) m++;
      d = yday - DAYS_BEFORE[m - 1]!;
    }
    if (month >= 0 && month !== m) throw fail('', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw fail('', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw fail('', value, ': day out of range');

  if (z) return goDate(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const utc = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const unix = utc.sec - zoneOffset;
    const zone = local.lookup(unix);
    if (zone.offset === zoneOffset && (zoneName === '' || zone.name === zoneName)) return new GoTime(unix, utc.nsec, local);
    return new GoTime(unix, utc.nsec, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const utc = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const offset = local.lookupName(zoneName, utc.sec);
    if (offset !== undefined) return new GoTime(utc.sec - offset, utc.nsec, local);
    let fake = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) fake = atoi(zoneName.slice(3)) * 3600;
    return new GoTime(utc.sec, utc.nsec, fixedZone(zoneName, fake));
  }
  return goDate(year, month, day, hour, min, sec, nsec, loc);
}
