// Helm hooks: documents whose `helm.sh/hook` annotation names lifecycle events. They are kept
// out of the release manifest and run around install/upgrade/delete/rollback/test.
export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';
export const HOOK_DELETE_ANNOTATION = 'helm.sh/hook-delete-policy';
export const HOOK_OUTPUT_LOG_ANNOTATION = 'helm.sh/hook-output-log-policy';

export type HookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

const EVENTS: Record<string, HookEvent> = {
  'pre-install': 'pre-install',
  'post-install': 'post-install',
  'pre-delete': 'pre-delete',
  'post-delete': 'post-delete',
  'pre-upgrade': 'pre-upgrade',
  'post-upgrade': 'post-upgrade',
  'pre-rollback': 'pre-rollback',
  'post-rollback': 'post-rollback',
  test: 'test',
  // Helm 2's name for test hooks, still accepted.
  'test-success': 'test',
};

/** A rendered hook document. Policies are kept as written (lower-cased), as Helm keeps them. */
export interface Hook {
  name: string;
  kind: string;
  /** Template path, e.g. `mychart/templates/job.yaml`. */
  path: string;
  manifest: string;
  events: HookEvent[];
  weight: number;
  deletePolicies: string[];
  outputLogPolicies: string[];
}

/** Parses the hook event list; undefined when one of the events is unknown (Helm drops the document). */
export function parseHookEvents(value: string): HookEvent[] | undefined {
  const out: HookEvent[] = [];
  for (const part of value.split(',')) {
    const e = EVENTS[part.trim().toLowerCase()];
    if (e === undefined) return undefined;
    out.push(e);
  }
  return out;
}

/** A comma list annotation, trimmed and lower-cased item by item. */
export function parsePolicyList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((p) => p.trim().toLowerCase());
}

/** strconv.Atoi of the weight annotation; anything unparsable is 0. */
export function parseHookWeight(value: string | undefined): number {
  if (value === undefined || !/^[+-]?[0-9]+$/.test(value)) return 0;
  const n = Number(value);
  // Atoi fails outside int64 and Helm then uses 0.
  if (!Number.isSafeInteger(n) && (BigInt(value) > 9223372036854775807n || BigInt(value) < -9223372036854775808n)) return 0;
  return n;
}

export function isTestHook(h: Hook): boolean {
  return h.events.includes('test');
}
