// Go compares strings by their UTF-8 bytes; JavaScript by UTF-16 code units. The two orders
// differ only where a surrogate pair (a character above U+FFFF) meets U+E000..U+FFFF.

/** Orders strings by their UTF-8 bytes (Go's string comparison), not by UTF-16 code units. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

// Surrogates (which start characters above U+FFFF) rank above U+E000..U+FFFF, as their UTF-8
// lead bytes do.
function rank(c: number): number {
  if (c < 0xd800) return c;
  if (c <= 0xdfff) return c + 0x2000;
  return c - 0x800;
}
