// Values coalescing copies the user's values first (copystructure.Copy in helm): past its
// recursion budget the copy goes on from a work list, with the same result at every level.
import { describe, expect, it } from 'vitest';
import { GoNumber, typedSlice, type GoMap, type GoValue } from '../../../../src/gotemplate/value.js';
import { deepCopy } from '../../../../src/helm/values/coalesce.js';

/** {"a": [ {"a": [ ... leaf ... ], "b": 1} , "x"] } with `levels` maps and lists in turn. */
function nest(levels: number, leaf: GoValue): GoValue {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? [v, 'x'] : (Object.assign(Object.create(null), { a: v, b: 1 }) as GoMap);
  return v;
}

/** The containers from the top down to `levels` steps (first element / key "a"). */
function path(v: GoValue, levels: number): GoValue[] {
  const out = [v];
  for (let i = 0; i < levels; i++) out.push((v = Array.isArray(v) ? v[0]! : (v as GoMap)['a']!));
  return out;
}

describe('deepCopy of deeply nested values (coalescing)', () => {
  it('copies every list and map of a value 10000 levels deep, keeping their contents', () => {
    const leaf = Object.assign(Object.create(null), { z: new Uint8Array([1, 2]), n: new GoNumber('int64', 3n) }) as GoMap;
    const v = nest(10000, leaf);
    const copy = deepCopy(v);
    const was = path(v, 10000);
    const now = path(copy, 10000);
    // Compared level by level: vitest's matchers walk objects this deep by recursion.
    for (let i = 0; i < was.length; i++) {
      if (now[i] === was[i]) throw new Error(`level ${i} is shared, not copied`);
      if (Array.isArray(was[i])) {
        expect(Array.isArray(now[i]) && (now[i] as GoValue[]).length === 2 && (now[i] as GoValue[])[1] === 'x').toBe(true);
      } else {
        expect(Object.getPrototypeOf(now[i]), `level ${i}`).toBeNull();
        expect(Object.keys(now[i] as GoMap)).toEqual(Object.keys(was[i] as GoMap));
      }
    }
    const last = now[10000] as GoMap;
    // Bytes are copied, numbers (immutable) shared, as on shallow values.
    expect(last['z']).toEqual(new Uint8Array([1, 2]));
    expect(last['z'] === leaf['z']).toBe(false);
    expect(last['n'] === leaf['n']).toBe(true);
  });

  it('copies a typed list as []interface {} at any depth, as it does near the top', () => {
    const typed = () => typedSlice(['a', 'b'], '[]string');
    const near = deepCopy(nest(2, typed()));
    const far = deepCopy(nest(1000, typed()));
    expect(path(far, 1000)[1000]).toEqual(path(near, 2)[2]);
    expect(Object.getOwnPropertySymbols(path(far, 1000)[1000] as object)).toEqual([]);
  });
});
