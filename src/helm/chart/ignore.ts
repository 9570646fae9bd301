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

/** Compiles a Go filepath.Match pattern ("/"-separated) to an anchored RegExp. */
export function compileGoGlob(pattern: string): RegExp {
  let re = '';
  let i = 0;
  const esc = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const escInClass = (c: string) => c.replace(/[\\\]\[^-]/g, '\\$&');
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) throw new BadPatternError();
      re += esc(pattern[i + 1]!);
      i += 2;
    } else if (c === '[') {
      i++;
      let cls = '';
      let negated = false;
      if (pattern[i] === '^') {
        negated = true;
        i++;
      }
      let nrange = 0;
      const getEsc = (): string => {
        const ch = pattern[i];
        if (ch === undefined || ch === '-' || ch === ']') throw new BadPatternError();
        if (ch === '\\') {
          i++;
          if (i >= pattern.length) throw new BadPatternError();
        }
        const out = pattern[i]!;
        i++;
        if (i >= pattern.length) throw new BadPatternError();
        return out;
      };
      for (;;) {
        if (pattern[i] === ']' && nrange > 0) {
          i++;
          break;
        }
        const lo = getEsc();
        let hi = lo;
        if (pattern[i] === '-') {
          i++;
          hi = getEsc();
          if (hi < lo) throw new BadPatternError();
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

/** Go's filepath.Match(pattern, name) */
export function goPathMatch(pattern: string, name: string): boolean {
  return compileGoGlob(pattern).test(name);
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
