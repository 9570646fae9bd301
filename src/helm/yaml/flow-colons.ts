// go-yaml v2 (as sigs.k8s.io/yaml vendors it) keeps a ':' inside a plain scalar in a flow
// collection unless a blank follows it, so `{a: y:}` is {a: "y:"}. YAML 1.2 (the `yaml`
// package) reads a ':' before `,`, `]` or `}` as a value indicator instead. Before parsing,
// such colons are swapped for a private-use character that the decoder turns back into ':'.
// Same length, same lines: error positions are unchanged.

import { blockContentLineEnd } from './block-lines.js';

/** Stands for a ':' that belongs to a plain scalar in a flow collection. */
export const FLOW_COLON = '\uE000';

/** A ':' right before a flow indicator: where go-yaml and YAML 1.2 may disagree. */
export const FLOW_COLON_RISK = /:[,\]}]/;

/** Is `c` a character a plain scalar can end with before a colon (not blank or an indicator)? */
function inPlainScalar(prev: string | undefined): boolean {
  return prev !== undefined && !/[\s,[\]{}"':]/.test(prev);
}

/**
 * The text with every plain-scalar ':' that is followed by `,`, `]` or `}` inside a flow
 * collection replaced by FLOW_COLON; the text itself when there is none (or when it already
 * contains FLOW_COLON).
 */
export function protectFlowColons(text: string): string {
  if (!FLOW_COLON_RISK.test(text) || text.includes(FLOW_COLON)) return text;
  const out = text.split('');
  let depth = 0;
  let lineStart = true;
  /** Indentation of a block scalar's parent line while its content is skipped. */
  let blockIndent = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (lineStart) {
      lineStart = false;
      if (blockIndent >= 0) {
        const end = blockContentLineEnd(text, i, blockIndent);
        if (end !== undefined) {
          if (end < 0) break;
          i = end;
          lineStart = true;
          continue;
        }
        blockIndent = -1;
      }
    }
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote starts a quoted scalar only where a node can start.
      const before = text.slice(text.lastIndexOf('\n', i - 1) + 1, i).trimEnd();
      if (depth > 0 || before === '' || /[:\-?,[{]$/.test(before)) {
        let j = i + 1;
        for (; j < text.length; j++) {
          if (c === '"' && text[j] === '\\') j++;
          else if (text[j] === c) {
            if (c === "'" && text[j + 1] === "'") j++;
            else break;
          }
        }
        i = j;
        continue;
      }
    }
    if (depth === 0) {
      const lineBegin = text.lastIndexOf('\n', i - 1) + 1;
      const before = text.slice(lineBegin, i).trimEnd();
      const nodeStart = before === '' || /(^|\s)[-?]$|:$/.test(before);
      if ((c === '[' || c === '{') && nodeStart) depth = 1;
      else if ((c === '|' || c === '>') && nodeStart) blockIndent = before.length - before.trimStart().length;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ':' && /[,\]}]/.test(text[i + 1] ?? '') && inPlainScalar(text[i - 1])) out[i] = FLOW_COLON;
  }
  return out.join('');
}

/** Turns FLOW_COLON back into ':' in a decoded scalar. */
export function restoreFlowColons(s: string): string {
  return s.includes(FLOW_COLON) ? s.replaceAll(FLOW_COLON, ':') : s;
}
