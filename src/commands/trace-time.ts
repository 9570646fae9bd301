// The times in flux's trace report: a condition's lastTransitionTime as Go prints a metav1.Time
// in a template. metav1.Time decodes RFC 3339 and converts to time.Local, and the template calls
// Time.String(): `2021-07-16 15:42:20 +0000 UTC`, in the zone TZ (or /etc/localtime) names.
import { GoTime } from '../helm/funcs/sprig/extra/gotime/time.js';
import { localLocation, type Location } from '../helm/funcs/sprig/extra/gotime/location.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Go's time.Local for this process environment (TZ unset: /etc/localtime). */
export function goLocal(env: NodeJS.ProcessEnv): Location {
  return localLocation(env['TZ']);
}

/**
 * A metav1.Time field printed by a Go template. Absent or unparsable → Go's zero time, which is
 * not converted to local time (`0001-01-01 00:00:00 +0000 UTC`), as metav1.Time leaves it.
 */
export function goTimeString(value: string | undefined, local: Location): string {
  const m = value === undefined ? null : RFC3339.exec(value);
  if (!m) return GoTime.zero().String();
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: the latter reads years 0-99 as 1900-1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  const utcMillis = date.getTime();
  let sec = Math.floor(utcMillis / 1000);
  if (sign) sec -= (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  const nsec = frac ? Number(frac.padEnd(9, '0')) : 0;
  return new GoTime(sec, nsec, local).String();
}
