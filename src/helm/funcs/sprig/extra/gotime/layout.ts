// Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"): splitting a layout into literal
// text and the standard elements Format and Parse understand (Go's nextStdChunk).

export type StdKind =
  | 'LongMonth' // January
  | 'Month' // Jan
  | 'NumMonth' // 1
  | 'ZeroMonth' // 01
  | 'LongWeekDay' // Monday
  | 'WeekDay' // Mon
  | 'Day' // 2
  | 'UnderDay' // _2
  | 'ZeroDay' // 02
  | 'UnderYearDay' // __2
  | 'ZeroYearDay' // 002
  | 'Hour' // 15
  | 'Hour12' // 3
  | 'ZeroHour12' // 03
  | 'Minute' // 4
  | 'ZeroMinute' // 04
  | 'Second' // 5
  | 'ZeroSecond' // 05
  | 'LongYear' // 2006
  | 'Year' // 06
  | 'PM' // PM
  | 'pm' // pm
  | 'TZ' // MST
  | 'ISO8601TZ' // Z0700
  | 'ISO8601SecondsTZ' // Z070000
  | 'ISO8601ShortTZ' // Z07
  | 'ISO8601ColonTZ' // Z07:00
  | 'ISO8601ColonSecondsTZ' // Z07:00:00
  | 'NumTZ' // -0700
  | 'NumSecondsTZ' // -070000
  | 'NumShortTZ' // -07
  | 'NumColonTZ' // -07:00
  | 'NumColonSecondsTZ' // -07:00:00
  | 'FracSecond0' // .000 (fixed digits)
  | 'FracSecond9'; // .999 (trailing zeros trimmed)

export interface Std {
  kind: StdKind;
  /** Digits of a fractional-second element. */
  digits?: number;
  /** '.' or ',' before a fractional second. */
  sep?: string;
}

export interface Chunk {
  prefix: string;
  std: Std | undefined;
  suffix: string;
}

const ZERO_X: StdKind[] = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'];

const startsWithLower = (s: string): boolean => s.length > 0 && s[0]! >= 'a' && s[0]! <= 'z';
const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Splits `layout` at its first standard element. */
export function nextStdChunk(layout: string): Chunk {
  const at = (i: number, kind: StdKind, len: number): Chunk => ({
    prefix: layout.slice(0, i),
    std: { kind },
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const rest = layout.slice(i);
    switch (c) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at(i, 'LongMonth', 7);
          if (!startsWithLower(layout.slice(i + 3))) return at(i, 'Month', 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at(i, 'LongWeekDay', 6);
          if (!startsWithLower(layout.slice(i + 3))) return at(i, 'WeekDay', 3);
        }
        if (rest.startsWith('MST')) return at(i, 'TZ', 3);
        break;
      case '0':
        if (layout.length >= i + 2 && layout[i + 1]! >= '1' && layout[i + 1]! <= '6') {
          return at(i, ZERO_X[layout.charCodeAt(i + 1) - 49]!, 2);
        }
        if (layout.length >= i + 3 && layout[i + 1] === '0' && layout[i + 2] === '2') return at(i, 'ZeroYearDay', 3);
        break;
      case '1':
        if (layout[i + 1] === '5') return at(i, 'Hour', 2);
        return at(i, 'NumMonth', 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, 'LongYear', 4);
        return at(i, 'Day', 1);
      case '_':
        if (layout[i + 1] === '2') {
          // "_2006" is a literal underscore followed by the long year.
          if (layout.slice(i + 1, i + 5) === '2006') {
            return { prefix: layout.slice(0, i + 1), std: { kind: 'LongYear' }, suffix: layout.slice(i + 5) };
          }
          return at(i, 'UnderDay', 2);
        }
        if (layout[i + 1] === '_' && layout[i + 2] === '2') return at(i, 'UnderYearDay', 3);
        break;
      case '3':
        return at(i, 'Hour12', 1);
      case '4':
        return at(i, 'Minute', 1);
      case '5':
        return at(i, 'Second', 1);
      case 'P':
        if (layout[i + 1] === 'M') return at(i, 'PM', 2);
        break;
      case 'p':
        if (layout[i + 1] === 'm') return at(i, 'pm', 2);
        break;
      case '-':
        if (rest.startsWith('-070000')) return at(i, 'NumSecondsTZ', 7);
        if (rest.startsWith('-07:00:00')) return at(i, 'NumColonSecondsTZ', 9);
        if (rest.startsWith('-0700')) return at(i, 'NumTZ', 5);
        if (rest.startsWith('-07:00')) return at(i, 'NumColonTZ', 6);
        if (rest.startsWith('-07')) return at(i, 'NumShortTZ', 3);
        break;
      case 'Z':
        if (rest.startsWith('Z070000')) return at(i, 'ISO8601SecondsTZ', 7);
        if (rest.startsWith('Z07:00:00')) return at(i, 'ISO8601ColonSecondsTZ', 9);
        if (rest.startsWith('Z0700')) return at(i, 'ISO8601TZ', 5);
        if (rest.startsWith('Z07:00')) return at(i, 'ISO8601ColonTZ', 6);
        if (rest.startsWith('Z07')) return at(i, 'ISO8601ShortTZ', 3);
        break;
      case '.':
      case ',':
        if (layout[i + 1] === '0' || layout[i + 1] === '9') {
          const ch = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          // Only a run of identical digits not followed by another digit is a fraction.
          if (!isDigitAt(layout, j)) {
            return {
              prefix: layout.slice(0, i),
              std: { kind: ch === '0' ? 'FracSecond0' : 'FracSecond9', digits: j - (i + 1), sep: c },
              suffix: layout.slice(j),
            };
          }
        }
        break;
    }
  }
  return { prefix: layout, std: undefined, suffix: '' };
}

export function isISO8601TZ(kind: StdKind): boolean {
  return kind.startsWith('ISO8601');
}
