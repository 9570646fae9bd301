// TOML decoding exactly as Helm's fromToml does it (BurntSushi/toml v1.6.0 into
// map[string]interface {}): same values, same accepted documents, same error texts.
import type { GoMap } from '../../gotemplate/value.js';
import type { Location } from '../funcs/sprig/extra/gotime/location.js';
import { TomlParseError } from './errors.js';
import { Parser } from './parser.js';

export { TomlParseError } from './errors.js';
export { localKind, type LocalKind } from './zones.js';
export { escapeBasic, keyPart } from './key.js';

export interface DecodeOptions {
  /** Go's time.Local, where offset date-times with its offset land. */
  local: Location;
  /**
   * The offset (seconds east of UTC) of the zones local date-times, dates and times get:
   * BurntSushi takes time.Local's offset when the process starts. Default: `local`'s offset now.
   */
  localOffset?: number;
}

/** BurntSushi reads UTF-16 as NUL bytes early on: a NUL in the first six bytes is refused as such. */
function nulInFirstSixBytes(s: string): boolean {
  let bytes = 0;
  for (const c of s) {
    if (bytes >= 6) return false;
    if (c === '\0') return true;
    bytes += Buffer.byteLength(c);
  }
  return false;
}

/** Decodes a TOML document; throws TomlParseError with BurntSushi's message when it is invalid. */
export function decodeToml(text: string, opts: DecodeOptions): GoMap {
  const data = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (nulInFirstSixBytes(data)) {
    throw new TomlParseError(1, '', 'files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8');
  }
  const localOffset = opts.localOffset ?? opts.local.lookup(Math.floor(Date.now() / 1000)).offset;
  return new Parser(data, { local: opts.local, localOffset }).parse();
}
