// Helm's rewriting of text/template errors into `helm template` messages:
// - parse errors become `parse error at (<file>:<line>): <last part of the message>`;
// - `required`/`fail` messages (wrapped in HELM_ERR_START/END markers) become
//   `execution error at (<file>:<line>:<col>): <message>`;
// - other execution errors become a trace, one block per template in the include chain:
//     <file>:<line>:<col>
//       executing "<name>" at <<node>>:
//         <message>
//   or stay as Go printed them when the chain holds an error that is not a template error.

import { splitN } from '../funcs/sprig/core/gostrings.js';

export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';

export function warnWrap(msg: string): string {
  return `${WARN_START}${msg}${WARN_END}`;
}

const WARN_RE = new RegExp(`${WARN_START}([^]*)${WARN_END}`);

export class RenderError extends Error {}

/** cleanupParseError: keeps the location and the final part of Go's message. */
export function cleanupParseError(filename: string, err: Error): RenderError {
  const tokens = err.message.split(': ');
  if (tokens.length === 1) return new RenderError(`parse error in (${filename}): ${err.message}`);
  return new RenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
}

interface TraceEntry {
  location: string;
  executedFunction: string;
  message: string;
}

function traceString(t: TraceEntry): string {
  let s = '';
  if (t.location !== '') s += `${t.location}\n  `;
  if (t.executedFunction !== '') s += `${t.executedFunction}\n    `;
  if (t.message !== '') s += `${t.message}\n`;
  return s;
}

// RE2 (?U) ungreedy groups, written as lazy quantifiers; the message ends where an optional
// " template:..." (the wrapped error) begins.
const EXEC_ERR = /^template: (.+?): executing (.+?) at (.+?): (.+?)( template:[^]*)?$/s;
const EXEC_ERR_NO_TEMPLATE = /^template: (.+?): ([^]*?)( template:[^]*)?$/s;
const NO_TEMPLATE_ASSOCIATED = /^template: no template .* associated with template .*$/s;

/** reformatExecErrorMsg, for an error thrown while executing template `filename`. */
export function reformatExecError(filename: string, err: Error, isExecError: (e: unknown) => boolean): Error {
  if (!isExecError(err)) return err;
  const tokens = splitN(err.message, ': ', 3)!;
  if (tokens.length !== 3) return new RenderError(`execution error in (${filename}): ${err.message}`);
  const location = tokens[1]!;
  const warn = WARN_RE.exec(tokens[2]!);
  if (warn !== null) return new RenderError(`execution error at (${location}): ${warn[1]}`);

  // Walk the error chain as Go's errors.Unwrap does, reading each link's own text with Helm's
  // patterns: an executor error wraps (%w) only the error of the function it called, which the
  // executor keeps as `cause` ("error calling <fn>: <cause>"); tpl's errors wrap theirs the same
  // way. A link that is not a template error leaves the message as Go printed it.
  const entries: TraceEntry[] = [];
  let current: unknown = err;
  while (current !== undefined && current !== null) {
    const text = current instanceof Error ? current.message : String(current);
    let m: RegExpExecArray | null;
    if (NO_TEMPLATE_ASSOCIATED.test(text)) {
      entries.push({ location: '', executedFunction: '', message: text });
    } else if ((m = EXEC_ERR.exec(text)) !== null) {
      entries.push({ location: m[1]!, executedFunction: `executing ${m[2]} at ${m[3]}:`, message: m[4]! });
    } else if ((m = EXEC_ERR_NO_TEMPLATE.exec(text)) !== null) {
      entries.push({ location: m[1]!, executedFunction: '', message: m[2]! });
    } else {
      return err;
    }
    current = current instanceof Error ? current.cause : undefined;
  }

  // Go's ExecError unwraps to an error with the same text; keep one of each.
  const deduped: TraceEntry[] = [];
  for (const e of entries) {
    const last = deduped[deduped.length - 1];
    if (last && last.location === e.location && last.executedFunction === e.executedFunction && last.message === e.message) continue;
    deduped.push(e);
  }
  return new RenderError(deduped.map(traceString).join('').trim());
}
