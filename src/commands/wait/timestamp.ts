// The value of the reconcile.fluxcd.io/* annotations: Go's time.Now().Format(time.RFC3339Nano)
// in the local time zone — fraction without trailing zeros, `Z` for a zero offset.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `nowMs` may carry a fraction of a millisecond (performance.timeOrigin + performance.now()). */
export function rfc3339Nano(nowMs: number = performance.timeOrigin + performance.now()): string {
  const whole = Math.floor(nowMs);
  const d = new Date(whole);
  // Nanoseconds within the second: the millisecond part plus what the clock gives below it.
  // Below the millisecond only microseconds are meaningful (and floats would add noise).
  const nanos = (whole % 1000) * 1_000_000 + Math.min(999, Math.round((nowMs - whole) * 1000)) * 1000;
  const fraction = nanos > 0 ? `.${pad(Math.min(nanos, 999_999_999), 9).replace(/0+$/, '')}` : '';
  const offsetMin = -d.getTimezoneOffset();
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date}T${time}${fraction}${zone}`;
}
