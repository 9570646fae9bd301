// fluxcd/pkg runtime/conditions semantics over an object's status.conditions: Set keeps
// lastTransitionTime unless status, reason or message change; observedGeneration is always the
// object's generation; conditions stay sorted Stalled, Reconciling, Ready, then by type.
// Reconciling and Stalled are "abnormal-true": present only while True.
import type { Condition } from '../../kinds/api-types.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export const READY = 'Ready';
export const RECONCILING = 'Reconciling';
export const STALLED = 'Stalled';
export const RELEASED = 'Released';
export const TEST_SUCCESS = 'TestSuccess';
export const REMEDIATED = 'Remediated';
export const DRIFTED = 'Drifted';

/** The conditions the atomic release reconciler owns (atomic_release.go OwnedConditions). */
export const OWNED_CONDITIONS = [RELEASED, REMEDIATED, TEST_SUCCESS, RECONCILING, READY, STALLED] as const;

/** Anything with a generation and a status.conditions list (a HelmRelease). */
export interface ConditionsObject {
  metadata: { generation?: number };
  status?: { conditions?: Condition[] };
}

export type Clock = () => Date;
const systemClock: Clock = () => new Date();

/** metav1.Now() truncated to seconds, RFC 3339. */
function transitionTime(now: Clock): string {
  return now().toISOString().replace(/\.\d+Z$/, 'Z');
}

export function getConditions(obj: ConditionsObject): Condition[] {
  return obj.status?.conditions ?? [];
}

function setConditions(obj: ConditionsObject, conditions: Condition[]): void {
  obj.status = obj.status ?? {};
  obj.status.conditions = conditions;
}

export function get(obj: ConditionsObject, type: string): Condition | undefined {
  return getConditions(obj).find((c) => c.type === type);
}

export function has(obj: ConditionsObject, type: string): boolean {
  return get(obj, type) !== undefined;
}

export function isTrue(obj: ConditionsObject, type: string): boolean {
  return get(obj, type)?.status === 'True';
}

export function isFalse(obj: ConditionsObject, type: string): boolean {
  return get(obj, type)?.status === 'False';
}

export function isReady(obj: ConditionsObject): boolean {
  return isTrue(obj, READY);
}

export function getMessage(obj: ConditionsObject, type: string): string {
  return get(obj, type)?.message ?? '';
}

export function getReason(obj: ConditionsObject, type: string): string {
  return get(obj, type)?.reason ?? '';
}

const WEIGHTS: Record<string, number> = { [STALLED]: 0, [RECONCILING]: 1, [READY]: 2 };

function less(a: Condition, b: Condition): boolean {
  const wa = WEIGHTS[a.type];
  const wb = WEIGHTS[b.type];
  if (wa !== undefined && wb !== undefined) return wa < wb;
  if (wa !== undefined || wb !== undefined) return wb === undefined;
  return a.type < b.type;
}

function sameState(a: Condition, b: Condition): boolean {
  return a.type === b.type && a.status === b.status && a.reason === b.reason && a.message === b.message;
}

/** conditions.Set */
export function set(obj: ConditionsObject, condition: Condition, now: Clock = systemClock): void {
  const c: Condition = { ...condition, observedGeneration: obj.metadata.generation ?? 0 };
  const list = [...getConditions(obj)];
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) {
    const existing = list[i]!;
    if (!sameState(existing, c)) {
      list[i] = { ...c, lastTransitionTime: transitionTime(now) };
    } else if (existing.observedGeneration !== c.observedGeneration) {
      list[i] = { ...c, lastTransitionTime: existing.lastTransitionTime };
    }
  } else {
    list.push({ ...c, lastTransitionTime: c.lastTransitionTime || transitionTime(now) });
  }
  list.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
  setConditions(obj, list.map(ordered));
}

/** Field order of metav1.Condition as the API server returns it. */
function ordered(c: Condition): Condition {
  return {
    type: c.type,
    status: c.status,
    ...(c.observedGeneration !== undefined ? { observedGeneration: c.observedGeneration } : {}),
    ...(c.lastTransitionTime !== undefined ? { lastTransitionTime: c.lastTransitionTime } : {}),
    reason: c.reason ?? '',
    message: c.message ?? '',
  };
}

export function markTrue(obj: ConditionsObject, type: string, reason: string, message: string, now?: Clock): void {
  set(obj, { type, status: 'True', reason, message }, now);
}

export function markFalse(obj: ConditionsObject, type: string, reason: string, message: string, now?: Clock): void {
  set(obj, { type, status: 'False', reason, message }, now);
}

export function markUnknown(obj: ConditionsObject, type: string, reason: string, message: string, now?: Clock): void {
  set(obj, { type, status: 'Unknown', reason, message }, now);
}

/** conditions.Delete */
export function remove(obj: ConditionsObject, type: string): void {
  if (!obj.status?.conditions) return;
  setConditions(
    obj,
    obj.status.conditions.filter((c) => c.type !== type),
  );
}

/** Reconciling=True, and Stalled removed. */
export function markReconciling(obj: ConditionsObject, reason: string, message: string, now?: Clock): void {
  remove(obj, STALLED);
  markTrue(obj, RECONCILING, reason, message, now);
}

/** Stalled=True, and Reconciling removed. */
export function markStalled(obj: ConditionsObject, reason: string, message: string, now?: Clock): void {
  remove(obj, RECONCILING);
  markTrue(obj, STALLED, reason, message, now);
}

/**
 * replaceCondition (atomic_release.go): an existing `target` condition becomes `replacement`
 * with the given status, reason and message, keeping the target's lastTransitionTime.
 */
export function replaceCondition(
  obj: ConditionsObject,
  target: string,
  replacement: string,
  reason: string,
  message: string,
  status: ConditionStatus,
  now?: Clock,
): void {
  const c = get(obj, target);
  if (!c) return;
  remove(obj, replacement);
  set(obj, { ...c, type: replacement, status, reason, message }, now);
  remove(obj, target);
}

