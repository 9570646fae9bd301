// A fast path for reading document heads. Helm decodes every rendered document completely
// (go-yaml, then JSON) only to learn apiVersion, kind, name and annotations; with the exact
// decoder that dominates large renders. js-yaml with the failsafe schema (every scalar a
// string) reads a document several times faster. Its answer is used only when it cannot
// differ from Helm's: the document parses, and every head field is an ordinary string (not
// something YAML 1.1 would read as a bool, null or number, which Helm turns into other text).
// Anything else goes through the exact path, which also words errors as Helm does.
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { SimpleHead } from './head.js';

// Plain scalars YAML 1.1 (go-yaml v2) resolves to something other than a string.
const SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|[-+]?\.?[0-9][0-9_.:eExXoObB+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function plainString(v: unknown): v is string {
  return typeof v === 'string' && v !== '' && !SPECIAL.test(v) && !v.startsWith('<<');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The head when the fast reading is certain to agree with Helm's; undefined otherwise. */
export function fastHead(doc: string): SimpleHead | undefined {
  let v: unknown;
  try {
    v = load(doc, { schema: FAILSAFE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
  if (!isRecord(v)) return undefined;
  const keys = Object.keys(v);
  // encoding/json matches keys case-insensitively; leave unusual spellings to the exact path.
  for (const k of keys) {
    const l = k.toLowerCase();
    if ((l === 'apiversion' || l === 'kind' || l === 'metadata') && k !== 'apiVersion' && k !== 'kind' && k !== 'metadata') return undefined;
    if (k.startsWith('<<')) return undefined;
  }
  const head: SimpleHead = { apiVersion: '', kind: '' };
  for (const f of ['apiVersion', 'kind'] as const) {
    if (!(f in v)) continue;
    if (!plainString(v[f])) return undefined;
    head[f] = v[f];
  }
  if ('metadata' in v) {
    const m = v['metadata'];
    if (!isRecord(m)) return undefined;
    for (const k of Object.keys(m)) {
      const l = k.toLowerCase();
      if ((l === 'name' || l === 'annotations') && k !== 'name' && k !== 'annotations') return undefined;
      if (k.startsWith('<<')) return undefined;
    }
    head.metadata = { name: '' };
    if ('name' in m) {
      if (!plainString(m['name'])) return undefined;
      head.metadata.name = m['name'];
    }
    if ('annotations' in m) {
      const a = m['annotations'];
      if (!isRecord(a)) return undefined;
      const out: Record<string, string> = {};
      for (const [k, val] of Object.entries(a)) {
        if (!plainString(val) || k.startsWith('<<')) return undefined;
        out[k] = val;
      }
      head.metadata.annotations = out;
    }
  }
  return head;
}
