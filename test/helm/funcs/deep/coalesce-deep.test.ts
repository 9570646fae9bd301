// Values coalescing copies the user's values first (copystructure.Copy in helm), then merges
// them table by table into the chart's defaults; helm has no depth limit for either, and
// neither do we: the copy goes on from a work list past its recursion budget, the merge walks
// pairs of tables from a stack.
import { describe, expect, it } from 'vitest';
import { GoNumber, typedSlice, type GoMap, type GoValue } from '../../../../src/gotemplate/value.js';
import { coalesceTables, deepCopy, mergeTables } from '../../../../src/helm/values/coalesce.js';

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

/** {"a": {"a": ... leaf}} with `levels` maps. */
function maps(levels: number, leaf: Record<string, GoValue>): GoMap {
  let v = Object.assign(Object.create(null), leaf) as GoMap;
  for (let i = 0; i < levels; i++) v = Object.assign(Object.create(null), { a: v }) as GoMap;
  return v;
}

describe('coalescing tables nested 10000 deep on both sides', () => {
  it('merges the innermost tables, the user value winning and a user null deleting the default', () => {
    const user = maps(10000, { x: 1, gone: null });
    const defaults = maps(10000, { x: 2, y: 3, gone: 4 });
    const out = coalesceTables(user, defaults)!;
    expect(out === user).toBe(true);
    expect({ ...(path(out, 10000)[10000] as GoMap) }).toEqual({ x: 1, y: 3 });
  });

  it('keeps the null when merging (MergeTables)', () => {
    const out = mergeTables(maps(10000, { gone: null }), maps(10000, { gone: 4 }))!;
    expect({ ...(path(out, 10000)[10000] as GoMap) }).toEqual({ gone: null });
  });

  it('warns with the full key of a mismatch at the bottom', () => {
    const lines: string[] = [];
    coalesceTables(maps(10000, { x: 1 }), maps(10000, { x: Object.assign(Object.create(null), { y: 2 }) as GoMap }), { log: (l) => lines.push(l) });
    expect(lines).toEqual([`level=INFO msg="warning: cannot overwrite table with non table for ${'a.'.repeat(10000)}x (map[y:2])"`]);
  });
});
