// What source-controller leaves out of a GitRepository artifact (fluxcd/pkg sourceignore with
// go-git's gitignore matching, which is not git's): `.sourceignore` files anywhere in the
// repository, then `spec.ignore`, after the VCS patterns; with no patterns of the user at all,
// the defaults (images, archives, CI files...) too. The last pattern that matches a path decides.
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
// filepath.Match; a malformed pattern matches nothing, as go-git treats the error.
import { goPathMatch as globMatch } from '../../helm/chart/ignore.js';
import { TransportError } from '../errors.js';

export const SOURCE_IGNORE_FILE = '.sourceignore';
const VCS_PATTERNS = ['.git/', '.gitignore', '.gitmodules', '.gitattributes'];
const DEFAULT_PATTERNS = [
  ...['*.jpg', '*.jpeg', '*.gif', '*.png', '*.wmv', '*.flv', '*.tar.gz', '*.zip'],
  ...['.github/', '.circleci/', '.travis.yml', '.gitlab-ci.yml', 'appveyor.yml', '.drone.yml', 'cloudbuild.yaml', 'codeship-services.yml', 'codeship-steps.yml'],
  ...['**/.goreleaser.yml', '**/.sops.yaml', '**/.flux.yaml'],
];

type MatchResult = 'none' | 'exclude' | 'include';

/** One pattern line, scoped to the directory (`domain`, path components) its file is in. */
export class IgnorePattern {
  private readonly parts: string[];
  private readonly inclusion: boolean;
  private readonly dirOnly: boolean;
  private readonly anchored: boolean;

  constructor(
    text: string,
    private readonly domain: readonly string[] = [],
  ) {
    let p = text;
    this.inclusion = p.startsWith('!');
    if (this.inclusion) p = p.slice(1);
    if (!p.endsWith('\\ ')) p = p.replace(/ +$/, '');
    this.dirOnly = p.endsWith('/');
    if (this.dirOnly) p = p.slice(0, -1);
    // With a "/" inside, the pattern is matched from the domain down; without, against any name.
    this.anchored = p.includes('/');
    this.parts = p.split('/');
  }

  match(path: readonly string[], isDir: boolean): MatchResult {
    if (path.length <= this.domain.length) return 'none';
    for (let i = 0; i < this.domain.length; i++) if (path[i] !== this.domain[i]) return 'none';
    const rest = path.slice(this.domain.length);
    const hit = this.anchored ? this.matchFromRoot(rest, isDir) : this.matchAnyName(rest, isDir);
    if (!hit) return 'none';
    return this.inclusion ? 'include' : 'exclude';
  }

  /** The name pattern against every component; a directory-only pattern not against the last one of a file. */
  private matchAnyName(path: readonly string[], isDir: boolean): boolean {
    for (let i = 0; i < path.length; i++) {
      if (!globMatch(this.parts[0] ?? '', path[i]!)) continue;
      return !(this.dirOnly && !isDir && i === path.length - 1);
    }
    return false;
  }

  /** Component by component from the top; `**` skips any number of directories; a match may leave a tail (what is inside). */
  private matchFromRoot(path: readonly string[], isDir: boolean): boolean {
    let rest = [...path];
    let matched = false;
    let traverse = false;
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      if (part === '') {
        traverse = false;
        continue;
      }
      if (part === '**') {
        if (i === this.parts.length - 1) break;
        traverse = true;
        continue;
      }
      if (part.includes('**')) return false;
      if (rest.length === 0) return false;
      if (traverse) {
        traverse = false;
        while (rest.length > 0) {
          const name = rest.shift()!;
          if (globMatch(part, name)) {
            matched = true;
            break;
          }
          if (rest.length === 0) matched = false;
        }
      } else {
        if (!globMatch(part, rest[0]!)) return false;
        matched = true;
        rest = rest.slice(1);
      }
    }
    if (matched && this.dirOnly && !isDir && rest.length === 0) return false;
    return matched;
  }
}

/** The pattern lines of a .sourceignore text or spec.ignore: comments and blank lines skipped. */
export function readIgnorePatterns(text: string, domain: readonly string[] = []): IgnorePattern[] {
  return text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('#') && line.trim() !== '')
    .map((line) => new IgnorePattern(line, domain));
}

