// encoding/json output against Go 1.19 (test/fixtures/gojson/gen.go) and strconv formatting.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GoNumber, GoStruct, type GoValue } from '../../../src/gotemplate/value.js';
import { formatFloatE, formatFloatF, formatFloatG, JsonMarshalError, marshal, marshalIndent, type GoJsonFields } from '../../../src/helm/gojson/index.js';
import { decodeFirst, unmarshal } from '../../../src/helm/gojson/unmarshal.js';

const go = JSON.parse(readFileSync('test/fixtures/gojson/expected.json', 'utf8')) as Record<string, unknown>;
const m = (o: Record<string, unknown>) => Object.assign(Object.create(null), o) as GoValue;

describe('json.Marshal', () => {
  it('writes float32 values with 32-bit shortest digits', () => {
    const f32 = [0.1, 1.5, 3.4028235e38, 1e-7, 1e21, 16777217, 0.3, 2.5e-6, 123456.79];
    expect(f32.map((f) => marshal(new GoNumber('float32', f)))).toEqual(go['float32']);
  });

  it('writes int64 values exactly', () => {
    const ints = [0n, -1n, 9223372036854775807n, -9223372036854775808n];
    expect(ints.map((i) => marshal(new GoNumber('int64', i)))).toEqual(go['int64']);
  });

  it('writes []byte as base64', () => {
    expect(marshal(new TextEncoder().encode('hello\u0000world'))).toBe(go['bytes']);
  });

  it('refuses NaN and infinities with Go error text', () => {
    expect(() => marshal(NaN)).toThrow(JsonMarshalError);
    expect(() => marshal(NaN)).toThrow(String(go['nan']).replace('error: ', ''));
    expect(() => marshal(m({ a: [Infinity] }))).toThrow('json: unsupported value: +Inf');
  });

  it('can leave HTML characters alone (Encoder.SetEscapeHTML(false))', () => {
    expect(marshal(m({ h: '<a href="x">&</a>' }), { escapeHTML: false }) + '\n').toBe(go['noEscapeHTML']);
  });

  it('writes structs through their declared fields, in declaration order', () => {
    class Meta extends GoStruct implements GoJsonFields {
      readonly goType = '*chart.Metadata';
      goJsonFields(): Array<[string, GoValue]> {
        return [
          ['name', 'x'],
          ['apiVersion', 'v2'],
        ];
      }
    }
    expect(marshal(m({ chart: new Meta() }))).toBe('{"chart":{"name":"x","apiVersion":"v2"}}');
  });
});

describe('json.MarshalIndent', () => {
  const nested = m({ b: [1, 'two', m({}), []], a: m({ z: null, y: true }) });
  it('indents like Go, with and without a prefix', () => {
    expect(marshalIndent(nested, '', '  ')).toBe(go['indent']);
    expect(marshalIndent(nested, '>', '\t')).toBe(go['indentPrefix']);
    expect(marshalIndent(m({}), '', '  ')).toBe(go['indentEmpty']);
  });
});

describe('strconv.FormatFloat', () => {
  it.each([
    [1e6, '1e+06', '1e+06', '1000000'],
    [123456, '123456', '1.23456e+05', '123456'],
    [0.0001, '0.0001', '1e-04', '0.0001'],
    [0.00001, '1e-05', '1e-05', '0.00001'],
    [-0, '-0', '-0e+00', '-0'],
    [1.5, '1.5', '1.5e+00', '1.5'],
    [1e21, '1e+21', '1e+21', '1000000000000000000000'],
  ])('%s', (v, g, e, f) => {
    expect(formatFloatG(v)).toBe(g);
    expect(formatFloatE(v)).toBe(e);
    expect(formatFloatF(v)).toBe(f);
  });
  it('formats float32 shortest', () => {
    expect(formatFloatG(123456789.123, 32)).toBe('1.2345679e+08');
    expect(formatFloatG(0.1, 32)).toBe('0.1');
  });
});

describe('json.Unmarshal and Decoder.Decode', () => {
  it('reads objects, arrays and numbers as float64', () => {
    expect(unmarshal('{"a":[1,2.5,"x",true,null],"b":{}}')).toEqual({ a: [1, 2.5, 'x', true, null], b: {} });
  });
  it('reports Go syntax errors', () => {
    expect(() => unmarshal('{"a":1')).toThrow('unexpected end of JSON input');
    expect(() => unmarshal('x')).toThrow("invalid character 'x' looking for beginning of value");
    expect(() => unmarshal('{"a" 1}')).toThrow("invalid character '1' after object key");
    expect(() => unmarshal('[1 2]')).toThrow("invalid character '2' after array element");
    expect(() => unmarshal('{"a":1} x')).toThrow("invalid character 'x' after top-level value");
    expect(() => unmarshal('tru')).toThrow('unexpected end of JSON input');
    expect(() => unmarshal('trux')).toThrow("invalid character 'x' in literal true (expecting 'e')");
  });
  it('decodes the first value of a stream and says where it ends', () => {
    expect(decodeFirst('{"a":1},b=2')).toEqual({ value: { a: 1 }, end: 7 });
    expect(decodeFirst('12x')).toEqual({ value: 12, end: 2 });
    expect(() => decodeFirst('{"a":')).toThrow('unexpected EOF');
  });
});
