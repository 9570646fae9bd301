// TOML keys as BurntSushi/toml prints them in messages and uses them as bookkeeping names:
// the parts joined with dots, a part quoted (with TOML escapes) unless it is a bare key.
export type Key = readonly string[];

/** BurntSushi's dblQuotedReplacer: what a basic string needs escaped. */
export function escapeBasic(s: string): string {
  let out = '';
  for (const c of s) {
    const r = c.codePointAt(0)!;
    switch (c) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\r':
        out += '\\r';
        break;
      default:
        out += r < 0x20 || r === 0x7f ? `\\u${r.toString(16).padStart(4, '0')}` : c;
    }
  }
  return out;
}

// The bare-key characters of the lexer (isBareKeyChar), as one pattern.
const BARE = /^[A-Za-z0-9_-]+$/;

/** One part of a key, quoted when it is empty or not all bare-key characters. */
export function keyPart(part: string): string {
  return BARE.test(part) ? part : `"${escapeBasic(part)}"`;
}

/** Key.String(). */
export function keyString(key: Key): string {
  return key.map(keyPart).join('.');
}
