// Go string semantics on JavaScript strings. Go strings are UTF-8 byte sequences and many
// Sprig functions index them by byte, so these helpers convert to bytes only when a string
// is not pure ASCII (where bytes and UTF-16 units coincide).

const ASCII = /^[\x00-\x7f]*$/;

export function isAscii(s: string): boolean {
  return ASCII.test(s);
}

/** len(s) in Go: the UTF-8 byte length. */
export function byteLen(s: string): number {
  return isAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

/**
 * s[start:end] in Go, by bytes. Cutting inside a multi-byte character yields invalid UTF-8 in
 * Go; JavaScript strings cannot hold that, so those bytes decode to U+FFFD.
 */
export function byteSlice(s: string, start: number, end?: number): string {
  if (isAscii(s)) return s.slice(start, end);
  return Buffer.from(s, 'utf8').subarray(start, end).toString('utf8');
}

/** Go's runtime panic for a bad s[a:b] (the message text/template reports). */
export function checkSliceBounds(len: number, start: number | undefined, end: number | undefined): void {
  const lo = start ?? 0;
  const hi = end ?? len;
  if (end !== undefined && hi < 0) throw new Error(`runtime error: slice bounds out of range [:${hi}]`);
  if (end !== undefined && hi > len) {
    throw new Error(`runtime error: slice bounds out of range [:${hi}] with length ${len}`);
  }
  if (lo < 0) throw new Error(`runtime error: slice bounds out of range [${lo}:]`);
  if (lo > hi) {
    throw new Error(`runtime error: slice bounds out of range [${lo}:${hi}]`);
  }
}

/** Code points of s, as Go's `for _, r := range s` sees them. */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

export function fromRunes(rs: number[]): string {
  let out = '';
  for (const r of rs) out += String.fromCodePoint(r);
  return out;
}

// unicode package predicates (Unicode categories as Go's tables define them).
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const TITLE = /^\p{Lt}$/u;
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
const PUNCT = /^\p{P}$/u;
const WHITE = /^\p{White_Space}$/u;

export const isUpper = (r: number): boolean => (r < 0x80 ? r >= 0x41 && r <= 0x5a : UPPER.test(String.fromCodePoint(r)));
export const isLower = (r: number): boolean => (r < 0x80 ? r >= 0x61 && r <= 0x7a : LOWER.test(String.fromCodePoint(r)));
export const isTitle = (r: number): boolean => r >= 0x80 && TITLE.test(String.fromCodePoint(r));
export const isLetter = (r: number): boolean => LETTER.test(String.fromCodePoint(r));
export const isNumber = (r: number): boolean => NUMBER.test(String.fromCodePoint(r));
export const isPunct = (r: number): boolean => PUNCT.test(String.fromCodePoint(r));

/** unicode.IsSpace. */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return WHITE.test(String.fromCodePoint(r));
}

/** unicode.ToUpper: a one-rune mapping; JavaScript's multi-character expansions (ß → SS) do not apply. */
export function toUpperRune(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  const up = String.fromCodePoint(r).toUpperCase();
  const cp = up.codePointAt(0)!;
  return up.length === String.fromCodePoint(cp).length ? cp : r;
}

export function toLowerRune(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r === 0x130) return 0x69; // İ: Go's simple mapping, JavaScript's is two code points
  const low = String.fromCodePoint(r).toLowerCase();
  const cp = low.codePointAt(0)!;
  return low.length === String.fromCodePoint(cp).length ? cp : r;
}

/** unicode.ToTitle: upper case except for the Latin digraphs, which have their own title forms. */
export function toTitleRune(r: number): number {
  if (r >= 0x1c4 && r <= 0x1c6) return 0x1c5;
  if (r >= 0x1c7 && r <= 0x1c9) return 0x1c8;
  if (r >= 0x1ca && r <= 0x1cc) return 0x1cb;
  if (r >= 0x1f1 && r <= 0x1f3) return 0x1f2;
  return toUpperRune(r);
}

export function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(f(ch.codePointAt(0)!));
  return out;
}

export function goToUpper(s: string): string {
  return isAscii(s) ? s.toUpperCase() : mapRunes(s, toUpperRune);
}

export function goToLower(s: string): string {
  return isAscii(s) ? s.toLowerCase() : mapRunes(s, toLowerRune);
}

const ASCII_SPACE_EDGES = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  if (isAscii(s)) return s.replace(ASCII_SPACE_EDGES, '');
  const rs = runes(s);
  let i = 0;
  let j = rs.length;
  while (i < j && isSpace(rs[i]!)) i++;
  while (j > i && isSpace(rs[j - 1]!)) j--;
  return i === 0 && j === rs.length ? s : fromRunes(rs.slice(i, j));
}

/** strings.Trim(s, cutset): strips leading and trailing runes contained in cutset. */
export function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = new Set(runes(cutset));
  const rs = runes(s);
  let i = 0;
  let j = rs.length;
  while (i < j && cut.has(rs[i]!)) i++;
  while (j > i && cut.has(rs[j - 1]!)) j--;
  return fromRunes(rs.slice(i, j));
}

/** strings.Replace(s, old, new, -1); an empty `old` matches before every rune and at the end. */
export function replaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    const parts = Array.from(s);
    return repl + parts.map((p) => p + repl).join('');
  }
  return s.split(old).join(repl);
}

/** strings.SplitN(s, sep, n); n < 0 means all. n == 0 returns null (a nil slice). */
export function splitN(s: string, sep: string, n: number): string[] | null {
  if (n === 0) return null;
  if (sep === '') {
    const parts = Array.from(s);
    if (n < 0 || n >= parts.length) return parts;
    return [...parts.slice(0, n - 1), parts.slice(n - 1).join('')];
  }
  const all = s.split(sep);
  if (n < 0 || n >= all.length) return all;
  return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)];
}

/**
 * Some goutils helpers walk a string byte by byte and write each byte back as a rune, which
 * turns every non-ASCII byte into its Latin-1 character. This reproduces that transformation.
 */
export function bytesAsRunes(s: string): number[] {
  if (isAscii(s)) return runes(s);
  return Array.from(Buffer.from(s, 'utf8'));
}
