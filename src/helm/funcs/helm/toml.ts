// Helm's toToml and fromToml. toToml writes what BurntSushi/toml's Encoder writes for Helm's
// values (sorted keys, plain values before tables, tables indented by depth, floats always
// with a decimal point); fromToml parses with smol-toml into the Go value model (integers
// int64, floats float64) and reports errors under "Error" as Helm does.
import { parse as parseToml } from 'smol-toml';
import { GoNumber, GoStruct, isGoMap, isNilCollection, type FuncMap, type GoMap, type GoValue } from '../../../gotemplate/value.js';
import { formatFloatG } from '../../gojson/index.js';

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

function fromTomlValue(v: unknown): GoValue {
  if (typeof v === 'bigint') return new GoNumber('int64', v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(v)) return v.map(fromTomlValue);
  const out: GoMap = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromTomlValue(x);
  return out;
}

export function fromToml(text: string): GoMap {
  try {
    return fromTomlValue(parseToml(text, { integersAsBigInt: true })) as GoMap;
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
