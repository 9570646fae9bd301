// Sprig's default/emptiness functions: `empty` is Go's zero-value test (0, "", false, nil,
// empty collections), which differs from JavaScript truthiness.
import type { FuncMap, GoValue } from '../../../../gotemplate/value.js';
import { isEmpty } from './reflect.js';

export function defaultsFuncs(): FuncMap {
  const I = 'interface {}' as const;
  return {
    // default DEFAULT GIVEN: GIVEN unless it is empty (or absent).
    default: {
      params: [I],
      variadic: I,
      fn: (d, ...given) => (given.length === 0 || isEmpty(given[0] ?? null) ? (d ?? null) : (given[0] ?? null)),
    },
    empty: { params: [I], fn: (v) => isEmpty(v ?? null) },
    coalesce: {
      params: [],
      variadic: I,
      fn: (...vs) => vs.find((v) => !isEmpty(v ?? null)) ?? null,
    },
    all: { params: [], variadic: I, fn: (...vs) => vs.every((v) => !isEmpty(v ?? null)) },
    any: { params: [], variadic: I, fn: (...vs) => vs.some((v) => !isEmpty(v ?? null)) },
    ternary: { params: [I, I, 'bool'], fn: (t, f, cond) => ((cond === true ? t : f) ?? null) as GoValue },
  };
}
