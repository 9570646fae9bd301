// Go's fmt, pinned by outputs of Go itself (scripts/gotemplate-fixtures, cases in
// test/fixtures/gotemplate/cases/fmt.yaml and sprint.yaml).
import { describe, expect, it } from 'vitest';
import { formatValue, sprint, sprintf, sprintln } from '../../src/gotemplate/fmt.js';
import { decode } from './gomodel.js';
import { loadCases } from './cases.js';

describe('sprintf matches Go fmt.Sprintf', () => {
  for (const c of [...loadCases('fmt'), ...loadCases('fmt-fuzz'), ...loadCases('fmt-fuzz2')]) {
    it(`${c.name}: ${JSON.stringify(c.format)}`, () => {
      const args = (c.args as unknown[]).map(decode);
      expect(sprintf(c.format as string, args)).toBe(c.expected.output);
    });
  }
});

describe('sprint and sprintln match Go', () => {
  for (const c of loadCases('sprint')) {
    it(c.name, () => {
      const args = (c.args as unknown[]).map(decode);
      const fn = c.format === 'sprint' ? sprint : sprintln;
      expect(fn(...args)).toBe(c.expected.output);
    });
  }
});

describe('formatValue', () => {
  it('prints float64 values as Go %v does', () => {
    expect(formatValue(1000000)).toBe('1e+06');
    expect(formatValue(1.5e-7)).toBe('1.5e-07');
    expect(formatValue(2)).toBe('2');
    expect(formatValue(0.1)).toBe('0.1');
    expect(formatValue(-0)).toBe('-0');
  });
  it('prints nil and missing values as <nil>', () => {
    expect(formatValue(null)).toBe('<nil>');
    expect(formatValue(undefined)).toBe('<nil>');
  });
  it('prints maps with sorted keys', () => {
    expect(formatValue({ b: 2, a: 1 })).toBe('map[a:1 b:2]');
  });
});
