// Helm's toToml and fromToml. toToml writes what BurntSushi/toml's Encoder writes for Helm's
// values (sorted keys, plain values before tables, tables indented by depth, floats always
// with a decimal point); fromToml parses with smol-toml into the Go value model (integers
// int64, floats float64, date-times time.Time) and reports errors under "Error" as Helm does.
import { parse as parseToml, TomlDate } from 'smol-toml';
import { GoNumber, GoStruct, isGoMap, isNilCollection, typedSlice, type FuncMap, type GoMap, type GoValue } from '../../../gotemplate/value.js';
import { formatFloatG } from '../../gojson/index.js';
import { fixedZone, UTC, type Location } from '../sprig/extra/gotime/location.js';
import { GoTime } from '../sprig/extra/gotime/time.js';

class TomlEncodeError extends Error {}

const INDENT = '  ';
const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteKey(k: string): string {
  return BARE_KEY.test(k) ? k : quoteString(k);
}

function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
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
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      default:
        out += c < 0x20 || c === 0x7f ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : ch;
    }
  }
  return `${out}"`;
}

/** BurntSushi skips nil values (nil interfaces, and nil maps and slices). */
function isNil(v: GoValue): boolean {
  return v === null || v === undefined || isNilCollection(v);
}

function isTable(v: GoValue): v is GoMap {
  return isGoMap(v);
}

function isTableArray(v: GoValue): v is GoMap[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => isTable(x));
}

/** Go's time.Time as the value model holds it (src/helm/funcs/sprig/extra/gotime). */
interface TimeLike {
  goType: 'time.Time';
  Format(layout: string): string;
}

function isTime(v: GoValue): v is GoStruct & TimeLike {
  return v instanceof GoStruct && v.goType === 'time.Time' && typeof (v as Partial<TimeLike>).Format === 'function';
}

/** A TextMarshaler (semver.Version): BurntSushi writes its text as a string. */
function marshalText(v: GoStruct): string | undefined {
  const m = (v as { marshalGoText?: () => string }).marshalGoText;
  return typeof m === 'function' ? m.call(v) : undefined;
}

function scalar(v: GoValue): string {
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    // strconv 'g' formatting, with ".0" added when it reads as an integer.
    const s = formatFloatG(v);
    return /[.eE]/.test(s) ? s : `${s}.0`;
  }
  if (v instanceof GoNumber) {
    if (typeof v.value === 'bigint') return v.value.toString();
    return scalar(v.value);
  }
  if (Array.isArray(v)) {
    if (v.some(isNil)) throw new TomlEncodeError('toml: cannot encode array with nil element');
    return `[${v.map(scalar).join(', ')}]`;
  }
  if (isGoMap(v)) {
    // A table inside an array that also holds other values: an inline table.
    const keys = sortedKeys(v).filter((k) => !isNil(v[k]));
    return `{${keys.map((k) => `${quoteKey(k)} = ${scalar(v[k]!)}`).join(', ')}}`;
  }
  if (v instanceof Uint8Array) return `[${[...v].join(', ')}]`;
  // BurntSushi writes a time.Time as a TOML offset date-time (RFC 3339 with nanoseconds).
  if (isTime(v)) return v.Format('2006-01-02T15:04:05.999999999Z07:00');
  if (v instanceof GoStruct) {
    const text = marshalText(v);
    return text !== undefined ? quoteString(text) : '{}';
  }
  throw new TomlEncodeError(`toml: unsupported type: ${typeof v}`);
}

class Encoder {
  out = '';
  private wrote = false;

  private write(s: string): void {
    this.out += s;
    this.wrote = true;
  }

  private newline(): void {
    if (this.wrote) this.out += '\n';
  }

  private indent(key: string[]): string {
    return INDENT.repeat(Math.max(0, key.length - 1));
  }

