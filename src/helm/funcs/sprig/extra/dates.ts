// Sprig's date functions (date.go) on Go time values: layouts, zones and durations as Go has them.
import { GoFuncError, GoNumber, type FuncMap, type GoValue } from '../../../../gotemplate/value.js';
import { int64Of, str, wrongType } from './args.js';
import { HOUR, MINUTE, SECOND, formatDuration, parseDuration, roundDuration } from './gotime/duration.js';
import { type Location, UTC, loadLocation } from './gotime/location.js';
import { parseInLocation } from './gotime/parse.js';
import { GoTime, addDuration, inLocation, subTimes } from './gotime/time.js';
import type { ResolvedOptions } from './options.js';

const HTML_DATE = '2006-01-02';

/** A declared `time.Time` parameter (the executor checks it; direct callers get Go's message too). */
function timeArg(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  throw wrongType('time.Time', v);
}

/** Go's strconv.ParseInt(s, 10, 64) as Sprig uses it: errors ignored, out of range clamps. */
function parseInt64Lenient(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  return n > max ? max : n < min ? min : n;
}

export function dateFuncs(o: ResolvedOptions): FuncMap {
  const zone = (name: string): Location => {
    try {
      return loadLocation(name, o.local, o.zoneSources);
    } catch {
      return UTC;
    }
  };

  /** The time a date argument stands for: a time, or Unix seconds as int/int32/int64; anything else is now. */
  const toTime = (v: GoValue, kinds: readonly string[]): GoTime => {
    if (v instanceof GoTime) return v;
    if (typeof v === 'bigint') return GoTime.unix(BigInt.asIntN(64, v), 0n, o.local);
    if (v instanceof GoNumber && typeof v.value === 'bigint' && kinds.includes(v.kind)) return GoTime.unix(v.value, 0n, o.local);
    return o.now();
  };

  const dateInZone = (layout: GoValue, date: GoValue, zoneName: GoValue): string =>
    inLocation(toTime(date, ['int64', 'int32']), zone(str(zoneName))).Format(str(layout));

  const dateModify = (layout: GoValue, date: GoValue): GoTime => {
    const t = timeArg(date);
    try {
      return addDuration(t, parseDuration(str(layout)));
    } catch {
      return t;
    }
  };

  const mustDateModify = (layout: GoValue, date: GoValue): GoTime => {
    const t = timeArg(date);
    let d: bigint;
    try {
      d = parseDuration(str(layout));
    } catch (e) {
      throw new GoFuncError((e as Error).message);
    }
    return addDuration(t, d);
  };

  const mustToDate = (layout: GoValue, value: GoValue): GoTime => {
    try {
      return parseInLocation(str(layout), str(value), o.local);
    } catch (e) {
      throw new GoFuncError((e as Error).message);
    }
  };

  const durationRound = (v: GoValue): string => {
    let d = 0n;
    if (typeof v === 'string') {
      try {
        d = parseDuration(v);
      } catch {
        d = 0n;
      }
    } else if (int64Of(v) !== undefined) {
      d = int64Of(v)!;
    } else if (v instanceof GoTime) {
      d = subTimes(o.now(), v);
    }
    const u = d < 0n ? -d : d;
    const day = 24n * HOUR;
    const units: [bigint, string][] = [
      [365n * day, 'y'],
      [30n * day, 'mo'],
      [day, 'd'],
      [HOUR, 'h'],
      [MINUTE, 'm'],
      [SECOND, 's'],
    ];
    for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix}`;
    return '0s';
  };

  const any = 'interface {}' as const;
  const time = 'time.Time' as const;
  return {
    now: { params: [], fn: () => o.now() },
    ago: {
      params: [any],
      fn: (date) => formatDuration(roundDuration(subTimes(o.now(), toTime(date, ['int64'])), SECOND)),
    },
    date: { params: ['string', any], fn: (layout, date) => dateInZone(layout, date, 'Local') },
    date_in_zone: { params: ['string', any, 'string'], fn: dateInZone },
    dateInZone: { params: ['string', any, 'string'], fn: dateInZone },
    date_modify: { params: ['string', time], fn: dateModify },
    dateModify: { params: ['string', time], fn: dateModify },
    must_date_modify: { params: ['string', time], fn: mustDateModify },
    mustDateModify: { params: ['string', time], fn: mustDateModify },
    htmlDate: { params: [any], fn: (date) => dateInZone(HTML_DATE, date, 'Local') },
    htmlDateInZone: { params: [any, 'string'], fn: (date, z) => dateInZone(HTML_DATE, date, z) },
    duration: {
      params: [any],
      fn: (sec) => {
        let n = 0n;
        if (typeof sec === 'string') n = parseInt64Lenient(sec);
        else if (int64Of(sec) !== undefined) n = int64Of(sec)!;
        return formatDuration(BigInt.asIntN(64, n * SECOND));
      },
    },
    durationRound: { params: [any], fn: durationRound },
    toDate: {
      params: ['string', 'string'],
      fn: (layout, value) => {
        try {
          return parseInLocation(str(layout), str(value), o.local);
        } catch {
          return GoTime.zero();
        }
      },
    },
    mustToDate: { params: ['string', 'string'], fn: mustToDate },
    unixEpoch: { params: [time], fn: (date) => String(timeArg(date).sec) },
  };
}
