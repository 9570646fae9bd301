// The GitRepository artifact filter as source-controller applies it (fluxcd/pkg sourceignore
// over go-git's gitignore matcher): the cases of its own tests, go-git's matching rules, the
// defaults that apply only when the user has no patterns, and .sourceignore files in subdirs.
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IgnorePattern, loadIgnorePatterns, pruneToArtifact, pruneToSparseCheckout, readIgnorePatterns, sourceIgnoreMatcher } from '../../src/sources/git/sourceignore.js';
import { tempDir } from './helpers.js';

const split = (p: string): string[] => p.split('/');

function matcherOf(text: string, domain: string[] = []) {
  const m = sourceIgnoreMatcher(readIgnorePatterns(text, domain));
  return (path: string) => m(split(path), false);
}

describe('ignore patterns', () => {
  it('excludes, and re-includes with !, the last matching pattern deciding', () => {
    const ignored = matcherOf('ignore-dir/*\n!ignore-dir/include\n');
    expect(ignored('ignore-dir/file.yaml')).toBe(true);
    expect(ignored('file.yaml')).toBe(false);
    expect(ignored('ignore-dir/include')).toBe(false);
  });

  it('skips comments and blank lines', () => {
    const ignored = matcherOf('ignore-dir/*\n\n# !ignore-dir/include');
    expect(ignored('ignore-dir/include')).toBe(true);
  });

  it('scopes the patterns of a .sourceignore to its directory', () => {
    const ignored = matcherOf('ignore-dir/*', ['domain', 'scoped']);
    expect(ignored('domain/scoped/ignore-dir/file.yaml')).toBe(true);
    expect(ignored('ignore-dir/file.yaml')).toBe(false);
  });

  it('matches a name without "/" at any depth, and everything below a matching directory', () => {
    const p = new IgnorePattern('build');
    expect(p.match(split('build'), false)).toBe('exclude');
    expect(p.match(split('a/build/x.yaml'), false)).toBe('exclude');
    expect(p.match(split('a/builder'), false)).toBe('none');
  });

  it('anchors a pattern with "/" to its directory; a leading "/" likewise', () => {
    expect(new IgnorePattern('a/b').match(split('a/b'), false)).toBe('exclude');
    expect(new IgnorePattern('a/b').match(split('a/b/c.txt'), false)).toBe('exclude');
    expect(new IgnorePattern('a/b').match(split('x/a/b'), false)).toBe('none');
    expect(new IgnorePattern('/top.txt').match(split('top.txt'), false)).toBe('exclude');
    expect(new IgnorePattern('/top.txt').match(split('d/top.txt'), false)).toBe('none');
  });

  it('lets ** stand for any number of directories', () => {
    const p = new IgnorePattern('**/secret.yaml');
    expect(p.match(split('secret.yaml'), false)).toBe('exclude');
    expect(p.match(split('a/b/secret.yaml'), false)).toBe('exclude');
    expect(new IgnorePattern('a/**/z').match(split('a/b/c/z'), false)).toBe('exclude');
    expect(new IgnorePattern('a/**').match(split('a/b/c'), false)).toBe('exclude');
  });

  it('a pattern ending in "/" matches directories only (so files below them, not a file of that name)', () => {
    const p = new IgnorePattern('logs/');
    expect(p.match(split('logs'), false)).toBe('none');
    expect(p.match(split('logs'), true)).toBe('exclude');
    expect(p.match(split('logs/today.txt'), false)).toBe('exclude');
  });

  it('uses Go filepath.Match globs; a malformed one matches nothing', () => {
    expect(new IgnorePattern('v[0-9].yaml').match(split('v1.yaml'), false)).toBe('exclude');
    expect(new IgnorePattern('v[^0-9].yaml').match(split('v1.yaml'), false)).toBe('none');
    expect(new IgnorePattern('[').match(split('['), false)).toBe('none');
  });
});

