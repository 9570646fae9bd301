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
