// Splitting a rendered file into YAML documents the way Helm's SplitManifests does: on a line
// made of `---` (with RE2's ASCII `\s` around it), keeping documents in file order. Helm's
// regular expression also splits `---apiVersion: v1` into a document starting `apiVersion`,
// and we must do the same to print the same bytes.
import { trimGoSpace, trimLeftGoSpace } from './gospace.js';

/** RE2 `\s`: [\t\n\f\r ] (no \v). */
function isRe2Space(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

/**
 * The documents of a rendered file, in order, without empty ones.
 *
 * Helm splits with `(?:^|\s*\n)---\s*`. A linear scan finds the same leftmost-first matches:
 * a match other than the one anchored at the start needs `\n---`, and it begins where the run
 * of `\s` ending at that newline begins (never before the end of the previous match); it ends
 * after the `\s` run following `---`.
 */
export function splitManifests(bigFile: string): string[] {
  const s = trimLeftGoSpace(bigFile);
  const out: string[] = [];
  const push = (d: string): void => {
    if (d !== '') out.push(trimGoSpace(d));
  };
  let from = 0; // end of the previous separator
  let dashes = s.startsWith('---') ? 0 : -1;
  let docEnd = 0;
  for (;;) {
    if (dashes < 0) {
      const nl = s.indexOf('\n---', from);
      if (nl < 0) break;
      docEnd = nl;
      while (docEnd > from && isRe2Space(s.charCodeAt(docEnd - 1))) docEnd--;
      dashes = nl + 1;
    }
    push(s.slice(from, docEnd));
    from = dashes + 3;
    while (from < s.length && isRe2Space(s.charCodeAt(from))) from++;
    dashes = -1;
  }
  push(s.slice(from));
  return out;
}