describe('defaults', () => {
  it('always leaves out VCS files', () => {
    const ignored = matcherOf('*.txt');
    expect(ignored('.git/config')).toBe(true);
    expect(ignored('.gitignore')).toBe(true);
    expect(ignored('workload.yaml')).toBe(false);
  });

  it('leaves out images, archives and CI files only when the user gave no pattern', () => {
    const none = matcherOf('');
    for (const p of ['image.jpg', 'archive.tar.gz', '.github/workflows/workflow.yaml', 'subdir/.flux.yaml', 'subdir2/.sops.yaml']) expect(none(p), p).toBe(true);
    for (const p of ['workload.yaml', 'workload.yml', 'simple.txt', 'chart-1.0.0.tgz']) expect(none(p), p).toBe(false);
    const some = matcherOf('*.txt');
    expect(some('image.jpg')).toBe(false);
    expect(some('simple.txt')).toBe(true);
  });
});

describe('a checkout pruned to its artifact', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function files(tree: Record<string, string>): void {
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }

  function left(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else out.push(relative(root, join(dir, e.name)));
      }
    };
    walk(root);
    return out.sort();
  }

  it('loads .sourceignore files in name order of their directories, each scoped to its own', async () => {
    files({ '.sourceignore': 'root.txt', 'd/.gitignore': 'ignored', 'z/.sourceignore': 'last.txt', 'a/b/.sourceignore': 'subdir.txt', 'e/last.txt': 'foo', 'a/c/subdir.txt': 'bar' });
    const ps = await loadIgnorePatterns(root);
    expect(ps).toEqual([new IgnorePattern('root.txt', []), new IgnorePattern('subdir.txt', ['a', 'b']), new IgnorePattern('last.txt', ['z'])]);
  });

  it('removes what the patterns and defaults leave out, and symlinks, and keeps the rest', async () => {
    files({
      'charts/app/Chart.yaml': 'name: app',
      'charts/app/files/logo.png': 'png',
      'charts/app/templates/cm.yaml': 'kind: ConfigMap',
      '.github/workflows/ci.yaml': 'on: push',
      '.git/HEAD': 'ref: refs/heads/main',
    });
    symlinkSync('Chart.yaml', join(root, 'charts/app/link.yaml'));
    await pruneToArtifact(root, undefined);
    expect(left()).toEqual(['.git/HEAD', 'charts/app/Chart.yaml', 'charts/app/templates/cm.yaml']);
  });

  it('applies spec.ignore after the .sourceignore files (and then no defaults)', async () => {
    files({
      '.sourceignore': 'charts/app/templates/*\n',
      'charts/app/Chart.yaml': 'name: app',
      'charts/app/files/logo.png': 'png',
      'charts/app/templates/cm.yaml': 'kind: ConfigMap',
      'charts/app/templates/keep.yaml': 'kind: Secret',
    });
    await pruneToArtifact(root, '!charts/app/templates/keep.yaml\n');
    expect(left()).toEqual(['.sourceignore', 'charts/app/Chart.yaml', 'charts/app/files/logo.png', 'charts/app/templates/keep.yaml']);
  });

  it('keeps for a sparse checkout the files whose path starts with an entry (a plain prefix, as go-git)', async () => {
    files({ 'README.md': 'r', 'charts/app/Chart.yaml': 'c', 'charts-old/app/Chart.yaml': 'o', 'deploy/x.yaml': 'x', '.git/HEAD': 'h' });
    await pruneToSparseCheckout(root, ['charts']);
    expect(left()).toEqual(['.git/HEAD', 'charts-old/app/Chart.yaml', 'charts/app/Chart.yaml']);
    expect(readdirSync(root).sort()).toEqual(['.git', 'charts', 'charts-old']);
    await expect(pruneToSparseCheckout(root, ['charts', 'deploy'])).rejects.toThrow("sparse checkout dir 'deploy' does not exist in repository");
    // A leading "./" is trimmed, as source-controller trims it.
    await pruneToSparseCheckout(root, ['./charts/app']);
    expect(left()).toEqual(['.git/HEAD', 'charts/app/Chart.yaml']);
  });
});
