// libyaml's character classes and double-quoted escapes, as go-yaml v2 (Helm's toYaml,
// sigs.k8s.io/yaml) and v3 (kustomize's kyaml) both write them.

/** A line break for libyaml (LF, CR, NEL, LS, PS). */
export function isBreak(c: number | undefined): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * libyaml's is_printable: what it writes as is. Nothing outside the Basic Multilingual Plane is
 * (its test looks at UTF-8 lead bytes up to 0xEF only).
 */
export function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

/**
 * Whether a double-quoted scalar escapes the code point. libyaml's BOM test looks at the start
 * of the value wherever it is asked, so a value starting with U+FEFF has every character escaped.
 */
export function needsEscape(c: number, startsWithBom: boolean): boolean {
  return startsWithBom || !isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c;
}

const SHORT: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

/** The escape libyaml writes for a code point in a double-quoted scalar: `\n`, `\xXX`, `\uXXXX`, `\UXXXXXXXX`. */
export function escapeSequence(c: number): string {
  const s = SHORT[c];
  if (s !== undefined) return `\\${s}`;
  const [p, w] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${p}${c.toString(16).toUpperCase().padStart(w, '0')}`;
}
