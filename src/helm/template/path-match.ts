// Go's path/filepath.Match on '/'-separated names: `*` and `?` never match '/', `[...]` classes
// with `^` negation and ranges, `\` escapes. A malformed pattern matches nothing (Helm ignores
// the ErrBadPattern it gets).

function esc(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function escClass(c: string): string {
  return c === '-' ? '\\-' : esc(c);
}

function toRegExp(pattern: string): RegExp | undefined {
  const chars = [...pattern];
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i++]!;
    if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '\\') {
      if (i >= chars.length) return undefined;
      out += esc(chars[i++]!);
    } else if (c === '[') {
      let negate = false;
      if (chars[i] === '^') {
        negate = true;
        i++;
      }
      let body = '';
      let first = true;
      let closed = false;
      while (i < chars.length) {
        let lo = chars[i++]!;
        if (lo === ']' && !first) {
          closed = true;
          break;
        }
        first = false;
        if (lo === '\\') {
          if (i >= chars.length) return undefined;
          lo = chars[i++]!;
        } else if (lo === '-' || lo === ']') {
          return undefined;
        }
        if (chars[i] === '-') {
          i++;
          let hi = chars[i++];
          if (hi === undefined || hi === ']') return undefined;
          if (hi === '\\') {
            hi = chars[i++];
            if (hi === undefined) return undefined;
          }
          if (hi < lo) return undefined;
          body += `${escClass(lo)}-${escClass(hi)}`;
        } else {
          body += escClass(lo);
        }
      }
      if (!closed) return undefined;
      // A class never matches the separator.
      out += negate ? `(?![/])[^${body}]` : `(?![/])[${body}]`;
    } else {
      out += esc(c);
    }
  }
  try {
    return new RegExp(`^${out}$`, 'su');
  } catch {
    return undefined;
  }
}

/** filepath.Match(pattern, name) on Linux, with errors treated as "no match". */
export function goPathMatch(pattern: string, name: string): boolean {
  const re = toRegExp(pattern);
  return re !== undefined && re.test(name);
}
