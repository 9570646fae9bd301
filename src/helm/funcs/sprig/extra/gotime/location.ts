// Go's *time.Location: zones read from the system's TZif files (as Go's LoadLocation does on
// Linux, so names, offsets and abbreviations match Go exactly), fixed zones, UTC and Local.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onSnapshotRestore } from '../../../../../runtime/snapshot-restore.js';
import { DAYS_BEFORE, SECONDS_PER_DAY, civilFromDays, daysFromCivil, daysIn, floorDiv, isLeap } from './civil.js';

/** Bounds used by Go for "since forever" / "until forever". */
export const ALPHA = -Number.MAX_VALUE;
export const OMEGA = Number.MAX_VALUE;

interface Zone {
  name: string;
  offset: number;
  isDST: boolean;
}

interface Transition {
  when: number;
  index: number;
}

export interface ZoneLookup {
  name: string;
  /** Seconds east of UTC. */
  offset: number;
  /** Validity window of this zone, in Unix seconds. */
  start: number;
  end: number;
  isDST: boolean;
}

export class Location {
  constructor(
    readonly name: string,
    private readonly zones: Zone[] = [],
    private readonly tx: Transition[] = [],
    private readonly extend = '',
  ) {}

  toString(): string {
    return this.name;
  }

  /** The same zones under another name (Go renames the Local location). */
  withName(name: string): Location {
    return new Location(name, this.zones, this.tx, this.extend);
  }

  /** The zone in effect at Unix second `sec`. */
  lookup(sec: number): ZoneLookup {
    if (this.zones.length === 0) return { name: 'UTC', offset: 0, start: ALPHA, end: OMEGA, isDST: false };
    const tx = this.tx;
    if (tx.length === 0 || sec < tx[0]!.when) {
      const zone = this.zones[this.firstZone()]!;
      return { name: zone.name, offset: zone.offset, start: ALPHA, end: tx.length > 0 ? tx[0]!.when : OMEGA, isDST: zone.isDST };
    }
    let lo = 0;
    let hi = tx.length;
    let end = OMEGA;
    while (hi - lo > 1) {
      const m = (lo + hi) >>> 1;
      const lim = tx[m]!.when;
      if (sec < lim) {
        end = lim;
        hi = m;
      } else {
        lo = m;
      }
    }
    const zone = this.zones[tx[lo]!.index]!;
    const start = tx[lo]!.when;
    if (lo === tx.length - 1 && this.extend !== '') {
      const ext = tzset(this.extend, start, sec);
      if (ext) return ext;
    }
    return { name: zone.name, offset: zone.offset, start, end, isDST: zone.isDST };
  }

  /** Offset of the zone named `name` around Unix second `unix` (Go's lookupName), if any. */
  lookupName(name: string, unix: number): number | undefined {
    for (const zone of this.zones) {
      if (zone.name === name) {
        const found = this.lookup(unix - zone.offset);
        if (found.name === zone.name) return found.offset;
      }
    }
    for (const zone of this.zones) {
      if (zone.name === name) return zone.offset;
    }
    return undefined;
  }

  /** Go's lookupFirstZone: the zone used before the first transition. */
  private firstZone(): number {
    if (!this.tx.some((t) => t.index === 0)) return 0;
    if (this.tx.length > 0 && this.zones[this.tx[0]!.index]!.isDST) {
      for (let zi = this.tx[0]!.index - 1; zi >= 0; zi--) if (!this.zones[zi]!.isDST) return zi;
    }
    const std = this.zones.findIndex((z) => !z.isDST);
    return std >= 0 ? std : 0;
  }
}

export const UTC = new Location('UTC');

/** Go's time.FixedZone. */
export function fixedZone(name: string, offset: number): Location {
  return new Location(name, [{ name, offset, isDST: false }], [{ when: ALPHA, index: 0 }]);
}

/** Directories Go searches on Unix (platformZoneSources). */
export const ZONE_SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/'];

