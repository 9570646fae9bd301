// A fast path for reading document heads. Helm decodes every rendered document completely
// (go-yaml, then JSON) only to learn apiVersion, kind, name and annotations; with the exact
// decoder that dominates large renders. js-yaml with the failsafe schema (every scalar a
// string) reads a document several times faster. Its answer is used only when it cannot
// differ from Helm's: the document parses, and every head field is an ordinary string (not
// something YAML 1.1 would read as a bool, null or number, which Helm turns into other text).
// Anything else goes through the exact path, which also words errors as Helm does.
// Before all that, a line scanner (scan-head.ts) reads plain block documents without parsing.
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { SimpleHead } from './head.js';
import { scanHead } from './scan-head.js';
import { isYaml11String, NON_FINITE } from './yaml11.js';

function plainString(v: unknown): v is string {
  return typeof v === 'string' && isYaml11String(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// Scalars that make sigs.k8s.io/yaml fail anywhere in a document (json: unsupported value
// +Inf/NaN), and keys it cannot turn into JSON (null) or that go-yaml merges (<<). The failsafe
// reading cannot tell plain from quoted, so both spellings go to the exact path.
const NULL_KEY = /^(?:~|null|Null|NULL|)$/;

/** True when nothing in the tree could make Helm's full decoding fail. */
function convertible(v: unknown): boolean {
  if (typeof v === 'string') return !NON_FINITE.test(v);
  if (Array.isArray(v)) return v.every(convertible);
  if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (NULL_KEY.test(k) || k.startsWith('<<') || !convertible(x)) return false;
    }
  }
  return true;
}

/** The head when the fast reading is certain to agree with Helm's; undefined otherwise. */
const YAML11_BREAKS = /[\u0085\u2028\u2029]/;

export function fastHead(doc: string): SimpleHead | undefined {
  // Plain block documents (nearly all rendered output) need no parse tree at all.
  const scanned = scanHead(doc);
  if (scanned !== undefined) return scanned;
  return parsedHead(doc);
}

/** The head from js-yaml's failsafe reading, when that cannot differ from Helm's. */
export function parsedHead(doc: string): SimpleHead | undefined {
  // go-yaml breaks lines at NEL, LS and PS too; js-yaml reads them as ordinary characters.
  if (YAML11_BREAKS.test(doc)) return undefined;
  let v: unknown;
  try {
    v = load(doc, { schema: FAILSAFE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
  if (!isRecord(v) || !convertible(v)) return undefined;
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
