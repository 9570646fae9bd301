// Sprig's regular-expression functions (regex.go): RE2 syntax and Go's regexp semantics.
// The plain forms use MustCompile (a bad pattern is a template error naming regexp.Compile),
// the must* forms return the compile error itself; regexMatch swallows it and says false.
import { GoFuncError, nilSlice, type FuncMap, type GoValue, typedSlice } from '../../../../gotemplate/value.js';
import { int, str } from './args.js';
import { GoRegexp, quoteMeta } from './goregexp.js';

function compile(expr: GoValue): GoRegexp {
  try {
    return GoRegexp.compile(str(expr));
  } catch (e) {
    throw new GoFuncError((e as Error).message);
  }
}

function mustCompile(expr: GoValue): GoRegexp {
  try {
    return GoRegexp.mustCompile(str(expr));
  } catch (e) {
    throw new GoFuncError((e as Error).message);
  }
}

const strings = (items: string[]): string[] => typedSlice(items, '[]string');

// Go's FindAllString returns nil when nothing matches, Split returns nil when n is 0.
const found = (items: string[]): GoValue[] => (items.length === 0 ? nilSlice('[]string') : strings(items));
const split = (re: GoRegexp, s: GoValue, n: GoValue): GoValue[] => (int(n) === 0 ? nilSlice('[]string') : strings(re.split(str(s), int(n))));

export function regexFuncs(): FuncMap {
  const s2 = ['string', 'string'] as const;
  const s3 = ['string', 'string', 'string'] as const;
  const ssi = ['string', 'string', 'int'] as const;
  return {
    regexMatch: {
      params: [...s2],
      fn: (re, s) => {
        try {
          return GoRegexp.compile(str(re)).matchString(str(s));
        } catch {
          return false;
        }
      },
    },
    mustRegexMatch: { params: [...s2], fn: (re, s) => compile(re).matchString(str(s)) },
    regexFindAll: { params: [...ssi], fn: (re, s, n) => found(mustCompile(re).findAllString(str(s), int(n))) },
    mustRegexFindAll: { params: [...ssi], fn: (re, s, n) => found(compile(re).findAllString(str(s), int(n))) },
    regexFind: { params: [...s2], fn: (re, s) => mustCompile(re).findString(str(s)) },
    mustRegexFind: { params: [...s2], fn: (re, s) => compile(re).findString(str(s)) },
    regexReplaceAll: { params: [...s3], fn: (re, s, repl) => mustCompile(re).replaceAll(str(s), str(repl), false) },
    mustRegexReplaceAll: { params: [...s3], fn: (re, s, repl) => compile(re).replaceAll(str(s), str(repl), false) },
    regexReplaceAllLiteral: { params: [...s3], fn: (re, s, repl) => mustCompile(re).replaceAll(str(s), str(repl), true) },
    mustRegexReplaceAllLiteral: { params: [...s3], fn: (re, s, repl) => compile(re).replaceAll(str(s), str(repl), true) },
    regexSplit: { params: [...ssi], fn: (re, s, n) => split(mustCompile(re), s, n) },
    mustRegexSplit: { params: [...ssi], fn: (re, s, n) => split(compile(re), s, n) },
    regexQuoteMeta: { params: ['string'], fn: (s) => quoteMeta(str(s)) },
  };
}
