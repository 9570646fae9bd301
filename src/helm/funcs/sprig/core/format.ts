// The one place this package reaches into Go's fmt (owned by the template engine): `%v`
// formatting and strconv.Quote. Sprig's string conversion (strval) is built on them.
import { formatValue, stringerOf } from '../../../../gotemplate/fmt.js';
import { quote } from '../../../../gotemplate/quote.js';
import type { GoValue } from '../../../../gotemplate/value.js';

/** fmt.Sprint("%v", v). */
export function sprintV(v: GoValue): string {
  return formatValue(v);
}

/** fmt.Sprintf("%q", s) for a string. */
export function quoteString(s: string): string {
  return quote(s);
}

/** Sprig's strval: strings as is, []byte as text, Stringers via String(), else %v. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  // fmt.Stringer, e.g. *semver.Version (not a struct value whose String has a pointer receiver).
  const s = stringerOf(v);
  if (s !== undefined) return String(s.String());
  return sprintV(v ?? null);
}
