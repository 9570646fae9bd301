// A step the light YAML scanners (flow-colons.ts, scan-checks.ts) share: passing over the
// content lines of a block scalar, which hold no YAML syntax.

/**
 * Whether the line starting at `i` is content of a block scalar whose parent line is indented
 * `blockIndent` (blank, or indented further): the index of its line break, -1 when it is the
 * last line; undefined when the block scalar ended before it.
 */
export function blockContentLineEnd(text: string, i: number, blockIndent: number): number | undefined {
  let j = i;
  while (text[j] === ' ') j++;
  if (text[j] === '\n' || text[j] === undefined || j - i > blockIndent) return text.indexOf('\n', i);
  return undefined;
}
