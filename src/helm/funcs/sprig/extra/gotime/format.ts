// Go's Time.Format: renders broken-down time fields through a reference-time layout.
import { LONG_DAYS, LONG_MONTHS, SHORT_DAYS, SHORT_MONTHS } from './civil.js';
import { type Std, isISO8601TZ, nextStdChunk } from './layout.js';

/** The fields of a time as seen in its location. */
export interface Fields {
  year: number;
  month: number; // 1..12
  day: number;
  yday: number; // 1..366
  weekday: number; // Sunday = 0
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  zoneName: string;
  /** Seconds east of UTC. */
  offset: number;
}

/** Go's appendInt: decimal with a minimum width, zero padded; the sign comes first. */
function pad(n: number, width: number): string {
  const neg = n < 0;
  const s = Math.abs(n).toString().padStart(width, '0');
  return neg ? '-' + s : s;
}

function formatNano(nanosec: number, std: Std): string {
  const digits = std.digits ?? 0;
  const trim = std.kind === 'FracSecond9';
  if (trim && (digits === 0 || nanosec === 0)) return '';
  let frac = pad(nanosec, 9);
  if (digits < 9) frac = frac.slice(0, digits);
  if (trim) frac = frac.replace(/0+$/, '');
  if (trim && frac === '') return '';
  return (std.sep ?? '.') + frac;
}

function formatZone(std: Std, offset: number, zoneName: string): string {
  const kind = std.kind;
  if (kind === 'TZ') {
    if (zoneName !== '') return zoneName;
    let zone = Math.trunc(offset / 60);
    const sign = zone < 0 ? '-' : '+';
    zone = Math.abs(zone);
    return sign + pad(Math.trunc(zone / 60), 2) + pad(zone % 60, 2);
  }
  if (offset === 0 && isISO8601TZ(kind)) return 'Z';
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    abs = -abs;
  }
  out += pad(Math.trunc(zone / 60), 2);
  const colon = kind === 'ISO8601ColonTZ' || kind === 'NumColonTZ' || kind === 'ISO8601ColonSecondsTZ' || kind === 'NumColonSecondsTZ';
  if (colon) out += ':';
  if (kind !== 'NumShortTZ' && kind !== 'ISO8601ShortTZ') out += pad(zone % 60, 2);
  if (kind === 'ISO8601SecondsTZ' || kind === 'NumSecondsTZ' || kind === 'NumColonSecondsTZ' || kind === 'ISO8601ColonSecondsTZ') {
    if (kind === 'NumColonSecondsTZ' || kind === 'ISO8601ColonSecondsTZ') out += ':';
    out += pad(abs % 60, 2);
  }
  return out;
}

export function formatFields(f: Fields, layout: string): string {
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const { prefix, std, suffix } = nextStdChunk(rest);
    out += prefix;
    if (!std) break;
    rest = suffix;
    switch (std.kind) {
      case 'Year':
        out += pad(Math.abs(f.year % 100), 2);
        break;
      case 'LongYear':
        out += pad(f.year, 4);
        break;
      case 'Month':
        out += SHORT_MONTHS[f.month - 1];
        break;
      case 'LongMonth':
        out += LONG_MONTHS[f.month - 1];
        break;
      case 'NumMonth':
        out += f.month;
        break;
      case 'ZeroMonth':
        out += pad(f.month, 2);
        break;
      case 'WeekDay':
        out += SHORT_DAYS[f.weekday];
        break;
      case 'LongWeekDay':
        out += LONG_DAYS[f.weekday];
        break;
      case 'Day':
        out += f.day;
        break;
      case 'UnderDay':
        out += (f.day < 10 ? ' ' : '') + f.day;
        break;
      case 'ZeroDay':
        out += pad(f.day, 2);
        break;
      case 'UnderYearDay':
        out += (f.yday < 100 ? ' ' : '') + (f.yday < 10 ? ' ' : '') + f.yday;
        break;
      case 'ZeroYearDay':
        out += pad(f.yday, 3);
        break;
      case 'Hour':
        out += pad(f.hour, 2);
        break;
      case 'Hour12':
      case 'ZeroHour12': {
        const hr = f.hour % 12 === 0 ? 12 : f.hour % 12;
        out += std.kind === 'Hour12' ? String(hr) : pad(hr, 2);
        break;
      }
      case 'Minute':
        out += f.minute;
        break;
      case 'ZeroMinute':
        out += pad(f.minute, 2);
        break;
      case 'Second':
        out += f.second;
        break;
      case 'ZeroSecond':
        out += pad(f.second, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'FracSecond0':
      case 'FracSecond9':
        out += formatNano(f.nanosecond, std);
        break;
      default:
        out += formatZone(std, f.offset, f.zoneName);
    }
  }
  return out;
}
