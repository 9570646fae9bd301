// Word-case conversions of the libraries Sprig delegates to: goutils (title-ish helpers that
// walk bytes) and huandu/xstrings (snake/kebab/camel case).
import {
  bytesAsRunes,
  fromRunes,
  isLetter,
  isLower,
  isNumber,
  isPunct,
  isSpace,
  isTitle,
  isUpper,
  runes,
  toLowerRune,
  toTitleRune,
  toUpperRune,
} from './gostrings.js';

/** strings.Title: upper-cases (title-cases) the first letter of each word. */
export function title(s: string): string {
  let prev = 0x20;
  const out: number[] = [];
  for (const r of runes(s)) {
    out.push(isTitleSeparator(prev) ? toTitleRune(r) : r);
    prev = r;
  }
  return fromRunes(out);
}

function isTitleSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f) return false;
    return true;
  }
  if (isLetter(r) || /^\p{Nd}$/u.test(String.fromCodePoint(r))) return false;
  return isSpace(r);
}

/** goutils.Uncapitalize: lower-cases the first rune of each whitespace-separated word. */
export function untitle(s: string): string {
  if (s === '') return s;
  let next = true;
  const out: number[] = [];
  for (const r of runes(s)) {
    if (isSpace(r)) {
      next = true;
      out.push(r);
    } else if (next) {
      out.push(toLowerRune(r));
      next = false;
    } else out.push(r);
  }
  return fromRunes(out);
}

/** goutils.SwapCase: word starts become title case, other lower case letters upper case. */
export function swapCase(s: string): string {
  if (s === '') return s;
  let whitespace = true;
  const out: number[] = [];
  for (const r of runes(s)) {
    if (isUpper(r) || isTitle(r)) {
      out.push(toLowerRune(r));
      whitespace = false;
    } else if (isLower(r)) {
      out.push(whitespace ? toTitleRune(r) : toUpperRune(r));
      whitespace = false;
    } else {
      out.push(r);
      whitespace = isSpace(r);
    }
  }
  return fromRunes(out);
}

/**
 * goutils.Initials. It walks bytes, so a non-ASCII initial comes out as the Latin-1
 * characters of its first byte, exactly as Helm prints it.
 */
export function initials(s: string): string {
  if (s === '') return s;
  let gap = true;
  const out: number[] = [];
  for (const b of bytesAsRunes(s)) {
    if (isSpace(b)) gap = true;
    else if (gap) {
      out.push(b);
      gap = false;
    }
  }
  return fromRunes(out);
}

/** goutils.DeleteWhiteSpace (byte-wise, like initials). */
export function deleteWhiteSpace(s: string): string {
  if (s === '') return s;
  const bs = bytesAsRunes(s);
  const kept = bs.filter((b) => !isSpace(b));
  if (kept.length === bs.length) return s;
  return fromRunes(kept);
}

const isConnector = (r: number): boolean => r === 0x2d || r === 0x5f || isSpace(r);

/**
 * Sprig's camelcase: xstrings.ToPascalCase. Connectors (`-`, `_`, spaces) are dropped and the
 * rune after them upper-cased; within a word that starts upper case the following capitals
 * are lowered (`HTTPServer` -> `Httpserver`), other words keep their case (`fooBar` -> `FooBar`).
 */
export function camelCase(s: string): string {
  if (s === '') return '';
  const rs = runes(s);
  let out = '';
  let i = 0;
  let r0 = 0;
  let firstUpper = false;
  while (i < rs.length) {
    r0 = rs[i++]!;
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out += String.fromCodePoint(r0);
  }
  // Only connectors, or a single rune: xstrings writes the last rune once more.
  if (i >= rs.length) return out + String.fromCodePoint(r0);
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++]!;
    if (isConnector(r0) && isConnector(r1)) {
      out += String.fromCodePoint(r1);
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += String.fromCodePoint(r1);
    }
  }
  return out + String.fromCodePoint(r0);
}

