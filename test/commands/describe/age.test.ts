// Ages in `describe` read like kubectl's (apimachinery duration.HumanDuration).
import { describe, expect, it } from 'vitest';
import { age, humanDuration } from '../../../src/commands/describe/age.js';

describe('humanDuration', () => {
  it('uses kubectl’s steps', () => {
    const s = 1000;
    const cases: [number, string][] = [
      [-5 * s, '<invalid>'],
      [0, '0s'],
      [119 * s, '119s'],
      [120 * s, '2m'],
      [200 * s, '3m20s'],
      [10 * 60 * s, '10m'],
      [179 * 60 * s, '179m'],
      [3 * 3600 * s, '3h'],
      [(5 * 3600 + 30 * 60) * s, '5h30m'],
      [47 * 3600 * s, '47h'],
      [(2 * 24 + 3) * 3600 * s, '2d3h'],
      [8 * 24 * 3600 * s, '8d'],
      [400 * 24 * 3600 * s, '400d'],
      [(3 * 365 + 10) * 24 * 3600 * s, '3y10d'],
      [9 * 365 * 24 * 3600 * s, '9y'],
    ];
    for (const [ms, text] of cases) expect([ms, humanDuration(ms)]).toEqual([ms, text]);
  });

  it('shows <unknown> for a missing or unreadable time', () => {
    expect(age(undefined, 0)).toBe('<unknown>');
    expect(age('yesterday', 0)).toBe('<unknown>');
    expect(age('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z'))).toBe('5m');
  });
});
