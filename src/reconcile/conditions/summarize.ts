// helm-controller internal/reconcile/release.go summarize: Ready mirrors the most relevant of
// Remediated, TestSuccess (when tests are enabled and failures count) and Released.
import type { Condition } from '../../kinds/api-types.js';
import { READY, REMEDIATED, RELEASED, STALLED, TEST_SUCCESS, remove, set, type Clock, type ConditionsObject } from './conditions.js';

export interface SummarizeOptions {
  testEnabled: boolean;
  testIgnoreFailures: boolean;
  now?: Clock;
}

/** strings.EqualFold position of a condition type in the priority list. */
function position(list: readonly string[], type: string): number {
  const t = type.toLowerCase();
  return list.findIndex((x) => x.toLowerCase() === t);
}

/**
 * Go's sort.SliceStable for fewer than 21 elements is an insertion sort; summarize's comparator
 * is not a strict order, so the exact algorithm decides which condition ends up first.
 */
function insertionSort<T>(a: T[], less: (x: T, y: T) => boolean): void {
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && less(a[j]!, a[j - 1]!); j--) {
      const t = a[j]!;
      a[j] = a[j - 1]!;
      a[j - 1] = t;
    }
  }
}

export function summarize(obj: ConditionsObject, opts: SummarizeOptions): void {
  const priorities = opts.testEnabled && !opts.testIgnoreFailures ? [REMEDIATED, TEST_SUCCESS, RELEASED] : [REMEDIATED, RELEASED];
  if (!opts.testEnabled) remove(obj, TEST_SUCCESS);

  const conds: Condition[] = [...(obj.status?.conditions ?? [])];
  if (conds.length === 0) return;

  const less = (a: Condition, b: Condition): boolean => {
    const ia = position(priorities, a.type);
    if (ia < 0) return false;
    const ib = position(priorities, b.type);
    if (ib < 0) return true;
    return (a.observedGeneration ?? 0) >= (b.observedGeneration ?? 0) && ia < ib;
  };
  if (conds.length <= 20) insertionSort(conds, less);
  else conds.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));

  const first = conds[0]!;
  // Any remediated state is an error.
  const status = first.type === REMEDIATED ? 'False' : first.status;
  if (status === 'True') remove(obj, STALLED);
  set(obj, { type: READY, status, reason: first.reason ?? '', message: first.message ?? '' }, opts.now);
}