// xstrings' word splitter for snake/kebab case.
const enum Word {
  Invalid,
  Number,
  Upper,
  Alphabet,
  Connector,
  Punct,
  Other,
}

/** A letter that is not a CJK ideograph. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

interface Next {
  wt: Word;
  word: number[];
  rest: number[];
}

function nextWord(rs: number[]): Next {
  if (rs.length === 0) return { wt: Word.Invalid, word: [], rest: [] };
  let n = 1;
  const r = rs[0]!;
  const take = (pred: (x: number) => boolean): void => {
    while (n < rs.length && pred(rs[n]!)) n++;
  };
  let wt: Word;
  if (isConnector(r)) {
    wt = Word.Connector;
    take(isConnector);
  } else if (isPunct(r)) {
    wt = Word.Punct;
    take(isPunct);
  } else if (isUpper(r)) {
    wt = Word.Upper;
    if (n < rs.length) {
      const r2 = rs[n]!;
      if (isUpper(r2)) {
        n++;
        take(isUpper);
        // "HTTPStatus" splits as "HTTP" + "Status": the last capital starts the next word.
        if (n < rs.length && isAlphabet(rs[n]!)) n--;
      } else if (isAlphabet(r2)) {
        n++;
        take((x) => isAlphabet(x) && !isUpper(x));
      }
    }
  } else if (isAlphabet(r)) {
    wt = Word.Alphabet;
    take((x) => isAlphabet(x) && !isUpper(x));
  } else if (isNumber(r)) {
    wt = Word.Number;
    take(isNumber);
  } else {
    wt = Word.Other;
    take((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  }
  return { wt, word: rs.slice(0, n), rest: rs.slice(n) };
}

function lowerWord(wt: Word, word: number[], connector: number): string {
  if (wt !== Word.Upper && wt !== Word.Connector) return fromRunes(word);
  return fromRunes(word.map((r) => (isConnector(r) ? connector : isUpper(r) ? toLowerRune(r) : r)));
}

/** xstrings' camelCaseToLowerCase: ToSnakeCase ('_') and ToKebabCase ('-'). */
export function toLowerWords(s: string, connectorChar: '_' | '-'): string {
  if (s === '') return '';
  const connector = connectorChar.charCodeAt(0);
  const c = connectorChar;
  let out = '';
  let { wt, word, rest } = nextWord(runes(s));
  while (rest.length > 0) {
    if (wt !== Word.Connector) out += lowerWord(wt, word, connector);
    const prev = wt;
    const last = word;
    ({ wt, word, rest } = nextWord(rest));
    switch (prev) {
      case Word.Number:
        while (wt === Word.Alphabet || wt === Word.Number) {
          out += lowerWord(wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== Word.Invalid && wt !== Word.Punct && wt !== Word.Connector) out += c;
        break;
      case Word.Connector:
        out += lowerWord(prev, last, connector);
        break;
      case Word.Punct:
        break;
      default: {
        if (wt !== Word.Number) {
          if (wt !== Word.Connector && wt !== Word.Punct) out += c;
          break;
        }
        if (rest.length === 0) break;
        const num = word;
        ({ wt, word, rest } = nextWord(rest));
        // A number followed by a non-letter stays part of the previous word: "Bld4Floor" -> "bld4_floor".
        if (wt !== Word.Alphabet) {
          out += lowerWord(Word.Number, num, connector);
          if (wt !== Word.Connector && wt !== Word.Punct) out += c;
          break;
        }
        // Lower case letters after a number start a new word: "HTTP2xx" -> "http_2xx".
        out += c + lowerWord(Word.Number, num, connector);
        while (wt === Word.Alphabet || wt === Word.Number) {
          out += lowerWord(wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== Word.Invalid && wt !== Word.Connector && wt !== Word.Punct) out += c;
      }
    }
  }
  return out + lowerWord(wt, word, connector);
}
