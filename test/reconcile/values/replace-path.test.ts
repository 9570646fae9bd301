// Facts from fluxcd/pkg chartutil values_test.go (TestReplacePathValue, literal cases), ported.
import { describe, expect, it } from 'vitest';
import { GoNumber } from '../../../src/gotemplate/value.js';
import { mergeMaps, replacePathLiteralValue, replacePathValue } from '../../../src/reconcile/values/index.js';

function set(path: string, value: string, literal = false) {
  const values = {};
  (literal ? replacePathLiteralValue : replacePathValue)(values, path, value);
  return values;
}

describe('replacePathValue (Helm --set syntax at a targetPath)', () => {
  it.each([
    ['outer.inner', 'value', { outer: { inner: 'value' } }],
    ['name', '{a,b,c}', { name: ['a', 'b', 'c'] }],
    ['name', 'value1\\,value2', { name: 'value1,value2' }],
    ['merge.at.specific.path', 'true', { merge: { at: { specific: { path: true } } } }],
    ['merge.at.specific.path', '"true"', { merge: { at: { specific: { path: 'true' } } } }],
    ['merge.at.specific.path', "'true'", { merge: { at: { specific: { path: 'true' } } } }],
    ['merge.at[2]', 'value', { merge: { at: [null, null, 'value'] } }],
    ['nodeSelector.kubernetes\\.io/role', 'master', { nodeSelector: { 'kubernetes.io/role': 'master' } }],
  ])('%s=%s', (path, value, want) => {
    expect(set(path, value)).toEqual(want);
  });

  it('types integers as Go int64', () => {
    expect(set('replicas', '3')).toEqual({ replicas: new GoNumber('int64', 3n) });
  });
});

describe('replacePathLiteralValue (--set-literal)', () => {
  it.each([
    'value1,value2',
    '{a,b,c}',
    'foo=bar=baz',
    '[0]',
    'key: value\nlist:\n  - a\n  - b\n',
    'a { b = "c", d = [1, 2] }',
    '["a","b","c"]',
    'true',
    'back\\slash',
  ])('keeps %j verbatim', (value) => {
    expect(set('a.b', value, true)).toEqual({ a: { b: value } });
  });

  it('still reads escapes in the path', () => {
    expect(set('annotations.example\\.com/x', 'a,b', true)).toEqual({ annotations: { 'example.com/x': 'a,b' } });
  });
});

describe('mergeMaps (fluxcd/pkg chartutil merge_test.go)', () => {
  it('merges nested maps, replaces lists and scalars, keeps explicit null', () => {
    expect(mergeMaps({ a: { b: 1, c: [1] }, d: 'x', e: 1 }, { a: { c: [2], f: null }, d: { y: 1 }, e: null })).toEqual({
      a: { b: 1, c: [2], f: null },
      d: { y: 1 },
      e: null,
    });
  });

  it('stores maps of b by reference when a has no map there, copies when both do', () => {
    const inner = { x: 1 };
    const out = mergeMaps({}, { k: inner });
    expect(out['k']).toBe(inner);
    const both = mergeMaps({ k: { y: 2 } }, { k: inner });
    expect(both['k']).not.toBe(inner);
    expect(both['k']).toEqual({ x: 1, y: 2 });
  });

  it('TestMergeMaps vectors', () => {
    const nested = { foo: 'bar', baz: { cool: 'stuff' } };
    const anotherNested = { foo: 'bar', baz: { cool: 'things', awesome: 'stuff' } };
    const flat = { foo: 'bar', baz: 'stuff' };
    expect(mergeMaps(flat, nested)).toEqual(nested);
    expect(mergeMaps(nested, flat)).toEqual(flat);
    expect(mergeMaps(nested, anotherNested)).toEqual(anotherNested);
    expect(mergeMaps({ testing: 'fun' }, anotherNested)).toEqual({ testing: 'fun', foo: 'bar', baz: { cool: 'things', awesome: 'stuff' } });
  });

  it('accepts nil maps on either side', () => {
    expect(mergeMaps(undefined, { a: 1 })).toEqual({ a: 1 });
    expect(mergeMaps({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});
