// toToml returns the text of BurntSushi's own encoding errors (helm prints err.Error()), but
// any other failure, such as running out of stack, fails the call: it must never become the
// TOML text a chart writes out.
import { describe, expect, it } from 'vitest';
import { GoStruct, type GoMap, type GoValue } from '../../../../src/gotemplate/value.js';
import { toToml } from '../../../../src/helm/funcs/helm/toml.js';

/** A TextMarshaler whose MarshalText fails in a way that is not an encoding error. */
class Exploding extends GoStruct {
  readonly goType = 'main.Exploding';
  marshalGoText(): string {
    throw new RangeError('Maximum call stack size exceeded');
  }
}

const table = (o: Record<string, GoValue>): GoMap => Object.assign(Object.create(null), o) as GoMap;

describe('toToml errors', () => {
  it('returns the encoder error for a nil element, however deep the array holding it', () => {
    let v: GoValue = [1, null];
    for (let i = 0; i < 20000; i++) v = [v];
    expect(toToml(table({ a: v }))).toBe('toml: cannot encode array with nil element');
    expect(toToml(v)).toBe('toml: cannot encode array with nil element');
  });

  it('lets a failure that is not an encoding error through, in a table or inline', () => {
    expect(() => toToml(table({ a: new Exploding() }))).toThrow(RangeError);
    expect(() => toToml(table({ a: table({ b: [1, new Exploding()] }) }))).toThrow(RangeError);
    expect(() => toToml([new Exploding()])).toThrow(RangeError);
  });

  it('checks an array for nil elements before writing any of them, as BurntSushi does', () => {
    expect(toToml(table({ a: [[new Exploding()], null] }))).toBe('toml: cannot encode array with nil element');
  });
});
