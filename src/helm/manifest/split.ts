// Splitting a rendered file into YAML documents the way Helm's SplitManifests does: on a line
// made of `---` (with RE2's ASCII `\s` around it), keeping documents in file order. Helm's
// regular expression also splits `---apiVersion: v1` into a document starting `apiVersion`,
// and we must do the same to print the same bytes.
import { trimGoSpace, trimLeftGoSpace } from './gospace.js';

// RE2 `\s` is [\t\n\f\r ] (no \v); `(?:^|\s*\n)---\s*`.
const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** The documents of a rendered file, in order, without empty ones. */
export function splitManifests(bigFile: string): string[] {
  const docs = trimLeftGoSpace(bigFile).split(new RegExp(SEPARATOR.source, 'g'));
  const out: string[] = [];
  for (const d of docs) {
    if (d === '') continue;
    out.push(trimGoSpace(d));
  }
  return out;
}
