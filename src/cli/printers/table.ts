// flux's TablePrinter (pkg/printers/table_printer.go over tablewriter v0.0.5), byte for byte:
// cells left-aligned and right-padded to the column width, every data cell followed by a TAB
// (the last one too), header cells followed by a TAB except the last, which gets one space.
// Nothing is wrapped or cut; multi-line cells make multi-line rows.
import { displayWidth } from './width.js';

/**
 * tablewriter's Title(): `_` → space, `.` → space unless both neighbours are digits or
 * spaces, trimmed (a non-empty name keeps one space), upper-cased.
 */
export function headerTitle(name: string): string {
  const chars = [...name];
  const numOrSpace = (c: string | undefined) => c !== undefined && /[0-9 ]/.test(c);
  const mapped = chars.map((c, i) => {
    if (c === '_') return ' ';
    if (c === '.') {
      const badPrev = i !== 0 && !numOrSpace(chars[i - 1]);
      const badNext = i !== chars.length - 1 && !numOrSpace(chars[i + 1]);
      if (badPrev || badNext) return ' ';
    }
    return c;
  });
  const trimmed = mapped.join('').trim();
  return (trimmed === '' && name.length > 0 ? ' ' : trimmed).toUpperCase();
}

function padRight(text: string, width: number): string {
  const gap = width - displayWidth(text);
  return gap > 0 ? text + ' '.repeat(gap) : text;
}

/**
 * Renders rows under an optional header. `header` undefined or empty = no header line
 * (--no-header, or later watch events). Returns the exact bytes to write.
 */
export function renderTable(header: readonly string[] | undefined, rows: readonly (readonly string[])[]): string {
  const titles = header && header.length > 0 ? header.map(headerTitle) : undefined;
  const cols = Math.max(titles?.length ?? 0, ...rows.map((r) => r.length));
  if (cols === 0) return '';
  const widths = new Array<number>(cols).fill(0);
  titles?.forEach((t, j) => {
    widths[j] = Math.max(widths[j] as number, displayWidth(t));
  });
  const split = rows.map((row) => row.map((cell) => cell.split('\n')));
  for (const row of split) {
    row.forEach((lines, j) => {
      for (const l of lines) widths[j] = Math.max(widths[j] as number, displayWidth(l));
    });
  }
  const parts: string[] = [];
  if (titles) {
    const cells = widths.map((w, j) => padRight(titles[j] ?? '', w));
    parts.push(cells.join('\t') + ' \n');
  }
  for (const row of split) {
    const height = Math.max(1, ...row.map((lines) => lines.length));
    for (let k = 0; k < height; k++) {
      let line = '';
      for (let j = 0; j < cols; j++) {
        const lines = row[j];
        // A cell with fewer lines than the row contributes tablewriter's two-space filler.
        const text = lines === undefined ? '' : k < lines.length ? (lines[k] as string) : '  ';
        line += padRight(text, widths[j] as number) + '\t';
      }
      parts.push(line + '\n');
    }
  }
  return parts.join('');
}
