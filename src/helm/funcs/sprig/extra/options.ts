// What the non-hermetic functions read from the outside world, injectable for tests.
import { ZONE_SOURCES, localLocation, type Location } from './gotime/location.js';
import { GoTime } from './gotime/time.js';
import { randomBytes } from 'node:crypto';

export interface ExtraFuncsOptions {
  /** The current time (default: the system clock, with a monotonic reading like Go's time.Now). */
  now?: () => GoTime;
  /**
   * The TZ environment value that decides Go's time.Local: a zone name, ":name", an absolute
   * TZif path, "" for UTC, or null for "TZ unset" (reads /etc/localtime).
   * Default: process.env.TZ.
   */
  tz?: string | null;
  /** Zoneinfo directories searched for zones (default: Go's Unix list). */
  zoneSources?: readonly string[];
  /**
   * Go's ZONEINFO environment variable: a zoneinfo directory LoadLocation (dateInZone and
   * friends, not time.Local) searches first. Default: process.env.ZONEINFO.
   */
  zoneinfo?: string;
  /**
   * Helm's --enable-dns: when false (Helm's default) getHostByName returns "" without a lookup,
   * exactly as Helm replaces it.
   */
  enableDns?: boolean;
  /** Source of random bytes (default: node:crypto). */
  randomBytes?: (n: number) => Uint8Array;
}

export interface ResolvedOptions {
  now: () => GoTime;
  local: Location;
  /** Where LoadLocation looks: ZONEINFO first, then the system directories. */
  zoneSources: readonly string[];
  enableDns: boolean;
  randomBytes: (n: number) => Uint8Array;
}

// Wall clock in nanoseconds from a high-resolution timer anchored once to Date.now(); the
// monotonic reading counts from process start, as Go's does.
const anchorWall = BigInt(Date.now()) * 1_000_000n;
const anchorHr = process.hrtime.bigint();
const processStartHr = anchorHr - BigInt(Math.round(performance.now() * 1e6));

export function systemNow(local: Location): GoTime {
  const hr = process.hrtime.bigint();
  const t = GoTime.unix(0n, anchorWall + (hr - anchorHr), local);
  return new GoTime(t.sec, t.nsec, local, hr - processStartHr);
}

export function resolveOptions(opts: ExtraFuncsOptions = {}): ResolvedOptions {
  const tz = opts.tz === undefined ? process.env.TZ : opts.tz === null ? undefined : opts.tz;
  const local = localLocation(tz, opts.zoneSources);
  const zoneinfo = opts.zoneinfo ?? process.env.ZONEINFO;
  return {
    now: opts.now ?? (() => systemNow(local)),
    local,
    zoneSources: [...(zoneinfo ? [zoneinfo] : []), ...(opts.zoneSources ?? ZONE_SOURCES)],
    enableDns: opts.enableDns ?? false,
    randomBytes: opts.randomBytes ?? ((n) => randomBytes(n)),
  };
}
