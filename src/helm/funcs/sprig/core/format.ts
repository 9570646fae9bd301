// The one place this package reaches into Go's fmt (owned by the template engine): `%v`
// formatting and strconv.Quote. Sprig's string conversion (strval) is built on them.
import { formatValue } from '../../../../gotemplate/fmt.js';
import { quote } from '../../../../gotemplate/quote.js';
import { GoStruct, pointerMethods, type GoValue } from '../../../../gotemplate/value.js';

/** fmt.Sprint("%v", v). */
export function sprintV(v: GoValue): string {
  return formatValue(v);
}

/** fmt.Sprintf("%q", s) for a string. */
export function quoteString(s: string): string {
  return quote(s);
}

/**
 * A Go value with a String() method (fmt.Stringer), e.g. *semver.Version. A struct value whose
 * String has a pointer receiver (Helm's KubeVersion) is not one once passed as interface{}.
 */
function stringer(v: GoValue): string | undefined {
  if (!(v instanceof GoStruct)) return undefined;
  if (!v.goType.startsWith('*') && pointerMethods(v).includes('String')) return undefined;
  const m = (v as unknown as { String?: unknown }).String;
  return typeof m === 'function' ? String((m as () => unknown).call(v)) : undefined;
}

/** Sprig's strval: strings as is, []byte as text, Stringers via String(), else %v. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  const s = stringer(v);
  if (s !== undefined) return s;
  return sprintV(v ?? null);
}
