// The TOML decoder's own interface: the Go values it builds and the errors it throws. What
// each document gives is pinned against helm by fromtoml-parity.test.ts; these tests show the
// shapes a caller gets.
import { describe, expect, it } from 'vitest';
import { GoNumber, sliceType, type GoMap } from '../../../src/gotemplate/value.js';
import { fromToml, toToml } from '../../../src/helm/funcs/helm/toml.js';
import { fixedZone, UTC } from '../../../src/helm/funcs/sprig/extra/gotime/location.js';
import { GoTime } from '../../../src/helm/funcs/sprig/extra/gotime/time.js';
import { decodeToml, localKind, TomlParseError } from '../../../src/helm/toml/index.js';

const decode = (text: string): GoMap => decodeToml(text, { local: UTC, localOffset: 0 });

function parseError(text: string): TomlParseError {
  try {
    decode(text);
  } catch (e) {
    if (e instanceof TomlParseError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('decodeToml', () => {
  it('gives integers as int64, floats as float64, strings and booleans as themselves', () => {
    const m = decode('i = 0x7fffffffffffffff\nf = 1e3\ns = "a\\tb"\nb = true');
    expect(m['i']).toEqual(new GoNumber('int64', 9223372036854775807n));
    expect(m['f']).toBe(1000);
    expect(m['s']).toBe('a\tb');
    expect(m['b']).toBe(true);
  });

  it('gives arrays as []interface {} and arrays of tables as []map[string]interface {}', () => {
    const m = decode('a = [{x = 1}]\n[[t]]\ny = 2');
    expect(sliceType(m['a'] as GoMap[])).toBe('[]interface {}');
    expect(sliceType(m['t'] as GoMap[])).toBe('[]map[string]interface {}');
  });

  it('keeps "__proto__" an ordinary key', () => {
    const m = decode('__proto__ = 1\n[constructor]\nx = 2');
    expect(Object.keys(m)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(m)).toBeNull();
  });

  it('reads date-times as time.Time: offsets in time.Local when it matches, local kinds in their zones', () => {
    const local = fixedZone('CET', 3600);
    const m = decodeToml('a = 2024-01-15T12:00:00+01:00\nb = 2024-01-15T12:00:00+02:00\nc = 2024-01-15\nd = 07:30', { local, localOffset: 3600 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((k) => m[k] as GoTime);
    expect(a!.loc).toBe(local);
    expect(b!.String()).toBe('2024-01-15 12:00:00 +0200 +0200');
    expect(localKind(c!.loc)).toBe('date');
    expect(c!.String()).toBe('2024-01-15 00:00:00 +0100 date-local');
    expect(localKind(d!.loc)).toBe('time');
  });

  it('keeps a dotted table when the same key is then given a value, as BurntSushi does', () => {
    expect(decode('a.b = 1\na = 2')).toEqual({ a: { b: new GoNumber('int64', 1n) } });
  });

  it('throws TomlParseError with the line, the last key and the message', () => {
    const e = parseError('[t]\na = 1\nb = 99999999999999999999');
    expect(e.line).toBe(3);
    expect(e.lastKey).toBe('t.b');
    expect(e.detail).toBe('99999999999999999999 is out of range for int64');
    expect(e.message).toBe('toml: line 3 (last key "t.b"): 99999999999999999999 is out of range for int64');
  });

  it('names no last key before the first one', () => {
    expect(parseError('= 1').message).toBe("toml: line 1: unexpected '=': key name appears blank");
  });

  it('skips a byte order mark and refuses a NUL in the first bytes as UTF-16', () => {
    expect(decode('\uFEFFa = 1')).toEqual({ a: new GoNumber('int64', 1n) });
    expect(parseError('a\0').detail).toBe('files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8');
  });
});

describe('fromToml and toToml', () => {
  it('fromToml puts the error text under "Error"', () => {
    expect(fromToml('a =', { local: UTC, localOffset: 0 })).toEqual({ Error: 'toml: line 1 (last key "a"): unexpected EOF; expected value' });
  });

  it('toToml writes decoded local kinds without a zone, in UTC, and keeps the sign of NaN', () => {
    const m = fromToml('d = 2024-01-15T07:30:00\nn = -nan\np = nan', { local: UTC, localOffset: -5 * 3600 });
    expect(toToml(m)).toBe('d = 2024-01-15T12:30:00\nn = -nan\np = nan\n');
  });

  it('toToml of nil fails as BurntSushi panics', () => {
    expect(() => toToml(null)).toThrow('reflect: call of reflect.Value.Type on zero Value');
  });
});
