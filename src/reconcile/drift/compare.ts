// Comparing a live object with the server-side-apply dry-run of the desired one: the JSON patch
// that turns live into desired, counted as additions, changes and removals (as Flux summarises
// drift), after dropping what the API server owns (managedFields, resourceVersion, status...).
import type { KubeObject } from '../../cluster/types.js';

export interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
}

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink'];

/** A copy without server-owned fields, so only what a chart can set is compared. */
export function comparable(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject & { status?: unknown };
  delete copy.status;
  const meta = copy.metadata as unknown as Record<string, unknown>;
  for (const f of SERVER_METADATA) delete meta[f];
  return copy;
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

/** The operations from `from` to `to`, maps by key, lists by index. */
export function jsonPatch(from: unknown, to: unknown, path = ''): PatchOp[] {
  if (equal(from, to)) return [];
  if (isRecord(from) && isRecord(to)) {
    const ops: PatchOp[] = [];
    for (const k of Object.keys(from)) if (!(k in to)) ops.push({ op: 'remove', path: `${path}/${escape(k)}` });
    for (const k of Object.keys(to)) {
      const p = `${path}/${escape(k)}`;
      if (!(k in from)) ops.push({ op: 'add', path: p });
      else ops.push(...jsonPatch(from[k], to[k], p));
    }
    return ops;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    const ops: PatchOp[] = [];
    const common = Math.min(from.length, to.length);
    for (let i = 0; i < common; i++) ops.push(...jsonPatch(from[i], to[i], `${path}/${i}`));
    for (let i = common; i < to.length; i++) ops.push({ op: 'add', path: `${path}/${i}` });
    for (let i = from.length - 1; i >= common; i--) ops.push({ op: 'remove', path: `${path}/${i}` });
    return ops;
  }
  return [{ op: 'replace', path }];
}

export function countOps(ops: readonly PatchOp[]): { additions: number; changes: number; removals: number } {
  return {
    additions: ops.filter((o) => o.op === 'add').length,
    changes: ops.filter((o) => o.op === 'replace').length,
    removals: ops.filter((o) => o.op === 'remove').length,
  };
}
