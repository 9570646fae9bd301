// Go reflection over the template value model: emptiness (Sprig's `empty`), reflect.DeepEqual,
// list access through reflection, and the reflection functions typeOf/kindOf/typeIs/....
import {
  GoNumber,
  GoStruct,
  isGoMap,
  isTrue,
  kindOf as goKindOf,
  sliceType,
  typeOf as goTypeOf,
  typedMap,
  type FuncMap,
  type GoMap,
  type GoValue,
} from '../../../../gotemplate/value.js';

export { typedMap };

/** Go's %T (typed maps included: value.ts's typeOf knows them). */
export function goTypeName(v: GoValue): string {
  return goTypeOf(v ?? null);
}

/**
 * m[key] = value for a Go map held in a plain object. `__proto__` is an ordinary key in Go;
 * assigned with `=` it would change the object's prototype instead of adding the key.
 */
export function setKey(m: GoMap, key: string, value: GoValue): void {
  if (key === '__proto__') Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
  else m[key] = value;
}

/** Sprig's empty(): Go's zero value test; structs are never empty, nil pointers are. */
export function isEmpty(v: GoValue): boolean {
  if (v instanceof GoStruct) return false;
  return !isTrue(v);
}

/** reflect.DeepEqual on template values: same Go type and deeply equal contents. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object') return false; // primitives of equal type already compared (NaN != NaN)
  if (a instanceof GoNumber) return b instanceof GoNumber && a.kind === b.kind && a.value === b.value;
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || sliceType(a) !== sliceType(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof GoStruct) {
    if (!(b instanceof GoStruct) || a.goType !== b.goType) return false;
    return mapsEqual(a as unknown as Record<string, GoValue>, b as unknown as Record<string, GoValue>);
  }
  if (isGoMap(a) && isGoMap(b)) return goTypeName(a) === goTypeName(b) && mapsEqual(a, b);
  return false;
}

function mapsEqual(a: Record<string, GoValue>, b: Record<string, GoValue>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
  }
  return true;
}

/**
 * reflect.TypeOf(v).Kind() as Sprig's list functions use it. A nil interface has no type,
 * so Go dereferences a nil reflect.Type and panics.
 */
export function reflectKind(v: GoValue): string {
  if (v === null || v === undefined) {
    throw new Error('runtime error: invalid memory address or nil pointer dereference');
  }
  return goKindOf(v);
}

/** The elements of a slice/array value as interface{} values, or null if v is not one. */
export function listItems(v: GoValue): GoValue[] | null {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoNumber('uint8', BigInt(b)));
  return null;
}

/** typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual. */
export function reflectFuncs(): FuncMap {
  return {
    typeOf: { params: ['interface {}'], fn: (v) => goTypeName(v ?? null) },
    typeIs: { params: ['string', 'interface {}'], fn: (t, v) => t === goTypeName(v ?? null) },
    typeIsLike: {
      params: ['string', 'interface {}'],
      fn: (t, v) => {
        const actual = goTypeName(v ?? null);
        return t === actual || '*' + String(t) === actual;
      },
    },
    kindOf: { params: ['interface {}'], fn: (v) => goKindOf(v ?? null) },
    kindIs: { params: ['string', 'interface {}'], fn: (t, v) => t === goKindOf(v ?? null) },
    deepEqual: { params: ['interface {}', 'interface {}'], fn: (a, b) => deepEqual(a, b) },
  };
}
