// Helm's pkg/strvals test vectors (inputs and expected structures from helm's parser_test.go),
// compared the way Helm compares them: through YAML, so 1 (int64) and 1 (int) agree.
import { describe, expect, it } from 'vitest';
import type { GoMap, GoValue } from '../../../src/gotemplate/value.js';
import { parse, parseFile, parseInto, parseIntoString, parseJson, parseLiteral, parseString } from '../../../src/helm/strvals/parser.js';
import { marshalYaml } from '../../../src/helm/yaml/marshal.js';

const y = (v: GoValue) => marshalYaml(v);
const m = (o: Record<string, unknown>) => o as GoMap;

describe('strvals.Parse', () => {
  const ok: Array<[string, Record<string, unknown>]> = [
    ['name1=null,f=false,t=true', { name1: null, f: false, t: true }],
    ['name1=value1', { name1: 'value1' }],
    ['name1=value1,name2=value2', { name1: 'value1', name2: 'value2' }],
    ['name1=value1,name2=value2,', { name1: 'value1', name2: 'value2' }],
    ['name1=,name2=value2', { name1: '', name2: 'value2' }],
    ['leading_zeros=00009', { leading_zeros: '00009' }],
    ['zero_int=0', { zero_int: 0 }],
    ['long_int=1234567890', { long_int: 1234567890 }],
    ['boolean=true', { boolean: true }],
    ['is_null=null', { is_null: null }],
    ['name1=one\\,two,name2=three\\,four', { name1: 'one,two', name2: 'three,four' }],
    ['name1=one\\=two,name2=three\\=four', { name1: 'one=two', name2: 'three=four' }],
    ['name1=one two three,name2=three two one', { name1: 'one two three', name2: 'three two one' }],
    ['outer.inner=value', { outer: { inner: 'value' } }],
    ['outer.middle.inner=value', { outer: { middle: { inner: 'value' } } }],
    ['outer.inner1=value,outer.inner2=value2', { outer: { inner1: 'value', inner2: 'value2' } }],
    ['outer.inner1=value,outer.middle.inner=value', { outer: { inner1: 'value', middle: { inner: 'value' } } }],
    ['name1.name2=', { name1: { name2: '' } }],
    ['name1={value1,value2}', { name1: ['value1', 'value2'] }],
    ['name1={value1,value2},name2={value1,value2}', { name1: ['value1', 'value2'], name2: ['value1', 'value2'] }],
    ['name1={1021,902}', { name1: [1021, 902] }],
    ['name1.name2={value1,value2}', { name1: { name2: ['value1', 'value2'] } }],
    ['list[0]=foo', { list: ['foo'] }],
    ['list[0].foo=bar', { list: [{ foo: 'bar' }] }],
    ['list[0].foo=bar,list[0].hello=world', { list: [{ foo: 'bar', hello: 'world' }] }],
    ['list[0]=foo,list[1]=bar', { list: ['foo', 'bar'] }],
    ['list[0]=foo,list[1]=bar,', { list: ['foo', 'bar'] }],
    ['list[0]=foo,list[3]=bar', { list: ['foo', null, null, 'bar'] }],
    ['noval[0]', { noval: [] }],
    ['noval[0]=', { noval: [''] }],
    ['nested[0][0]=1', { nested: [[1]] }],
    ['nested[1][1]=1', { nested: [null, [null, 1]] }],
    ['name1.name2[0].foo=bar,name1.name2[1].foo=bar', { name1: { name2: [{ foo: 'bar' }, { foo: 'bar' }] } }],
    ['name1.name2[1].foo=bar,name1.name2[0].foo=bar', { name1: { name2: [{ foo: 'bar' }, { foo: 'bar' }] } }],
    ['name1.name2[1].foo=bar', { name1: { name2: [null, { foo: 'bar' }] } }],
  ];
  it.each(ok)('%s', (input, want) => {
    expect(y(parse(input))).toBe(y(m(want)));
  });

  const bad = [
    'name1=value1,,,,name2=value2,',
    'name1,name2=',
    'name1,name2=value2',
    'name1,name2=value2\\',
    'name1,name2',
    'name1.name2',
    'name1.name2,name1.name3',
    'name1.=name2',
    'name1.,name2',
    'name1={1021,902',
    'list[0].foo=bar,list[-30].hello=world',
    'list[0]=foo,list[-20]=bar',
    'illegal[0]name.foo=bar',
    ']={}].',
  ];
  it.each(bad)('%s is an error', (input) => {
    expect(() => parse(input)).toThrow();
  });

  it('reports Helm error texts', () => {
    expect(() => parse('name1.name2')).toThrow('key "name2" has no value');
    expect(() => parse('name1,name2')).toThrow('key "name1" has no value (cannot end with ,)');
    expect(() => parse('a[65537]=1')).toThrow('index of 65537 is greater than maximum supported index of 65536');
    expect(() => parse('illegal[0]name.foo=bar')).toThrow("unexpected data at end of array index: ['n' 'a' 'm' 'e']");
    const deep = Array.from({ length: 32 }, (_, i) => `k${i}`).join('.') + '=x';
    expect(() => parse(deep)).toThrow('value name nested level is greater than maximum supported nested level of 30');
  });
});

