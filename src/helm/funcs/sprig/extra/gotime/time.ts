// Go's time.Time in the template value model: a GoStruct (goType 'time.Time') holding Unix
// seconds, nanoseconds, a Location and, for times read from the clock, a monotonic reading.
// Its methods are the ones templates call on times (String, Format, Unix, ...).
import { GoFuncError, GoNumber, GoStruct, type GoValue, typeOf } from '../../../../../gotemplate/value.js';
import { SECONDS_PER_DAY, civilFromDays, daysFromCivil, floorDiv, floorMod, weekdayFromDays } from './civil.js';
import { type Fields, formatFields } from './format.js';
import { Location, UTC } from './location.js';

/** Unix seconds of Go's zero time, January 1, year 1, 00:00:00 UTC. */
export const ZERO_UNIX = -62135596800;

export class GoTime extends GoStruct {
  readonly goType = 'time.Time';

  /** Parameter types of the methods templates may call with arguments. */
  static readonly goMethods = {
    Format: { params: ['string'] },
    Before: { params: ['time.Time'] },
    After: { params: ['time.Time'] },
    Equal: { params: ['time.Time'] },
  } as const;

  constructor(
    /** Seconds since the Unix epoch. */
    readonly sec: number,
    /** Nanoseconds within the second, 0..999999999. */
    readonly nsec: number,
    readonly loc: Location = UTC,
    /** Monotonic clock reading in nanoseconds (only times from the clock have one). */
    readonly mono?: bigint,
  ) {
    super();
  }

  /** Go's time.Time{}. */
  static zero(): GoTime {
    return new GoTime(ZERO_UNIX, 0, UTC);
  }

  /** Go's time.Unix(sec, nsec) in `loc`. */
  static unix(sec: bigint, nsec: bigint, loc: Location): GoTime {
    const total = sec * 1_000_000_000n + nsec;
    const s = total / 1_000_000_000n - (total % 1_000_000_000n < 0n ? 1n : 0n);
    return new GoTime(Number(s), Number(total - s * 1_000_000_000n), loc);
  }

  Format(layout: GoValue): string {
    if (typeof layout !== 'string') throw new GoFuncError(`wrong type for value; expected string; got ${typeOf(layout)}`);
    return formatFields(timeFields(this), layout);
  }

  /** Go's Time.String, including the monotonic reading ("m=+0.001") when present. */
  String(): string {
    let s = this.Format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const neg = this.mono < 0n;
      const m = neg ? -this.mono : this.mono;
      const secs = m / 1_000_000_000n;
      s += ` m=${neg ? '-' : '+'}${secs}.${(m % 1_000_000_000n).toString().padStart(9, '0')}`;
    }
    return s;
  }

  override toString(): string {
    return this.String();
  }

  /** copystructure (Sprig's deepCopy) copies a time.Time as the same value. */
  copyStructure(): GoTime {
    return this;
  }

  /** Go's Time.MarshalJSON (RFC 3339 with nanoseconds), used by toJson and toYaml. */
  marshalGoJSON(): string {
    const year = timeFields(this).year;
    if (year < 0 || year > 9999) throw new Error('Time.MarshalJSON: year outside of range [0,9999]');
    // RFC 3339 offsets are hh:mm with hh at most 23; Go refuses rather than write a larger one.
    if (Math.abs(this.loc.lookup(this.sec).offset) >= 24 * 3600) throw new Error('Time.MarshalJSON: timezone hour outside of range [0,23]');
    return `"${this.Format('2006-01-02T15:04:05.999999999Z07:00')}"`;
  }

  /** Unix seconds as Go's int64. */
  Unix(): GoNumber {
    return new GoNumber('int64', BigInt(this.sec));
  }

  UnixMilli(): GoNumber {
    return new GoNumber('int64', BigInt(this.sec) * 1000n + BigInt(Math.floor(this.nsec / 1e6)));
  }

  UnixNano(): GoNumber {
    return new GoNumber('int64', BigInt.asIntN(64, BigInt(this.sec) * 1_000_000_000n + BigInt(this.nsec)));
  }

  /** Go's Time.In (drops the monotonic reading). */
  In(loc: GoValue | Location): GoTime {
    if (!(loc instanceof Location)) throw new GoFuncError(`wrong type for value; expected *time.Location; got ${typeOf(loc as GoValue)}`);
    return inLocation(this, loc);
  }

  UTC(): GoTime {
    return inLocation(this, UTC);
  }

  IsZero(): boolean {
    return this.sec === ZERO_UNIX && this.nsec === 0;
  }

  Year(): bigint {
    return BigInt(timeFields(this).year);
  }

  YearDay(): bigint {
    return BigInt(timeFields(this).yday);
  }

  Day(): bigint {
    return BigInt(timeFields(this).day);
  }

  Hour(): bigint {
    return BigInt(timeFields(this).hour);
  }

  Minute(): bigint {
    return BigInt(timeFields(this).minute);
  }

  Second(): bigint {
    return BigInt(timeFields(this).second);
  }

  Nanosecond(): bigint {
    return BigInt(this.nsec);
  }

  Before(u: GoValue): boolean {
    return u instanceof GoTime && unixNano(this) < unixNano(u);
  }

  After(u: GoValue): boolean {
    return u instanceof GoTime && unixNano(this) > unixNano(u);
  }

  Equal(u: GoValue): boolean {
    return u instanceof GoTime && unixNano(this) === unixNano(u);
  }
}

