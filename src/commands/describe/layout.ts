// Text layout for people, as `kubectl describe` prints: `Label:  value` lines with aligned
// values, and indented tables whose columns are separated by two spaces.
import stringWidth from 'string-width';

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** `Label:` padded so values line up; nested entries are indented by two spaces per level. */
export function fields(entries: readonly (readonly [string, string])[], indent = 0): string {
  const width = Math.max(0, ...entries.map(([k]) => stringWidth(k) + 1));
  const pad = ' '.repeat(indent);
  return entries.map(([k, v]) => `${pad}${padEnd(`${k}:`, width)}  ${v}`.trimEnd() + '\n').join('');
}

/** A table under a section title; `<none>` when there are no rows. */
export function table(title: string, header: readonly string[], body: readonly (readonly string[])[]): string {
  if (body.length === 0) return `${title}:  <none>\n`;
  // One line per row: multi-line messages are joined.
  const rows = body.map((r) => r.map((c) => c.replace(/\s*\n\s*/g, ' ')));
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => stringWidth(r[i] ?? ''))));
  const line = (r: readonly string[]) =>
    '  ' +
    r
      .map((c, i) => (i === r.length - 1 ? c : padEnd(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd() +
    '\n';
  const rule = header.map((h) => '-'.repeat(stringWidth(h)));
  return `${title}:\n${line(header)}${line(rule)}${rows.map(line).join('')}`;
}
