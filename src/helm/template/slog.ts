// helm 4 logs with Go's log/slog text handler on stderr: `level=DEBUG msg="..." key=value`.
// This writes lines in that form so `flux-ts template --debug` prints what helm prints.
import { goQuote } from '../../cli/go-quote.js';

export type SlogValue = string | number | boolean;

/** slog's needsQuoting: empty, or a space, '=', '"', a control or non-printable character. */
function needsQuoting(s: string): boolean {
  if (s === '') return true;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      if (ch !== '\\' && (ch === ' ' || ch === '=' || ch === '"' || c < 0x20 || c === 0x7f)) return true;
    } else if (/[\s]/u.test(ch) || !/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) return true;
  }
  return false;
}

function text(v: SlogValue): string {
  const s = String(v);
  return needsQuoting(s) ? goQuote(s) : s;
}

/** One slog text line (without the time, as helm's handler omits it). */
export function slogLine(level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', msg: string, ...attrs: [string, SlogValue][]): string {
  return [`level=${level}`, `msg=${text(msg)}`, ...attrs.map(([k, v]) => `${k}=${text(v)}`)].join(' ');
}
