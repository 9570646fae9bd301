// Kubernetes metav1.MicroTime on the wire: RFC 3339 in UTC with exactly six fractional digits
// (apimachinery's RFC3339Micro, "2006-01-02T15:04:05.000000Z07:00"). Leases' acquireTime and
// renewTime use it; JavaScript clocks have milliseconds, so the last three digits are zeros.
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