  encodeMap(key: string[], m: GoMap): void {
    const keys = sortedKeys(m);
    const direct: string[] = [];
    const sub: string[] = [];
    for (const k of keys) {
      const v = m[k];
      if (isNil(v)) continue;
      if (isTable(v) || isTableArray(v)) sub.push(k);
      else direct.push(k);
    }
    for (const k of direct) {
      const full = [...key, k];
      this.write(`${this.indent(full)}${quoteKey(k)} = ${scalar(m[k]!)}`);
      this.newline();
    }
    for (const k of sub) {
      const full = [...key, k];
      const v = m[k]!;
      if (isTableArray(v)) {
        for (const t of v) {
          this.newline();
          this.write(`${this.indent(full)}[[${full.map(quoteKey).join('.')}]]`);
          this.newline();
          this.encodeMap(full, t);
        }
      } else {
        if (full.length === 1) this.newline();
        this.write(`${this.indent(full)}[${full.map(quoteKey).join('.')}]`);
        this.newline();
        this.encodeMap(full, v as GoMap);
      }
    }
  }
}

function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** toToml: the TOML text, or the encoder's error message (Helm returns err.Error()). */
export function toToml(v: GoValue): string {
  if (v === null || v === undefined) return '';
  if (!isGoMap(v)) {
    // A value that is not a table is written alone, inline, without a newline.
    try {
      return scalar(v);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
  const e = new Encoder();
  try {
    e.encodeMap([], v);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return e.out;
}

// BurntSushi reads local date-times, dates and times into time.Time values in these zones
// (offset 0), and offset date-times in their own offset (UTC for Z).
const DATETIME_LOCAL = fixedZone('datetime-local', 0);
const DATE_LOCAL = fixedZone('date-local', 0);
const TIME_LOCAL = fixedZone('time-local', 0);

/** A TOML date/time (smol-toml's TomlDate, millisecond precision) as BurntSushi's time.Time. */
function tomlTime(d: TomlDate): GoTime {
  const ms = d.getTime();
  const sec = Math.floor(ms / 1000);
  const nsec = (ms - sec * 1000) * 1_000_000;
  let loc: Location;
  if (d.isDate()) loc = DATE_LOCAL;
  else if (d.isTime()) loc = TIME_LOCAL;
  else if (d.isLocal()) loc = DATETIME_LOCAL;
  else {
    const iso = d.toISOString();
    const m = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (m === null) loc = UTC;
    else {
      const offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
      loc = offset === 0 ? UTC : fixedZone('', offset);
    }
  }
  return new GoTime(sec, nsec, loc);
}

/** One key of a TOML header: bare, "basic" (JSON-like escapes) or 'literal'. */
const HEADER_KEY = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(\.|$)/y;

/**
 * The key paths of the `[[array.of.tables]]` headers in a document (joined with NUL). BurntSushi
 * decodes those arrays as []map[string]interface {}, and arrays of inline tables as
 * []interface {}; smol-toml's result does not tell them apart.
 */
function arrayTablePaths(text: string): Set<string> {
  const paths = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*\[\[(.*)\]\][ \t]*(?:#.*)?$/gm)) {
    const keys: string[] = [];
    HEADER_KEY.lastIndex = 0;
    const inner = m[1]!;
    for (let k = HEADER_KEY.exec(inner); k !== null; k = HEADER_KEY.exec(inner)) {
      keys.push(k[1] ?? k[3] ?? (JSON.parse(`"${k[2]}"`) as string));
      if (k[4] === '') break;
    }
    paths.add(keys.join('\0'));
  }
  return paths;
}

function fromTomlValue(v: unknown, path: string, tablePaths: Set<string>): GoValue {
  if (typeof v === 'bigint') return new GoNumber('int64', v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof TomlDate) return tomlTime(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => fromTomlValue(x, `${path}\0[]`, tablePaths));
    return tablePaths.has(path) ? typedSlice(items, '[]map[string]interface {}') : items;
  }
  const out: GoMap = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    // Elements of an array of tables continue its path (a nested [[a.b]] names a.b).
    const base = path.endsWith('\0[]') ? path.slice(0, -3) : path;
    out[k] = fromTomlValue(x, base === '' ? k : `${base}\0${k}`, tablePaths);
  }
  return out;
}

export function fromToml(text: string): GoMap {
  try {
    return fromTomlValue(parseToml(text, { integersAsBigInt: true }), '', arrayTablePaths(text)) as GoMap;
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    return { Error: `toml: ${first}` };
  }
}

export function tomlFuncs(): FuncMap {
  return {
    toToml: { params: ['interface {}'], fn: (v) => toToml(v ?? null) },
    fromToml: { params: ['string'], fn: (s) => fromToml(s as string) },
  };
}
