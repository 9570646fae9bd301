// BurntSushi's internal.LocalDatetime, LocalDate and LocalTime: local date-times, dates and
// times decode to time.Time values in fixed zones named datetime-local, date-local and
// time-local, whose offset is time.Local's when the process started. One set per offset, so
// that toToml can recognise them by identity as BurntSushi's encoder does.
import { fixedZone, type Location } from '../funcs/sprig/extra/gotime/location.js';

export type LocalKind = 'datetime' | 'date' | 'time';

export type LocalZones = Record<LocalKind, Location>;

// Keyed by the offset alone, and the zones are a function of it: entries made while the
// start-up snapshot was built stay right in every process (the offset itself is read per
// process, by fromToml's caller), so they need no reset.
const zonesByOffset = new Map<number, LocalZones>();
const localKinds = new Map<Location, LocalKind>();

/** The local zones for time.Local's start-up offset (seconds east of UTC). */
export function localZones(offset: number): LocalZones {
  let zones = zonesByOffset.get(offset);
  if (!zones) {
    zones = { datetime: fixedZone('datetime-local', offset), date: fixedZone('date-local', offset), time: fixedZone('time-local', offset) };
    zonesByOffset.set(offset, zones);
    for (const kind of ['datetime', 'date', 'time'] as const) localKinds.set(zones[kind], kind);
  }
  return zones;
}

/** Which of the decoder's local zones `loc` is, if it is one. */
export function localKind(loc: Location): LocalKind | undefined {
  return localKinds.get(loc);
}