// Zone files read (or found missing) by this process: a process started from the start-up
// snapshot reads the files as they are now (tzdata may have been upgraded since the build).
const cache = new Map<string, Location | Error>();
onSnapshotRestore(() => cache.clear());

/**
 * Go's time.LoadLocation: "" and "UTC" are UTC, "Local" is `local`, anything else is read
 * from the TZif database. Throws Go's error texts.
 */
export function loadLocation(name: string, local: Location, sources: readonly string[] = ZONE_SOURCES): Location {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return local;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) {
    throw new Error('time: invalid location name');
  }
  const key = `${sources.join('\0')}\0${name}`;
  let loc = cache.get(key);
  if (!loc) {
    loc = readZone(name, sources);
    cache.set(key, loc);
  }
  if (loc instanceof Error) throw loc;
  return loc;
}

function readZone(name: string, sources: readonly string[]): Location | Error {
  for (const dir of sources) {
    let data: Buffer;
    try {
      data = readFileSync(dir === '' ? name : join(dir, name));
    } catch {
      continue;
    }
    const loc = parseTZif(name, data);
    if (loc) return loc;
  }
  return new Error(`unknown time zone ${name}`);
}

/**
 * Go's time.Local for a given TZ environment value (undefined = unset), following
 * initLocal: unset reads /etc/localtime, "" and "UTC" are UTC, ":name" and absolute paths work.
 */
export function localLocation(tz: string | undefined, sources: readonly string[] = ZONE_SOURCES): Location {
  if (tz === undefined) {
    const loc = readZone('localtime', ['/etc']);
    if (loc instanceof Location) return loc.withName('Local');
  } else if (tz !== '') {
    const name = tz.startsWith(':') ? tz.slice(1) : tz;
    if (name.startsWith('/')) {
      const loc = readZone(name, ['']);
      if (loc instanceof Location) return loc.withName(name === '/etc/localtime' ? 'Local' : name);
    } else if (name !== '' && name !== 'UTC') {
      const loc = readZone(name, sources);
      if (loc instanceof Location) return loc;
    }
  }
  return new Location('UTC');
}

/** Parses a TZif file (RFC 8536) the way Go's LoadLocationFromTZData does; undefined if malformed. */
export function parseTZif(name: string, data: Uint8Array): Location | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const need = (n: number): boolean => pos + n <= data.length;
  const header = (): number[] | undefined => {
    if (!need(44)) return undefined;
    if (String.fromCharCode(...data.subarray(pos, pos + 4)) !== 'TZif') return undefined;
    pos += 20;
    const counts: number[] = [];
    for (let i = 0; i < 6; i++) {
      counts.push(view.getUint32(pos));
      pos += 4;
    }
    return counts;
  };
  const version = data[4] ?? 0;
  let counts = header();
  if (!counts) return undefined;
  let size = 4;
  const v1Size = (c: number[]): number => c[3]! * 4 + c[3]! + c[4]! * 6 + c[5]! + c[2]! * 8 + c[1]! + c[0]!;
  if (version >= 0x32) {
    pos += v1Size(counts);
    counts = header();
    if (!counts) return undefined;
    size = 8;
  }
  const [nUTCLocal, nStdWall, nLeap, nTime, nZone, nChar] = counts as [number, number, number, number, number, number];
  const total = nTime * size + nTime + nZone * 6 + nChar + nLeap * (size + 4) + nStdWall + nUTCLocal;
  if (!need(total) || nZone === 0) return undefined;
  const times: number[] = [];
  for (let i = 0; i < nTime; i++) {
    times.push(size === 8 ? Number(view.getBigInt64(pos)) : view.getInt32(pos));
    pos += size;
  }
  const indexes = Array.from(data.subarray(pos, pos + nTime));
  pos += nTime;
  const zoneData = data.subarray(pos, pos + nZone * 6);
  pos += nZone * 6;
  const abbrev = data.subarray(pos, pos + nChar);
  pos += nChar + nLeap * (size + 4) + nStdWall + nUTCLocal;
  let extend = '';
  const rest = data.subarray(pos);
  if (size === 8 && rest.length > 2 && rest[0] === 0x0a && rest[rest.length - 1] === 0x0a) {
    extend = Buffer.from(rest.subarray(1, rest.length - 1)).toString('latin1');
  }
  const zones: Zone[] = [];
  for (let i = 0; i < nZone; i++) {
    const z = new DataView(zoneData.buffer, zoneData.byteOffset + i * 6, 6);
    const ai = z.getUint8(5);
    if (ai >= abbrev.length) return undefined;
    let endAt = abbrev.indexOf(0, ai);
    if (endAt < 0) endAt = abbrev.length;
    zones.push({ offset: z.getInt32(0), isDST: z.getUint8(4) !== 0, name: Buffer.from(abbrev.subarray(ai, endAt)).toString('latin1') });
  }
  const tx: Transition[] = [];
  for (let i = 0; i < nTime; i++) {
    const index = indexes[i]!;
    if (index >= nZone) return undefined;
    tx.push({ when: times[i]!, index });
  }
  if (tx.length === 0) tx.push({ when: ALPHA, index: 0 });
  return new Location(name, zones, tx, extend);
}

