// Go's %v and %T for values, as Helm's warnings and errors print them.
import { GoNumber, isGoMap, typeOf, type GoValue } from '../../gotemplate/value.js';
import { formatFloatG } from '../gojson/float.js';
import { compareGoStrings } from '../gojson/marshal.js';

/** fmt.Sprintf("%v", v) for the value model. */
export function goV(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloatG(v, 64);
  }
  if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value.toString() : formatFloatG(v.value, 32);
  if (v instanceof Uint8Array) return `[${Array.from(v).join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isGoMap(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `map[${keys.map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  }
  return `{}`;
}

/** fmt.Sprintf("%T", v) */
export function goT(v: GoValue): string {
  return typeOf(v);
}
