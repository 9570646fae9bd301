// Go's unicode.IsSpace, which strings.TrimSpace and bytes.TrimLeftFunc(unicode.IsSpace) use: the
// stream splitters (read.ts, manifest-stream.ts, kyaml-stream.ts) trim as Go does.
const SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');

/** One character unicode.IsSpace accepts. */
export const GO_SPACE_CHAR = new RegExp(`^${SPACE}$`);

/** strings.TrimSpace */
export function goTrimSpace(s: string): string {
  return s.replace(TRIM, '');
}
