// nilsAsNull (what toYaml does before marshalling) past its recursion budget: a nil map or
// slice deep down becomes null, only the containers on the way to it are copied.
import { describe, expect, it } from 'vitest';
import { nilMap, nilSlice, type GoMap, type GoValue } from '../../../../src/gotemplate/value.js';
import { nilsAsNull } from '../../../../src/helm/funcs/helm/serialize.js';

/** {"a": [ {"a": [ ... leaf ... ] } ] } with `levels` maps and lists in turn. */
function nest(levels: number, leaf: GoValue): GoValue {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? [v, 'x'] : ({ a: v, b: 1 } as GoMap);
  return v;
}

/** The value `levels` steps down the first element / key "a". */
function dig(v: GoValue, levels: number): GoValue {
  for (let i = 0; i < levels; i++) v = Array.isArray(v) ? v[0]! : (v as GoMap)['a']!;
  return v;
}

describe('nilsAsNull on deeply nested values', () => {
  for (const leaf of [nilMap(), nilSlice()]) {
    it(`a nil ${Array.isArray(leaf) ? 'slice' : 'map'} 5000 levels down becomes null`, () => {
      const v = nest(5000, leaf);
      const out = nilsAsNull(v);
      // Identity compared outside expect: its matchers walk objects this deep by recursion.
      expect(out !== v).toBe(true);
      expect(dig(out, 5000)).toBeNull();
      expect(dig(v, 5000)).toBe(leaf);
      // Siblings are kept as they are.
      expect((dig(out, 4999) as GoValue[])[1]).toBe('x');
      expect((dig(out, 4998) as GoMap)['b']).toBe(1);
    });
  }

  it('a deep value without nils comes back as it is', () => {
    const v = nest(5000, 'leaf');
    expect(nilsAsNull(v) === v).toBe(true);
  });
});
