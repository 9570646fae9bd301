// Setting one valuesFrom entry at its targetPath with Helm's --set parser, writing into the
// given map in place (fluxcd/pkg chartutil ReplacePathValue / ReplacePathLiteralValue).
import type { GoMap } from '../../gotemplate/value.js';
import { parseInto, parseIntoString } from '../../helm/strvals/index.js';

/**
 * `path=value` through strvals.ParseInto (typed: bools, ints, null, `{a,b}` lists). A value
 * wrapped in single or double quotes loses the quotes and is set as a string (ParseIntoString).
 */
export function replacePathValue(values: GoMap, path: string, value: string): void {
  const single = value.startsWith("'") && value.endsWith("'");
  const double = value.startsWith('"') && value.endsWith('"');
  if (single || double) {
    parseIntoString(`${path}=${trimQuotes(value)}`, values);
    return;
  }
  parseInto(`${path}=${value}`, values);
}

/**
 * `literal: true`: the value is kept verbatim as a string (like `helm --set-literal`), while the
 * path keeps its own escapes. The characters the --set grammar reads specially are escaped.
 */
export function replacePathLiteralValue(values: GoMap, path: string, value: string): void {
  parseIntoString(`${path}=${escapeSetValue(value)}`, values);
}

const SPECIAL = /[\\,[\]{}]/g;

function escapeSetValue(value: string): string {
  return value.replace(SPECIAL, (c) => `\\${c}`);
}

/** Go strings.Trim(value, `'"`): every leading and trailing quote character goes. */
function trimQuotes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === "'" || s[start] === '"')) start++;
  while (end > start && (s[end - 1] === "'" || s[end - 1] === '"')) end--;
  return s.slice(start, end);
}
