// flux's TruncateHex (internal/utils/hex.go): each lower-case hex run of 40–128 characters
// between ASCII word boundaries becomes its first 8 characters. Used for sources only.

const HEX_RUN = /\b[a-f0-9]{40,128}\b/g;

export function truncateHex(text: string): string {
  const matches = new Set(text.match(HEX_RUN) ?? []);
  let out = text;
  // Go replaces every occurrence of each matched substring (strings.ReplaceAll), in match order.
  for (const m of matches) out = out.split(m).join(m.slice(0, 8));
  return out;
}