/** A directory's entries in name order, as Go's os.ReadDir (pattern order decides matches). */
async function entries(dir: string): Promise<Dirent[]> {
  return (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every .sourceignore below `root` (not inside .git), each scoped to its directory. */
export async function loadIgnorePatterns(root: string, domain: readonly string[] = []): Promise<IgnorePattern[]> {
  const dir = join(root, ...domain);
  const out: IgnorePattern[] = [];
  try {
    out.push(...readIgnorePatterns(await readFile(join(dir, SOURCE_IGNORE_FILE), 'utf8'), domain));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const e of await entries(dir)) {
    if (e.isDirectory() && e.name !== '.git') out.push(...(await loadIgnorePatterns(root, [...domain, e.name])));
  }
  return out;
}

/** true when a path (components below the root) is left out of the artifact. */
export type IgnoreMatcher = (path: readonly string[], isDir: boolean) => boolean;

/** source-controller's SourceIgnoreFilter over the user's patterns. */
export function sourceIgnoreMatcher(userPatterns: readonly IgnorePattern[]): IgnoreMatcher {
  const vcs = VCS_PATTERNS.map((p) => new IgnorePattern(p));
  const patterns = userPatterns.length > 0 ? [...vcs, ...userPatterns] : [...vcs, ...DEFAULT_PATTERNS.map((p) => new IgnorePattern(p)), ...userPatterns];
  return (path, isDir) => {
    for (let i = patterns.length - 1; i >= 0; i--) {
      const r = patterns[i]!.match(path, isDir);
      if (r !== 'none') return r === 'exclude';
    }
    return false;
  };
}

/**
 * Removes every non-directory entry below `root` (the root .git directory aside) for which
 * `drop(path components, is a regular file)` is true.
 */
async function removeFiles(root: string, drop: (path: readonly string[], isFile: boolean) => boolean): Promise<void> {
  const walk = async (rel: string[]): Promise<void> => {
    for (const e of await entries(join(root, ...rel))) {
      const path = [...rel, e.name];
      if (e.isDirectory()) {
        // The VCS directory never reaches the artifact; no need to walk it.
        if (rel.length === 0 && e.name === '.git') continue;
        await walk(path);
      } else if (drop(path, e.isFile())) {
        await rm(join(root, ...path), { force: true });
      }
    }
  };
  await walk([]);
}

/**
 * Makes a checkout what its artifact would hold: removes ignored files and what the archiver
 * skips (anything neither a regular file nor a directory, e.g. symlinks).
 */
export async function pruneToArtifact(root: string, specIgnore: string | undefined): Promise<void> {
  const patterns = await loadIgnorePatterns(root);
  if (specIgnore !== undefined) patterns.push(...readIgnorePatterns(specIgnore));
  const ignored = sourceIgnoreMatcher(patterns);
  await removeFiles(root, (path, isFile) => !isFile || ignored(path, false));
}

/**
 * spec.sparseCheckout as go-git applies it (Index.SkipUnless): only files whose path starts with
 * one of the entries (a plain string prefix) are checked out; then source-controller checks
 * that each entry exists in the result.
 */
export async function pruneToSparseCheckout(root: string, dirs: readonly string[]): Promise<void> {
  // source-controller trims a leading "./" (go-git would not match it) before checking out.
  const prefixes = dirs.map((d) => (d.startsWith('./') ? d.slice(2) : d));
  await removeFiles(root, (path) => !prefixes.some((d) => path.join('/').startsWith(d)));
  await removeEmptyDirs(root, []);
  for (const dir of dirs) {
    try {
      await lstat(join(root, dir));
    } catch {
      throw new TransportError('NotFound', `sparse checkout dir '${dir}' does not exist in repository`);
    }
  }
}

/** Directories left without files are not in a checkout either. */
async function removeEmptyDirs(root: string, rel: string[]): Promise<boolean> {
  let empty = true;
  for (const e of await entries(join(root, ...rel))) {
    if (e.isDirectory() && !(rel.length === 0 && e.name === '.git') && (await removeEmptyDirs(root, [...rel, e.name]))) {
      await rm(join(root, ...rel, e.name), { recursive: true, force: true });
    } else {
      empty = false;
    }
  }
  return empty;
}
