// .helmignore with Helm's pkg/ignore rules (Go filepath.Match globs, not .gitignore).
import { describe, expect, it } from 'vitest';
import { IgnoreRules, goPathMatch } from '../../../src/helm/chart/ignore.js';

const rules = (text: string) => IgnoreRules.parse(text);

describe('Go filepath.Match', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'dir/a.txt', false],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'dx', true],
    ['[^a-c]x', 'ax', false],
    ['\\*x', '*x', true],
    ['a-b', 'a-b', true],
    ['x/*/y', 'x/z/y', true],
    // Expected values from Go 1.19's filepath.Match: a class may match the separator, runes count.
    ['a[^x]b', 'a/b', true],
    ['a[/]b', 'a/b', true],
    ['[😀-😂]', '😁', true],
    ['?', '😀', true],
    ['[é]', 'é', true],
    // Malformed: Go returns ErrBadPattern, which --show-only and go-git take as no match.
    ['[a-', 'a', false],
    ['x[', 'y', false],
    ['*[', 'ab', false],
    ['a\\', 'a', false],
    ['[]a]', ']', false],
  ])('%s ~ %s = %s', (pattern, name, want) => {
    expect(goPathMatch(pattern, name)).toBe(want);
  });

  it('refuses malformed patterns with Go error text', () => {
    expect(() => rules('[a-')).toThrow('syntax error in pattern');
    expect(() => rules('a\\')).toThrow('syntax error in pattern');
    expect(() => rules('[]')).toThrow('syntax error in pattern');
  });
});

describe('helmignore rules', () => {
  it('matches the base name when the pattern has no slash', () => {
    const r = rules('*.txt\n');
    expect(r.ignore('a.txt', false)).toBe(true);
    expect(r.ignore('deep/dir/a.txt', false)).toBe(true);
    expect(r.ignore('a.yaml', false)).toBe(false);
  });

  it('matches the whole path when the pattern has a slash, anchored with a leading one', () => {
    const r = rules('cargo/*.txt\n/top.txt\n');
    expect(r.ignore('cargo/a.txt', false)).toBe(true);
    expect(r.ignore('cargo/b/a.txt', false)).toBe(false);
    expect(r.ignore('top.txt', false)).toBe(true);
    expect(r.ignore('sub/top.txt', false)).toBe(false);
  });

  it('applies trailing-slash rules to directories only', () => {
    const r = rules('rudder/\n');
    expect(r.ignore('rudder', true)).toBe(true);
    expect(r.ignore('rudder', false)).toBe(false);
  });

  it('ignores what a negated rule does NOT match (Helm semantics)', () => {
    const r = rules('!*.yaml\n');
    expect(r.ignore('values.yaml', false)).toBe(false);
    expect(r.ignore('README.md', false)).toBe(true);
  });

  it('skips comments and blank lines, refuses **', () => {
    expect(rules('# comment\n\n   \n').length).toBe(0);
    expect(() => rules('**/x')).toThrow('double-star (**) syntax is not supported');
  });

  it('adds the default rule for dot files in templates/', () => {
    const r = IgnoreRules.empty();
    r.addDefaults();
    expect(r.ignore('templates/.hidden.yaml', false)).toBe(true);
    expect(r.ignore('templates/.x', true)).toBe(true);
    expect(r.ignore('templates/visible.yaml', false)).toBe(false);
    expect(r.ignore('.helmignore', false)).toBe(false);
  });
});
