// Helm's SplitManifests and strings.TrimSpace, pinned against the regular expressions they are
// defined by (Helm's `(?:^|\s*\n)---\s*` with RE2's \s, Go's unicode.IsSpace set).
import { describe, expect, it } from 'vitest';
import { isGoBlank, isGoSpace, trimGoSpace, trimLeftGoSpace } from '../../../src/helm/manifest/gospace.js';
import { splitManifests } from '../../../src/helm/manifest/split.js';

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
const TRIM = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Helm's definition, run with a regular expression (same leftmost-first matching as RE2 here). */
function referenceSplit(bigFile: string): string[] {
  const left = bigFile.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '');
  return left
    .split(/(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/g)
    .filter((d) => d !== '')
    .map((d) => d.replace(TRIM, ''));
}

describe('Go space', () => {
  it('is unicode.IsSpace for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isGoSpace(c), c.toString(16)).toBe(GO_SPACE.test(String.fromCharCode(c)));
  });

  it('trims both ends like strings.TrimSpace, and only the left end like TrimLeftFunc', () => {
    const s = '\u0085\v \tkind: A\u3000x \u00a0\n\u2029';
    expect(trimGoSpace(s)).toBe('kind: A\u3000x');
    expect(trimLeftGoSpace(s)).toBe('kind: A\u3000x \u00a0\n\u2029');
    expect(trimGoSpace('\ufeffa\ufeff')).toBe('\ufeffa\ufeff');
    expect(trimGoSpace(' \n ')).toBe('');
    expect(isGoBlank(' \n\u2028')).toBe(true);
    expect(isGoBlank(' \n.')).toBe(false);
  });
});

describe('splitManifests', () => {
  it.each([
    ['a\n---\nb', ['a', 'b']],
    ['---\na\n---\n---\nb\n', ['a', '---\nb']],
    ['a  \n \n---apiVersion: v1\n', ['a', 'apiVersion: v1']],
    ['a\n----\nb', ['a', '-\nb']],
    ['a\n  ---\nb', ['a\n  ---\nb']],
    ['a\v\n---\n\vb', ['a', 'b']],
    ['a\n---\n\v\n---\nb', ['a', '', 'b']],
    ['\n\n  ---', []],
  ])('splits %j like Helm', (input, docs) => {
    expect(splitManifests(input)).toEqual(docs);
    expect(referenceSplit(input)).toEqual(docs);
  });

  it('matches the regular expression on generated files', () => {
    const pieces = ['---', '-', '\n', ' ', '\t', '\r', '\f', '\v', 'a', 'k: v', '\u0085', '\n---\n'];
    let seed = 11;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let t = 0; t < 5000; t++) {
      let s = '';
      for (let k = rnd(12); k > 0; k--) s += pieces[rnd(pieces.length)];
      expect(splitManifests(s), JSON.stringify(s)).toEqual(referenceSplit(s));
    }
  });
});
