// Keeps Secret data out of error messages: a template `fail`, a schema violation or a YAML
// error can quote a value, and values that came from a Secret must never reach a terminal or
// a CI log. Every string a referenced Secret holds (raw, and each leaf of its YAML) is replaced.
import type { ValuesObjectSource } from '../values/index.js';
import { readValues } from '../values/index.js';

/** Shorter strings are too common (`true`, `80`) to hide without garbling every message. */
const MIN_LENGTH = 4;

function leaves(v: unknown, out: Set<string>): void {
  if (typeof v === 'string') out.add(v);
  else if (typeof v === 'number' || typeof v === 'bigint') out.add(String(v));
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
}

export interface Redactor {
  (message: string): string;
}

/** Collects the strings of the Secrets that `refs` names (absent ones are skipped). */
export async function secretRedactor(source: ValuesObjectSource, namespace: string, refs: readonly { kind: string; name: string }[]): Promise<Redactor> {
  const secrets = new Set<string>();
  for (const ref of refs) {
    if (ref.kind !== 'Secret') continue;
    const obj = await source.get('Secret', namespace, ref.name).catch(() => undefined);
    if (!obj) continue;
    for (const data of Object.values(obj.data)) {
      secrets.add(data);
      try {
        leaves(readValues(data), secrets);
      } catch {
        // Not YAML: a parse error may quote any line of it.
        for (const line of data.split('\n')) secrets.add(line.trim());
      }
    }
  }
  // Longest first, so a secret containing another is hidden whole.
  const hidden = [...secrets].filter((s) => s.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
  return (message) => {
    let out = message;
    for (const s of hidden) out = out.split(s).join('***');
    return out;
  };
}
