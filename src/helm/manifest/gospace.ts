// Go's unicode.IsSpace, which differs from JavaScript's idea of whitespace (Go counts U+0085
// and not U+FEFF). Helm trims rendered documents with it, so byte-exact output depends on it.
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** strings.TrimLeftFunc(s, unicode.IsSpace) */
export function trimLeftGoSpace(s: string): string {
  return s.replace(GO_SPACE, '');
}

const GO_SPACE_RIGHT = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

/** strings.TrimSpace(s) */
export function trimGoSpace(s: string): string {
  return trimLeftGoSpace(s).replace(GO_SPACE_RIGHT, '');
}
