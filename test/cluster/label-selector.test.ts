// The local label-selector parser against Kubernetes' own (labels.Parse in kubectl v1.35): same
// verdict and the same error text for every selector in the fixture (see its generate.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabelSelectorError, labelSelectorMessage, parseLabelSelector } from '../../src/cluster/label-selector.js';

interface Case {
  selector: string;
  error: string | null;
}

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/label-selector/label-selector.json', import.meta.url), 'utf8')) as { cases: Case[] };

function verdict(selector: string): string | null {
  try {
    parseLabelSelector(selector);
    return null;
  } catch (err) {
    if (err instanceof LabelSelectorError) return err.message;
    throw err;
  }
}

describe('parseLabelSelector (apimachinery grammar and wording)', () => {
  it.each(cases.map((c) => [JSON.stringify(c.selector).slice(0, 60), c] as const))('%s', (_, c) => {
    expect(verdict(c.selector)).toBe(c.error);
  });

  it('words the error as flux get does', () => {
    const err = (() => {
      try {
        parseLabelSelector('a in w');
      } catch (e) {
        return e as LabelSelectorError;
      }
      throw new Error('parsed');
    })();
    expect(labelSelectorMessage(err)).toBe("unable to parse label selector: unable to parse requirement: found 'w' expected: '('");
  });
});

describe('parsed selectors', () => {
  it('keeps the requirements sorted by key with sorted, de-duplicated values', () => {
    expect(parseLabelSelector('z, a notin (y, x, y), !m, in in (in), k>3').requirements).toEqual([
      { key: 'a', operator: 'notin', values: ['x', 'y'] },
      { key: 'in', operator: 'in', values: ['in'] },
      { key: 'k', operator: 'gt', values: ['3'] },
      { key: 'm', operator: '!', values: [] },
      { key: 'z', operator: 'exists', values: [] },
    ]);
    expect(parseLabelSelector('a in (,)').requirements[0]!.values).toEqual(['']);
    expect(parseLabelSelector('  ').requirements).toEqual([]);
  });

  it('matches labels as the API server filters them', () => {
    const labels = { 'sharding.fluxcd.io/key': 'shard1', tier: 'web', n: '10' };
    const match = (s: string) => parseLabelSelector(s).matches(labels);
    expect(match('')).toBe(true);
    expect(match('sharding.fluxcd.io/key=shard1')).toBe(true);
    expect(match('sharding.fluxcd.io/key notin (shard1, shard2)')).toBe(false);
    expect(match('missing notin (x)')).toBe(true);
    expect(match('missing!=x')).toBe(true);
    expect(match('tier in (web,api),!missing')).toBe(true);
    expect(match('tier,missing')).toBe(false);
    expect(match('n>9,n<11')).toBe(true);
    expect(match('tier>1')).toBe(false);
    expect(match('missing<5')).toBe(false);
    expect(match('tier=')).toBe(false);
    expect(parseLabelSelector('tier=').matches({ tier: '' })).toBe(true);
  });
});
