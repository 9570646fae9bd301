// RFC 6901 JSON pointers, for driftDetection.ignore paths: parse, and remove what one points at.

/** `/spec/replicas` → ['spec', 'replicas']; `~1` is `/`, `~0` is `~`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => {
      if (/~[^01]|~$/.test(t)) throw new Error(`invalid JSON pointer "${pointer}": bad escape in "${t}"`);
      return t.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Removes the value at `tokens` (in place); a path that does not exist changes nothing. */
export function removeAt(doc: unknown, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  let cur: unknown = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    cur = child(cur, tokens[i]!);
    if (cur === undefined) return;
  }
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(cur)) {
    const idx = arrayIndex(last, cur.length);
    if (idx !== undefined) cur.splice(idx, 1);
  } else if (cur !== null && typeof cur === 'object') {
    delete (cur as Record<string, unknown>)[last];
  }
}

function arrayIndex(token: string, length: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const n = Number(token);
  return n < length ? n : undefined;
}

function child(v: unknown, token: string): unknown {
  if (Array.isArray(v)) {
    const idx = arrayIndex(token, v.length);
    return idx === undefined ? undefined : v[idx];
  }
  if (v !== null && typeof v === 'object') return (v as Record<string, unknown>)[token];
  return undefined;
}
