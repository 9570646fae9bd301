// Helm's toToml and fromToml. toToml writes what BurntSushi/toml's Encoder writes for Helm's
// values (sorted keys, plain values before tables, tables indented by depth, floats always
// with a decimal point); fromToml decodes with our port of BurntSushi's decoder
// (src/helm/toml) and reports errors under "Error" as Helm does.
import { GoNumber, GoStruct, isGoMap, isNilCollection, type FuncMap, type GoMap, type GoValue } from '../../../gotemplate/value.js';
import { formatFloatG } from '../../gojson/index.js';
import { decodeToml, escapeBasic, localKind, TomlParseError } from '../../toml/index.js';
import { localLocation, UTC, type Location } from '../sprig/extra/gotime/location.js';
import { GoTime, inLocation } from '../sprig/extra/gotime/time.js';
import { onSnapshotRestore } from '../../../runtime/snapshot-restore.js';

const LOCAL_LAYOUTS = { datetime: '2006-01-02T15:04:05.999999999', date: '2006-01-02', time: '15:04:05.999999999' } as const;

class TomlEncodeError extends Error {}

const INDENT = '  ';
const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteKey(k: string): string {
  return BARE_KEY.test(k) ? k : quoteString(k);
}

function quoteString(s: string): string {
  return `"${escapeBasic(s)}"`;
}

/** Whether a NaN has its sign bit set (BurntSushi writes it as -nan). */
function negativeNaN(v: number): boolean {
  const f = new Float64Array([v]);
  return (new Uint8Array(f.buffer)[7]! & 0x80) !== 0;
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
    if (Number.isNaN(v)) return negativeNaN(v) ? '-nan' : 'nan';
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
  // BurntSushi writes a time.Time as a TOML offset date-time (RFC 3339 with nanoseconds), but
  // the local date-times, dates and times its decoder makes as such, in UTC.
  if (isTime(v)) {
    const kind = v instanceof GoTime ? localKind(v.loc) : undefined;
    if (kind === undefined) return v.Format('2006-01-02T15:04:05.999999999Z07:00');
    return inLocation(v as GoTime, UTC).Format(LOCAL_LAYOUTS[kind]);
  }
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

/**
 * toToml: the TOML text, or the encoder's error message (Helm returns err.Error()). A nil value
 * makes BurntSushi's encoder panic through reflect, which fails the template in Helm.
 */
export function toToml(v: GoValue): string {
  if (v === null || v === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
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

export interface TomlFuncsOptions {
  /** Go's time.Local for fromToml's offset date-times (default: from the TZ environment). */
  local?: Location;
  /**
   * time.Local's offset when Helm started, in seconds east of UTC: the offset of the zones of
   * local date-times, dates and times (default: `local`'s offset when first needed).
   */
  localOffset?: number;
}

// Read once per process, as a Go program reads them at start-up; a process started from the
// start-up snapshot reads its own TZ, not the one of the snapshot's warm-up.
let systemLocal: { local: Location; localOffset: number } | undefined;
onSnapshotRestore(() => {
  systemLocal = undefined;
});

/** Go's time.Local from the TZ environment and its offset, read once as a Go program does. */
function defaultLocal(): { local: Location; localOffset: number } {
  if (!systemLocal) {
    const local = localLocation(process.env.TZ);
    systemLocal = { local, localOffset: local.lookup(Math.floor(Date.now() / 1000)).offset };
  }
  return systemLocal;
}

/**
 * fromToml: the document decoded as BurntSushi/toml v1.6.0 decodes it into
 * map[string]interface {}, or a map holding only "Error" with its error text, as Helm returns.
 */
export function fromToml(text: string, opts: TomlFuncsOptions = {}): GoMap {
  const local = opts.local ?? defaultLocal().local;
  const localOffset = opts.localOffset ?? (opts.local ? undefined : defaultLocal().localOffset);
  try {
    return decodeToml(text, { local, localOffset });
  } catch (e) {
    if (!(e instanceof TomlParseError)) throw e;
    const m = Object.create(null) as GoMap;
    m['Error'] = e.message;
    return m;
  }
}

export function tomlFuncs(opts: TomlFuncsOptions = {}): FuncMap {
  return {
    toToml: { params: ['interface {}'], fn: (v) => toToml(v ?? null) },
    fromToml: { params: ['string'], fn: (s) => fromToml(s as string, opts) },
  };
}
