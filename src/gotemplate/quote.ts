// Go's strconv quoting (Quote, QuoteToASCII, QuoteRune, CanBackquote, IsPrint) on JS strings.
// JS strings are UTF-16; runes are code points. A lone surrogate stands for an invalid rune.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  if (r > 0x10ffff) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCodePoint(r);
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) {
    return String.fromCodePoint(r);
  }
  switch (r) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex(r, 2);
  let rr = r;
  if (rr > 0x10ffff || (rr >= 0xd800 && rr <= 0xdfff)) rr = 0xfffd;
  if (rr < 0x10000) return '\\u' + hex(rr, 4);
  return '\\U' + hex(rr, 8);
}

// Strings made only of printable ASCII other than `"` and `\` (nearly every string a template
// quotes) are copied whole; otherwise runs of such characters are copied between escapes.
const PLAIN_DOUBLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  if (quote === 0x22 && PLAIN_DOUBLE.test(s)) return q + s + q;
  let out = q;
  let run = 0; // start of the run of characters copied as they are
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== quote && c !== 0x5c) continue;
    if (run < i) out += s.slice(run, i);
    let r = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        r = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    out += escapeRune(r, quote, asciiOnly);
    run = i + 1;
  }
  if (run < s.length) out += s.slice(run);
  return out + q;
}

/** strconv.Quote */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

function validRune(r: number): number {
  return r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) ? 0xfffd : r;
}

/** strconv.QuoteRune */
export function quoteRune(r: number): string {
  return "'" + escapeRune(validRune(r), 0x27, false) + "'";
}

/** strconv.QuoteRuneToASCII */
export function quoteRuneToASCII(r: number): string {
  return "'" + escapeRune(validRune(r), 0x27, true) + "'";
}

/** strconv.CanBackquote */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if ((c < 0x20 && c !== 9) || c === 0x60 || c === 0x7f) return false;
    } else if (c === 0xfeff) {
      return false;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (!(lo >= 0xdc00 && lo <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** Number of runes (code points) in s, as utf8.RuneCountInString counts them. */
export function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of a string (Go strings are bytes). */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** len(s) in bytes for a Go string. */
export function byteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair (2 code units) is 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}
