// Helm prints its warnings through Go's slog text handler on stderr:
//   level=INFO msg="warning: skipped value for co.scalar: Not a table."
//   level=WARN msg="returned non-bool value" path=x chart=y
// Library code reports lines to a sink; the CLI decides where they go.

export type HelmLog = (line: string) => void;

/** slog's TextHandler quoting: bare when safe, else a Go-quoted string. */
function slogValue(v: string): string {
  if (v !== '' && !/[\s"=\\\u0000-\u001f\u007f]/u.test(v)) return v;
  let out = '"';
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

export function slogLine(level: 'INFO' | 'WARN' | 'DEBUG' | 'ERROR', msg: string, attrs: Array<[string, string]> = []): string {
  return [`level=${level}`, `msg=${slogValue(msg)}`, ...attrs.map(([k, v]) => `${k}=${slogValue(v)}`)].join(' ');
}

/** Go's log.Printf under Helm 4 (routed to slog at INFO). */
export function printfLine(msg: string): string {
  return slogLine('INFO', msg);
}

// ---- keeping Secret-sourced values out of Helm's warnings ------------------------------------
// In the reconcile and build paths values may come from Secrets, and Helm's coalescing warnings
// quote values ("... for db (map[password:...])"). A masking sink hides them before any line
// reaches stderr, a log or an event.

/** Where sensitive values sit in the user values, and what they are. */
export interface SensitiveValues {
  /** Paths (map keys and list indexes) whose value or subtree is sensitive. */
  paths: ReadonlyArray<ReadonlyArray<string | number>>;
  /** The sensitive leaves as Go prints them. */
  leaves: readonly string[];
}

/** Shorter leaves are only hidden where a warning quotes a value, not throughout a line. */
const MIN_LINE_MASK = 4;
const MASK = '***';

/** Undoes slogValue's quoting. */
function slogUnquote(v: string): string {
  if (!v.startsWith('"')) return v;
  return v.slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_m, e: string) => {
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
  });
}

/**
 * A dotted warning key (`chart.sub.key`: Helm prefixes the chart name, and subcharts nest under
 * theirs) is sensitive when, with or without its leading chart name, it is on the way to or
 * inside a sensitive path.
 */
function keyIsSensitive(key: string, paths: SensitiveValues['paths']): boolean {
  const parts = key.split('.');
  const candidates = [parts, parts.slice(1)];
  return paths.some((p) => {
    const path = p.map(String);
    return candidates.some((k) => k.length > 0 && k.every((seg, i) => i >= path.length || seg === path[i]));
  });
}

const QUOTED_VALUE = [
  /^(warning: cannot overwrite table with non table for (\S+) \()([\s\S]*)(\))$/,
  /^(warning: destination for (\S+) is a table\. Ignoring non-table value \()([\s\S]*)(\))$/,
];

/** The message with sensitive values replaced by `***`. */
export function maskSensitiveMessage(msg: string, s: SensitiveValues): string {
  let out = msg;
  for (const re of QUOTED_VALUE) {
    const m = re.exec(out);
    if (!m) continue;
    const [, head, key, value, tail] = m as unknown as [string, string, string, string, string];
    if (keyIsSensitive(key, s.paths) || s.leaves.some((l) => l !== '' && value.includes(l))) out = `${head}${MASK}${tail}`;
  }
  for (const l of [...s.leaves].filter((x) => x.length >= MIN_LINE_MASK).sort((a, b) => b.length - a.length)) out = out.split(l).join(MASK);
  return out;
}

/** A sink that passes Helm's lines on with sensitive values masked (nothing to mask: `sink` itself). */
export function maskingHelmLog(sink: HelmLog, s: SensitiveValues): HelmLog {
  if (s.paths.length === 0 && s.leaves.length === 0) return sink;
  return (line) => {
    const m = /^level=(INFO|WARN|DEBUG|ERROR) msg=("(?:[^"\\]|\\.)*"|\S+)((?: .*)?)$/s.exec(line);
    if (!m) return sink(maskSensitiveMessage(line, s));
    const [, level, rawMsg, attrs] = m as unknown as [string, 'INFO' | 'WARN' | 'DEBUG' | 'ERROR', string, string];
    const masked = slogLine(level, maskSensitiveMessage(slogUnquote(rawMsg), s));
    // Attribute values are slog-quoted: hide the leaves in their quoted spelling too.
    const quoted = s.leaves.map((l) => slogValue(l)).map((q) => (q.startsWith('"') ? q.slice(1, -1) : q));
    sink(masked + maskSensitiveMessage(attrs, { paths: [], leaves: [...new Set([...s.leaves, ...quoted])] }));
  };
}