/** The broken-down fields of a time in its location. */
export function timeFields(t: GoTime): Fields {
  const zone = t.loc.lookup(t.sec);
  const local = t.sec + zone.offset;
  const days = floorDiv(local, SECONDS_PER_DAY);
  const secOfDay = floorMod(local, SECONDS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    weekday: weekdayFromDays(days),
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    nanosecond: t.nsec,
    zoneName: zone.name,
    offset: zone.offset,
  };
}

/** Nanoseconds since the Unix epoch, exact. */
export function unixNano(t: GoTime): bigint {
  return BigInt(t.sec) * 1_000_000_000n + BigInt(t.nsec);
}

/** Go's Time.Add (keeps the monotonic reading). */
export function addDuration(t: GoTime, d: bigint): GoTime {
  const r = GoTime.unix(0n, unixNano(t) + d, t.loc);
  return new GoTime(r.sec, r.nsec, t.loc, t.mono === undefined ? undefined : t.mono + d);
}

/** Go's Time.Sub: uses the monotonic readings when both times have one; saturates at int64. */
export function subTimes(t: GoTime, u: GoTime): bigint {
  const d = t.mono !== undefined && u.mono !== undefined ? t.mono - u.mono : unixNano(t) - unixNano(u);
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  return d > max ? max : d < min ? min : d;
}

/** Go's Time.In: the same instant in another location, without monotonic reading. */
export function inLocation(t: GoTime, loc: Location): GoTime {
  return new GoTime(t.sec, t.nsec, loc);
}

/**
 * Go's time.Date: normalises out-of-range fields, then finds the Unix time whose wall clock in
 * `loc` reads as given (Go's rule for times in a zone transition's gap or overlap).
 */
export function goDate(year: number, month: number, day: number, hour: number, min: number, sec: number, nsec: number, loc: Location): GoTime {
  // Normalise month into [1, 12], carrying into the year.
  let m = month - 1;
  year += floorDiv(m, 12);
  m = floorMod(m, 12);
  sec += floorDiv(nsec, 1e9);
  nsec = floorMod(nsec, 1e9);
  const days = daysFromCivil(year, m + 1, 1) + day - 1;
  let unix = days * SECONDS_PER_DAY + hour * 3600 + min * 60 + sec;
  const zone = loc.lookup(unix);
  let offset = zone.offset;
  if (offset !== 0) {
    const utc = unix - offset;
    if (utc < zone.start || utc >= zone.end) offset = loc.lookup(utc).offset;
    unix -= offset;
  }
  return new GoTime(unix, nsec, loc);
}
