// Helm 4's action and kube-client log records (log/slog): a level, a message and typed
// attributes. The local run prints them as slog's TextHandler does (`helm --debug`), and
// helm-controller's log buffer keeps them as `msg: {json attrs}` for failure events; both need
// the attribute types Go has (a Duration is `3s` in text but nanoseconds in JSON, a
// GroupVersionKind `apps/v1, Kind=Deployment` but a struct, an error its text but `{}`).
import { formatDuration } from '../funcs/sprig/extra/gotime/duration.js';
import { GoStruct, type GoValue } from '../../gotemplate/value.js';
import { marshal, type GoJsonFields } from '../gojson/index.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** time.Duration, from milliseconds. */
export class LogDuration {
  constructor(readonly ms: number) {}
}

/** schema.GroupVersionKind (no JSON tags: its fields marshal by their Go names). */
export class LogGvk extends GoStruct implements GoJsonFields {
  readonly goType = 'schema.GroupVersionKind';
  constructor(
    readonly group: string,
    readonly version: string,
    readonly kind: string,
  ) {
    super();
  }

  /** `apiVersion` and `kind` of an object. */
  static of(apiVersion: string, kind: string): LogGvk {
    const i = apiVersion.indexOf('/');
    return i < 0 ? new LogGvk('', apiVersion, kind) : new LogGvk(apiVersion.slice(0, i), apiVersion.slice(i + 1), kind);
  }

  goJsonFields(): Array<[string, GoValue]> {
    return [
      ['Group', this.group],
      ['Version', this.version],
      ['Kind', this.kind],
    ];
  }

  override toString(): string {
    return `${this.group ? `${this.group}/` : '/'}${this.version}, Kind=${this.kind}`;
  }
}

/** An error value: its text in the text form; Go errors have no exported fields, so `{}` in JSON. */
export class LogError {
  constructor(readonly message: string) {}
}

export type LogValue = string | number | boolean | LogDuration | LogGvk | LogError;
export type LogAttr = [key: string, value: LogValue];

export interface HelmLogRecord {
  level: LogLevel;
  msg: string;
  attrs: LogAttr[];
}

export type HelmLogger = (record: HelmLogRecord) => void;

function durationText(d: LogDuration): string {
  return formatDuration(BigInt(Math.round(d.ms)) * 1_000_000n);
}

function valueText(v: LogValue): string {
  if (v instanceof LogDuration) return durationText(v);
  if (v instanceof LogGvk) return v.toString();
  if (v instanceof LogError) return v.message;
  return String(v);
}

/** slog's needsQuoting: empty, or a space, `=`, `"`, a control or non-printing character. */
function needsQuoting(s: string): boolean {
  if (s === '') return true;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      if (ch === ' ' || ch === '=' || ch === '"' || c < 0x20 || c === 0x7f) return true;
    } else if (/[\s\p{C}]/u.test(ch)) return true;
  }
  return false;
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

/** strconv.Quote for the characters log messages hold. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && /\p{C}/u.test(ch)) out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function textValue(s: string): string {
  return needsQuoting(s) ? goQuote(s) : s;
}

/** The record as slog's TextHandler writes it without a time: `level=DEBUG msg="…" key=value`. */
export function textLine(r: HelmLogRecord): string {
  return [`level=${r.level}`, `msg=${textValue(r.msg)}`, ...r.attrs.map(([k, v]) => `${textValue(k)}=${textValue(valueText(v))}`)].join(' ');
}

function jsonValue(v: LogValue): GoValue {
  if (v instanceof LogDuration) return BigInt(Math.round(v.ms)) * 1_000_000n;
  if (v instanceof LogError) return {};
  return v;
}

/**
 * helm-controller's buffered form (internal/action/log.go): the message, prefixed `warning: ` or
 * `error: ` by level, then `: ` and json.Marshal of the attributes (keys sorted; `{}` without).
 */
export function bufferedLine(r: HelmLogRecord): string {
  const msg = r.level === 'ERROR' ? `error: ${r.msg}` : r.level === 'WARN' ? `warning: ${r.msg}` : r.msg;
  const attrs: Record<string, GoValue> = {};
  for (const [k, v] of r.attrs) attrs[k] = jsonValue(v);
  return `${msg}: ${marshal(attrs)}`;
}