// ---- POSIX TZ strings (the TZif footer), as Go's tzset evaluates them ----

interface Rule {
  kind: 'julian' | 'doy' | 'mwd';
  day: number;
  week: number;
  mon: number;
  /** Seconds after local midnight. */
  time: number;
}

function tzsetName(s: string): [string, string] | undefined {
  if (s === '') return undefined;
  if (s[0] !== '<') {
    let i = 0;
    while (i < s.length && !'0123456789,-+'.includes(s[i]!)) i++;
    if (i < 3) return undefined;
    return [s.slice(0, i), s.slice(i)];
  }
  const close = s.indexOf('>');
  if (close < 0) return undefined;
  return [s.slice(1, close), s.slice(close + 1)];
}

function tzsetNum(s: string, min: number, max: number): [number, string] | undefined {
  let i = 0;
  let n = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n > max) return undefined;
    i++;
  }
  if (i === 0 || n < min) return undefined;
  return [n, s.slice(i)];
}

function tzsetOffset(s: string): [number, string] | undefined {
  if (s === '') return undefined;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  const h = tzsetNum(s, 0, 24 * 7);
  if (!h) return undefined;
  let off = h[0] * 3600;
  s = h[1];
  if (s[0] === ':') {
    const m = tzsetNum(s.slice(1), 0, 59);
    if (!m) return undefined;
    off += m[0] * 60;
    s = m[1];
    if (s[0] === ':') {
      const sec = tzsetNum(s.slice(1), 0, 59);
      if (!sec) return undefined;
      off += sec[0];
      s = sec[1];
    }
  }
  return [neg ? -off : off, s];
}

function tzsetRule(s: string): [Rule, string] | undefined {
  let rule: Rule;
  if (s[0] === 'J') {
    const j = tzsetNum(s.slice(1), 1, 365);
    if (!j) return undefined;
    rule = { kind: 'julian', day: j[0], week: 0, mon: 0, time: 0 };
    s = j[1];
  } else if (s[0] === 'M') {
    const m = tzsetNum(s.slice(1), 1, 12);
    if (!m || m[1][0] !== '.') return undefined;
    const w = tzsetNum(m[1].slice(1), 1, 5);
    if (!w || w[1][0] !== '.') return undefined;
    const d = tzsetNum(w[1].slice(1), 0, 6);
    if (!d) return undefined;
    rule = { kind: 'mwd', day: d[0], week: w[0], mon: m[0], time: 0 };
    s = d[1];
  } else {
    const d = tzsetNum(s, 0, 365);
    if (!d) return undefined;
    rule = { kind: 'doy', day: d[0], week: 0, mon: 0, time: 0 };
    s = d[1];
  }
  if (s === '' || s[0] !== '/') {
    rule.time = 2 * 3600;
    return [rule, s];
  }
  const off = tzsetOffset(s.slice(1));
  if (!off) return undefined;
  rule.time = off[0];
  return [rule, off[1]];
}