describe('strvals.ParseString', () => {
  it.each([
    ['long_int_string=1234567890', { long_int_string: '1234567890' }],
    ['boolean=true', { boolean: 'true' }],
    ['is_null=null', { is_null: 'null' }],
    ['zero=0', { zero: '0' }],
  ] as Array<[string, Record<string, unknown>]>)('%s', (input, want) => {
    expect(y(parseString(input))).toBe(y(m(want)));
  });
});

describe('strvals.ParseInto', () => {
  it('overwrites and adds into existing maps', () => {
    const got = m({ outer: { inner1: 'overwrite', inner2: 'value2' } });
    parseInto('outer.inner1=value1,outer.inner3=value3,outer.inner4=4', got);
    expect(y(got)).toBe(y(m({ outer: { inner1: 'value1', inner2: 'value2', inner3: 'value3', inner4: 4 } })));
  });

  it('merges nested list items across calls', () => {
    const got = m({});
    parseInto('listOuter[0][0].type=listValue', got);
    parseInto('listOuter[0][0].status=alive', got);
    expect(y(got)).toBe(y(m({ listOuter: [[{ type: 'listValue', status: 'alive' }]] })));

    const got2 = m({});
    parseInto('listOuter[0][0].type=listValue', got2);
    parseInto('listOuter[1][0].status=alive', got2);
    expect(y(got2)).toBe(y(m({ listOuter: [[{ type: 'listValue' }], [{ status: 'alive' }]] })));

    const got3 = m({ listOuter: [[[{ exited: 'old' }]]] });
    parseInto('listOuter[0][1][0].type=listValue', got3);
    parseInto('listOuter[0][0][1].status=alive', got3);
    expect(y(got3)).toBe(y(m({ listOuter: [[[{ exited: 'old' }, { status: 'alive' }], [{ type: 'listValue' }]]] })));
  });

  it('ParseIntoString keeps strings', () => {
    const got = m({ outer: { inner1: 'overwrite', inner2: 'value2' } });
    parseIntoString('outer.inner1=1,outer.inner3=3', got);
    expect(y(got)).toBe(y(m({ outer: { inner1: '1', inner2: 'value2', inner3: '3' } })));
  });
});

describe('strvals.ParseJSON', () => {
  it('sets JSON scalars, objects, arrays and null', () => {
    const got = m({ outer: { inner1: 'overwrite', inner2: 'value2' } });
    parseJson('outer.inner1="1",outer.inner3=3,outer.inner4=true,outer.inner5="true"', got);
    expect(y(got)).toBe(y(m({ outer: { inner1: '1', inner2: 'value2', inner3: 3, inner4: true, inner5: 'true' } })));

    const got2 = m({ outer: { inner1: { x: 'overwrite' }, inner2: 'value2', inner3: ['overwrite'] } });
    parseJson(
      'outer.inner1={"a":"1","b":2,"c":[1,2,3]},outer.inner3=["new value 1","new value 2"],outer.inner4={"aa":"1","bb":2,"cc":[1,2,3]},outer.inner5=[{"A":"1","B":2,"C":[1,2,3]}]',
      got2,
    );
    expect(y(got2)).toBe(
      y(
        m({
          outer: {
            inner1: { a: '1', b: 2, c: [1, 2, 3] },
            inner2: 'value2',
            inner3: ['new value 1', 'new value 2'],
            inner4: { aa: '1', bb: 2, cc: [1, 2, 3] },
            inner5: [{ A: '1', B: 2, C: [1, 2, 3] }],
          },
        }),
      ),
    );

    const got3 = m({ outer: { inner1: { x: 'overwrite' }, inner2: 'value2' } });
    parseJson('outer.inner1=,outer.inner3={"aa":"1","bb":2,"cc":[1,2,3]},outer.inner3.cc[1]=null', got3);
    expect(y(got3)).toBe(y(m({ outer: { inner1: null, inner2: 'value2', inner3: { aa: '1', bb: 2, cc: [1, null, 3] } } })));
  });

  it('fails on a JSON syntax error', () => {
    expect(() => parseJson('outer.inner5={"A":"1","B":2,"C":[1,2,3]}]', m({}))).toThrow();
  });
});

describe('strvals.ParseFile and ParseLiteral', () => {
  it('reads each value through the reader', () => {
    expect(y(parseFile('name1=path1', (rs) => (rs === 'path1' ? 'value1' : '')))).toBe(y(m({ name1: 'value1' })));
  });

  it('takes the rest of the line literally', () => {
    expect(y(parseLiteral('name=value1,name2=value2'))).toBe(y(m({ name: 'value1,name2=value2' })));
    expect(y(parseLiteral('outer.inner[1]=a\\b'))).toBe(y(m({ outer: { inner: [null, 'a\\b'] } })));
  });
});
