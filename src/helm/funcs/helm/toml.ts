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

/** A value that is neither an array nor a table, written inline. */
function leaf(v: GoValue): string {
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
    return leaf(v.value);
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

/** An array or inline table still being written: its elements (or keys) and the next one. */
type InlineFrame = { items: GoValue[]; i: number } | { table: GoMap; keys: string[]; i: number };

/**
 * A value written inline: a scalar, an array, or a table inside an array that also holds other
 * values (an inline table). Nested arrays and tables are walked with an explicit stack, since
 * BurntSushi has no depth limit (helm writes arrays 20000 deep) and node's stack would run out.
 */
function inline(v: GoValue): string {
  if (!Array.isArray(v) && !isGoMap(v)) return leaf(v);
  let out = '';
  const stack: InlineFrame[] = [];
  let x: GoValue = v;
  for (;;) {
    // Open x (an array or table is checked before any of its elements is written)...
    if (Array.isArray(x)) {
      if (x.some(isNil)) throw new TomlEncodeError('toml: cannot encode array with nil element');
      out += '[';
      stack.push({ items: x, i: 0 });
    } else if (isGoMap(x)) {
      const t = x;
      out += '{';
      stack.push({ table: t, keys: sortedKeys(t).filter((k) => !isNil(t[k])), i: 0 });
    } else {
      out += leaf(x);
    }
    // ...then move to the next element, closing the arrays and tables that are done.
    for (;;) {
      const f = stack[stack.length - 1];
      if (!f) return out;
      if ('items' in f) {
        if (f.i < f.items.length) {
          if (f.i > 0) out += ', ';
          x = f.items[f.i++]!;
          break;
        }
        out += ']';
      } else {
        if (f.i < f.keys.length) {
          if (f.i > 0) out += ', ';
          const k = f.keys[f.i++]!;
          out += `${quoteKey(k)} = `;
          x = f.table[k]!;
          break;
        }
        out += '}';
      }
      stack.pop();
    }
  }
}

/** A table still to be written: its header line (after a blank line or not), then its keys. */
interface TableTask {
  table: GoMap;
  /** Its dotted key, quoted, as the header writes it. */
  path: string;
  /** How many keys its dotted key has. */
  depth: number;
  /** The header: "[a.b]", "[[a.b]]", or none for the top-level table. */
  header: string;
  /** Whether a newline goes before the header (array tables, and top-level tables). */
  blankBefore: boolean;
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

  /**
   * Writes the tables depth first, each one's plain keys before its sub-tables, from a stack of
   * tables still to write instead of recursion: BurntSushi has no depth limit (helm writes
   * tables 3000 deep) and node's stack would run out.
   */
  encode(top: GoMap): void {
    const todo: TableTask[] = [{ table: top, path: '', depth: 0, header: '', blankBefore: false }];
    for (let task = todo.pop(); task; task = todo.pop()) {
      const { table: m, path, depth } = task;
      if (task.blankBefore) this.newline();
      if (task.header !== '') {
        this.write(`${INDENT.repeat(Math.max(0, depth - 1))}${task.header}`);
        this.newline();
      }
      const direct: string[] = [];
      const sub: string[] = [];
      for (const k of sortedKeys(m)) {
        const v = m[k];
        if (isNil(v)) continue;
        if (isTable(v) || isTableArray(v)) sub.push(k);
        else direct.push(k);
      }
      const indent = INDENT.repeat(depth);
      for (const k of direct) {
        this.write(`${indent}${quoteKey(k)} = ${inline(m[k]!)}`);
        this.newline();
      }
      // Pushed last first, so the first sub-table is written next.
      for (let j = sub.length - 1; j >= 0; j--) {
        const k = sub[j]!;
        const v = m[k]!;
        const full = path === '' ? quoteKey(k) : `${path}.${quoteKey(k)}`;
        if (isTableArray(v)) {
          for (let i = v.length - 1; i >= 0; i--) todo.push({ table: v[i]!, path: full, depth: depth + 1, header: `[[${full}]]`, blankBefore: true });
        } else {
          todo.push({ table: v as GoMap, path: full, depth: depth + 1, header: `[${full}]`, blankBefore: depth === 0 });
        }
      }
    }
  }
}

function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * BurntSushi's encoder returns its own errors (Helm prints their text) and lets any other panic
 * through: only those become output, never a RangeError or a bug of ours.
 */
function encodeErrorText(err: unknown): string {
  if (err instanceof TomlEncodeError) return err.message;
  throw err;
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
      return inline(v);
    } catch (err) {
      return encodeErrorText(err);
    }
  }
  const e = new Encoder();
  try {
    e.encode(v);
  } catch (err) {
    return encodeErrorText(err);
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