/** Seconds since the start of `year` (UTC) at which `rule` fires, for a zone at offset `off`. */
function tzruleTime(year: number, r: Rule, off: number): number {
  let s: number;
  if (r.kind === 'julian') {
    s = (r.day - 1) * SECONDS_PER_DAY;
    if (isLeap(year) && r.day >= 60) s += SECONDS_PER_DAY;
  } else if (r.kind === 'doy') {
    s = r.day * SECONDS_PER_DAY;
  } else {
    // Day of week of the first day of the month, then the requested week.
    const firstDow = (daysFromCivil(year, r.mon, 1) + 4) % 7;
    const dow = firstDow < 0 ? firstDow + 7 : firstDow;
    let d = r.day - dow;
    if (d < 0) d += 7;
    for (let i = 1; i < r.week; i++) {
      if (d + 7 >= daysIn(r.mon, year)) break;
      d += 7;
    }
    d += DAYS_BEFORE[r.mon - 1]!;
    if (isLeap(year) && r.mon > 2) d++;
    s = d * SECONDS_PER_DAY;
  }
  return s + r.time - off;
}

function tzset(spec: string, lastTxSec: number, sec: number): ZoneLookup | undefined {
  const std = tzsetName(spec);
  if (!std) return undefined;
  let stdName = std[0];
  const stdOff = tzsetOffset(std[1]);
  if (!stdOff) return undefined;
  let stdOffset = -stdOff[0];
  let s = stdOff[1];
  if (s === '' || s[0] === ',') return { name: stdName, offset: stdOffset, start: lastTxSec, end: OMEGA, isDST: false };
  const dst = tzsetName(s);
  if (!dst) return undefined;
  let dstName = dst[0];
  s = dst[1];
  let dstOffset: number;
  if (s === '' || s[0] === ',') {
    dstOffset = stdOffset + 3600;
  } else {
    const off = tzsetOffset(s);
    if (!off) return undefined;
    dstOffset = -off[0];
    s = off[1];
  }
  if (s === '') s = ',M3.2.0,M11.1.0';
  if (s[0] !== ',' && s[0] !== ';') return undefined;
  const startRule = tzsetRule(s.slice(1));
  if (!startRule || startRule[1][0] !== ',') return undefined;
  const endRule = tzsetRule(startRule[1].slice(1));
  if (!endRule || endRule[1] !== '') return undefined;

  const days = floorDiv(sec, SECONDS_PER_DAY);
  const year = civilFromDays(days).year;
  const yearStart = daysFromCivil(year, 1, 1) * SECONDS_PER_DAY;
  const ysec = sec - yearStart;
  let startSec = tzruleTime(year, startRule[0], stdOffset);
  let endSec = tzruleTime(year, endRule[0], dstOffset);
  let dstIsDST = true;
  let stdIsDST = false;
  if (endSec < startSec) {
    [startSec, endSec] = [endSec, startSec];
    [stdName, dstName] = [dstName, stdName];
    [stdOffset, dstOffset] = [dstOffset, stdOffset];
    [stdIsDST, dstIsDST] = [dstIsDST, stdIsDST];
  }
  if (ysec < startSec) return { name: stdName, offset: stdOffset, start: yearStart, end: startSec + yearStart, isDST: stdIsDST };
  if (ysec >= endSec) return { name: stdName, offset: stdOffset, start: endSec + yearStart, end: yearStart + 365 * SECONDS_PER_DAY, isDST: stdIsDST };
  return { name: dstName, offset: dstOffset, start: startSec + yearStart, end: endSec + yearStart, isDST: dstIsDST };
}
