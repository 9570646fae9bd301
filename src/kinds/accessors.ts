// Accessors shared by every Flux kind. Objects come off the wire, so each read narrows
// `unknown` instead of trusting the declared types: a malformed status must not crash `get`.
import type { KubeObject } from '../cluster/types.js';
import type { Condition } from './api-types.js';

export type UnknownRecord = Record<string, unknown>;

export function asRecord(value: unknown): UnknownRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as UnknownRecord) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads a nested field: field(obj, 'status', 'artifact', 'revision'). */
export function field(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[key];
    } else {
      const rec = asRecord(cur);
      if (!rec) return undefined;
      cur = rec[key];
    }
  }
  return cur;
}

export function stringField(obj: unknown, ...path: (string | number)[]): string {
  return asString(field(obj, ...path)) ?? '';
}

/** status.conditions, keeping only well-formed entries. */
export function conditions(obj: KubeObject): Condition[] {
  const list = field(obj, 'status', 'conditions');
  if (!Array.isArray(list)) return [];
  const out: Condition[] = [];
  for (const c of list) {
    const rec = asRecord(c);
    if (rec && typeof rec.type === 'string') {
      out.push({
        ...rec,
        type: rec.type,
        status: asString(rec.status) ?? '',
        message: asString(rec.message),
        reason: asString(rec.reason),
      } as Condition);
    }
  }
  return out;
}

/** First condition with exactly this type (apimeta.FindStatusCondition). */
export function findCondition(obj: KubeObject, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

export interface Readiness {
  /** Ready condition status verbatim ('True' | 'False' | 'Unknown'), 'False' when absent. */
  status: string;
  message: string;
}

/** flux's statusAndMessage: the Ready condition, or False / "waiting to be reconciled". */
export function readiness(obj: KubeObject): Readiness {
  const ready = findCondition(obj, 'Ready');
  if (ready) return { status: ready.status, message: ready.message ?? '' };
  return { status: 'False', message: 'waiting to be reconciled' };
}

export function suspended(obj: KubeObject): boolean {
  return field(obj, 'spec', 'suspend') === true;
}

export function lastHandledReconcileAt(obj: KubeObject): string | undefined {
  return asString(field(obj, 'status', 'lastHandledReconcileAt'));
}

/** Go's strconv.FormatBool + cases.Title, as flux prints SUSPENDED. */
export function formatBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/**
 * flux's statusMatches: the LAST condition whose type equals `type` case-insensitively
 * decides; its status must equal `status` case-insensitively. No such condition → false.
 */
export function conditionMatches(obj: KubeObject, type: string, status: string): boolean {
  let found: Condition | undefined;
  for (const c of conditions(obj)) if (equalFold(c.type, type)) found = c;
  return found !== undefined && equalFold(found.status, status);
}

function equalFold(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
