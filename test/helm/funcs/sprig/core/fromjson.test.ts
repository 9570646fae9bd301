// Sprig's own fromJson (Helm replaces it, so the reference is Go itself: see
// test/fixtures/sprig/core/go/fromjson.go): errors are dropped and whatever json.Unmarshal
// decoded is returned — nothing after a syntax error, nil for an out-of-range number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreFuncs } from '../../../../../src/helm/funcs/sprig/core/index.js';
import { printed } from './expr.js';

const dir = join(import.meta.dirname, '../../../../fixtures/sprig/core');
const inputs = JSON.parse(readFileSync(join(dir, 'go/fromjson-inputs.json'), 'utf8')) as Record<string, string>;
const expected = JSON.parse(readFileSync(join(dir, 'expected/fromjson-go.json'), 'utf8')) as Record<string, string>;
const { fromJson, mustFromJson } = coreFuncs();

describe("Sprig's fromJson", () => {
  for (const [name, input] of Object.entries(inputs)) {
    it(`${name}: prints what Go prints`, () => {
      expect(printed(fromJson!.fn(input))).toBe(expected[name]);
    });
  }

  it('mustFromJson reports the out-of-range number fromJson hides', () => {
    expect(() => mustFromJson!.fn(inputs['range-in-array']!)).toThrow(
      'json: cannot unmarshal number 1e400 into Go value of type float64',
    );
  });
});
