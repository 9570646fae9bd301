// .Files behaviour pinned against `helm template` of test/fixtures/render/charts/files
// (expected/files.out): gobwas glob semantics, Lines, AsConfig/AsSecrets inputs.
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../src/helm/engine/glob.js';
import { FilesOps } from '../../../src/helm/engine/files.js';

const enc = new TextEncoder();
const chartFiles: Record<string, Uint8Array> = {
  'conf/a.txt': enc.encode('a\nb\n'),
  'conf/b.yaml': enc.encode('x: 1'),
  'conf/sub/c.txt': enc.encode('deep'),
  'empty.txt': enc.encode(''),
  'top.txt': enc.encode('hello'),
};
const files = new FilesOps(chartFiles, (m) => JSON.stringify(m));
const names = (pattern: string): string[] => Object.keys(files.glob(pattern)).sort();

describe('.Files.Glob (gobwas/glob with / as separator)', () => {
  it('stops * and ? at a slash and lets ** cross it', () => {
    expect(names('conf/*')).toEqual(['conf/a.txt', 'conf/b.yaml']);
    expect(names('conf/**')).toEqual(['conf/a.txt', 'conf/b.yaml', 'conf/sub/c.txt']);
    expect(names('**.txt')).toEqual(['conf/a.txt', 'conf/sub/c.txt', 'empty.txt', 'top.txt']);
    expect(names('*')).toEqual(['empty.txt', 'top.txt']);
    expect(names('conf/?.txt')).toEqual(['conf/a.txt']);
  });

  it('supports alternatives and negated character lists', () => {
    expect(names('conf/{a,b}.*')).toEqual(['conf/a.txt', 'conf/b.yaml']);
    expect(names('conf/[!a].*')).toEqual(['conf/b.yaml']);
    expect(names('conf/[a-b].*')).toEqual(['conf/a.txt', 'conf/b.yaml']);
  });

  it('matches everything when the pattern does not compile, as Helm falls back to **', () => {
    expect(compileGlob('[')).toBeUndefined();
    expect(names('[')).toEqual(Object.keys(chartFiles).sort());
  });
});

describe('.Files accessors', () => {
  it('Get returns the text, or empty for a missing file', () => {
    expect(files.get('top.txt')).toBe('hello');
    expect(files.get('nope.txt')).toBe('');
    expect(files.getBytes('nope.txt')).toBeNull();
  });

  it('Lines drops the final newline, gives no lines for a missing file and fails like Helm on an empty one', () => {
    expect(files.lines('conf/a.txt')).toEqual(['a', 'b']);
    expect(files.lines('nope')).toEqual([]);
    expect(() => files.lines('empty.txt')).toThrow('runtime error: index out of range [-1]');
  });

  it('AsConfig and AsSecrets key files by base name, secrets in base64', () => {
    const g = new FilesOps(files.glob('conf/**'), (m) => JSON.stringify(m));
    expect(JSON.parse(g.asConfig())).toEqual({ 'a.txt': 'a\nb\n', 'b.yaml': 'x: 1', 'c.txt': 'deep' });
    expect(JSON.parse(g.asSecrets())).toEqual({ 'a.txt': 'YQpiCg==', 'b.yaml': 'eDogMQ==', 'c.txt': 'ZGVlcA==' });
    // No files at all (a Glob that matched nothing) is an empty map.
    expect(new FilesOps({}, JSON.stringify).asConfig()).toBe('{}');
    expect(new FilesOps({}, JSON.stringify).asSecrets()).toBe('{}');
  });
});
