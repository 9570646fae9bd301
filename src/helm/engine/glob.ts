// Glob patterns as gobwas/glob compiles them with '/' as the separator, which is what Helm's
// .Files.Glob uses: `*` and `?` stop at '/', `**` crosses it, `[abc]`, `[a-z]`, `[!...]`
// character lists, `{a,b}` alternatives (nestable) and `\` escapes. A pattern that does not
// compile is reported as undefined so the caller can fall back as Helm does.

function escapeRegExpChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function escapeClassChar(c: string): string {
  return c === '-' ? '\\-' : escapeRegExpChar(c);
}

class GlobSyntaxError extends Error {}

/** Compiles a glob to an anchored regular expression, or undefined when the pattern is invalid. */
export function compileGlob(pattern: string): RegExp | undefined {
  const chars = [...pattern];
  let i = 0;

  function parseSequence(inTerms: boolean): string {
    let out = '';
    while (i < chars.length) {
      const c = chars[i]!;
      if (inTerms && (c === ',' || c === '}')) return out;
      i++;
      switch (c) {
        case '\\': {
          if (i >= chars.length) throw new GlobSyntaxError('unclosed escape');
          out += escapeRegExpChar(chars[i++]!);
          break;
        }
        case '*':
          if (chars[i] === '*') {
            while (chars[i] === '*') i++;
            out += '[^]*';
          } else {
            out += '[^/]*';
          }
          break;
        case '?':
          out += '[^/]';
          break;
        case '[':
          out += parseList();
          break;
        case '{':
          out += parseTerms();
          break;
        default:
          out += escapeRegExpChar(c);
      }
    }
    if (inTerms) throw new GlobSyntaxError('unclosed terms');
    return out;
  }

  function parseList(): string {
    let negate = false;
    if (chars[i] === '!') {
      negate = true;
      i++;
    }
    let body = '';
    let closed = false;
    while (i < chars.length) {
      const c = chars[i++]!;
      if (c === ']') {
        closed = true;
        break;
      }
      if (c === '\\') {
        if (i >= chars.length) break;
        body += escapeClassChar(chars[i++]!);
        continue;
      }
      if (chars[i] === '-' && i + 1 < chars.length && chars[i + 1] !== ']') {
        const hi = chars[i + 1]!;
        i += 2;
        if (hi < c) throw new GlobSyntaxError('bad range');
        body += `${escapeClassChar(c)}-${escapeClassChar(hi)}`;
        continue;
      }
      body += escapeClassChar(c);
    }
    if (!closed || body === '') throw new GlobSyntaxError('unclosed list');
    return negate ? `[^${body}]` : `[${body}]`;
  }

  function parseTerms(): string {
    const alts: string[] = [];
    for (;;) {
      alts.push(parseSequence(true));
      const c = chars[i++];
      if (c === '}') break;
      if (c !== ',') throw new GlobSyntaxError('unclosed terms');
    }
    return `(?:${alts.join('|')})`;
  }

  try {
    return new RegExp(`^(?:${parseSequence(false)})$`, 'u');
  } catch {
    return undefined;
  }
}
