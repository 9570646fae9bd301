// .helmignore, with Helm's own rules (pkg/ignore), which are not .gitignore's: patterns are Go
// filepath.Match globs, no "**", a pattern without "/" matches the base name only, a leading
// "/" anchors to the chart root, a trailing "/" matches directories only, and "!" rules ignore
// every path that does NOT match them.

export const HELM_IGNORE = '.helmignore';

/** Go's filepath.ErrBadPattern */
export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

/**
 * Compiles a Go filepath.Match pattern ("/"-separated, read by code point as Go reads runes) to
 * an anchored RegExp: `*` and `?` never match "/", a class may. Throws BadPatternError for a
 * pattern Go calls malformed.
 */
export function compileGoGlob(pattern: string): RegExp {
  const chars = [...pattern];
  let re = '';
  let i = 0;
  const esc = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const escInClass = (c: string) => c.replace(/[\\\]\[^-]/g, '\\$&');
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) throw new BadPatternError();
      re += esc(chars[i + 1]!);
      i += 2;
    } else if (c === '[') {
      i++;
      let cls = '';
      let negated = false;
      if (chars[i] === '^') {
        negated = true;
        i++;
      }
      let nrange = 0;
      const getEsc = (): string => {
        const ch = chars[i];
        if (ch === undefined || ch === '-' || ch === ']') throw new BadPatternError();
        if (ch === '\\') {
          i++;
          if (i >= chars.length) throw new BadPatternError();
        }
        const out = chars[i]!;
        i++;
        if (i >= chars.length) throw new BadPatternError();
        return out;
      };
      for (;;) {
        if (chars[i] === ']' && nrange > 0) {
          i++;
          break;
        }
        const lo = getEsc();
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          hi = getEsc();
          if (hi.codePointAt(0)! < lo.codePointAt(0)!) throw new BadPatternError();
        }
        cls += lo === hi ? escInClass(lo) : `${escInClass(lo)}-${escInClass(hi)}`;
        nrange++;
      }
      re += negated ? `[^${cls}]` : `[${cls}]`;
    } else {
      re += esc(c);
      i++;
    }
  }
  return new RegExp(`^${re}$`, 'su');
}

/** Go's filepath.Match(pattern, name), a malformed pattern matching nothing (as Helm's --show-only and go-git take the error). */
export function goPathMatch(pattern: string, name: string): boolean {
  let re: RegExp;
  try {
    re = compileGoGlob(pattern);
  } catch (e) {
    if (e instanceof BadPatternError) return false;
    throw e;
  }
  return re.test(name);
}

interface Pattern {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

function baseName(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t === '' ? '/' : t.slice(t.lastIndexOf('/') + 1);
}

export class IgnoreRules {
  private readonly patterns: Pattern[] = [];

  /** Parses a .helmignore file's text. Throws Helm's errors for "**" and malformed globs. */
  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    for (const line of text.split(/\r?\n/)) r.addRule(line);
    return r;
  }

  static empty(): IgnoreRules {
    return new IgnoreRules();
  }

  /** Helm always ignores dot files in templates/. */
  addDefaults(): void {
    this.addRule('templates/.?*');
  }

  get length(): number {
    return this.patterns.length;
  }

  addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    compileGoGlob(rule);
    const p: Pattern = { raw: rule, negate: false, mustDir: false, match: () => false };
    if (rule.startsWith('!')) {
      p.negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      p.mustDir = true;
      rule = rule.slice(0, -1);
    }
    if (rule.startsWith('/')) {
      const re = compileGoGlob(rule.slice(1));
      p.match = (n) => re.test(n);
    } else if (rule.includes('/')) {
      const re = compileGoGlob(rule);
      p.match = (n) => re.test(n);
    } else {
      const re = compileGoGlob(rule);
      p.match = (n) => re.test(baseName(n));
    }
    this.patterns.push(p);
  }

  /** Whether the chart-relative path ("/"-separated) is ignored. */
  ignore(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}
