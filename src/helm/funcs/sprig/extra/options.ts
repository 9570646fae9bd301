// What the non-hermetic functions read from the outside world, injectable for tests.
import { ZONE_SOURCES, localLocation, type Location } from './gotime/location.js';
import { GoTime } from './gotime/time.js';
import { randomBytes } from 'node:crypto';
import { onSnapshotRestore } from '../../../../runtime/snapshot-restore.js';

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

/** Where this process's clock readings start from: the wall clock and the high-resolution timer, read together. */
interface ClockAnchor {
  /** Unix nanoseconds at `hr`. */
  wall: bigint;
  hr: bigint;
  /** The timer's reading when the process started (Go's monotonic readings count from there). */
  startHr: bigint;
}

// Read at first use, not when the module loads: in the start-up snapshot, module load is when
// the snapshot was built, in another process (and maybe before a reboot restarted the timer).
let anchor: ClockAnchor | undefined;
onSnapshotRestore(() => {
  anchor = undefined;
});

function clockAnchor(): ClockAnchor {
  if (!anchor) {
    const hr = process.hrtime.bigint();
    anchor = { wall: BigInt(Date.now()) * 1_000_000n, hr, startHr: hr - BigInt(Math.round(performance.now() * 1e6)) };
  }
  return anchor;
}

/** Go's time.Now: the wall clock in nanoseconds (a high-resolution timer anchored to Date.now()) and a monotonic reading. */
export function systemNow(local: Location): GoTime {
  const { wall, hr: anchorHr, startHr } = clockAnchor();
  const hr = process.hrtime.bigint();
  const t = GoTime.unix(0n, wall + (hr - anchorHr), local);
  return new GoTime(t.sec, t.nsec, local, hr - startHr);
}

export function resolveOptions(opts: ExtraFuncsOptions = {}): ResolvedOptions {
  const tz = opts.tz === undefined ? process.env.TZ : opts.tz === null ? undefined : opts.tz;
  // time.Local is read from disk (/etc/localtime) on first use: most renders never need it.
  let local: Location | undefined;
  const localZone = (): Location => (local ??= localLocation(tz, opts.zoneSources));
  const zoneinfo = opts.zoneinfo ?? process.env.ZONEINFO;
  return {
    now: opts.now ?? (() => systemNow(localZone())),
    get local() {
      return localZone();
    },
    zoneSources: [...(zoneinfo ? [zoneinfo] : []), ...(opts.zoneSources ?? ZONE_SOURCES)],
    enableDns: opts.enableDns ?? false,
    randomBytes: opts.randomBytes ?? ((n) => randomBytes(n)),
  };
}
