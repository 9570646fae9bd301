// Display width as go-runewidth's StringWidth computes it (what tablewriter pads with):
// East Asian wide/fullwidth = 2, combining and zero-width = 0, ANSI colour escapes ignored.
// string-width implements the same Unicode tables; ASCII takes a fast path.
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  return stringWidth(text, { ambiguousIsNarrow: true, countAnsiEscapeCodes: false });
}
