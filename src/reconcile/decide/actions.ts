// The actions the atomic release loop can take (atomic_release.go actionForState), and the
// reconciler type each belongs to (reconcile.go ReconcilerType): a type runs at most once per
// reconcile. The plain Uninstall reconciler is not one of them: it only runs outside the loop,
// for a changed release target (src/reconcile/run/target-uninstall.ts).
import { formatDuration, parseDuration } from '../../helm/funcs/sprig/extra/gotime/duration.js';
import type { HelmRelease, Snapshot } from '../../kinds/api-types.js';
import type { DriftResult } from '../state/index.js';

export type ActionKind = 'install' | 'upgrade' | 'test' | 'rollback-remediation' | 'uninstall-remediation' | 'unlock' | 'correct-cluster-drift';
export type ReconcilerType = 'release' | 'remediate' | 'test' | 'unlock' | 'drift correction';

export interface NextAction<D = unknown> {
  kind: ActionKind;
  /** The action name in messages: install, upgrade, test, rollback, uninstall, unlock, correct cluster drift. */
  name: string;
  type: ReconcilerType;
  /** Rollback remediation: the verified snapshot to roll back to. */
  rollbackTarget?: Snapshot;
  /** Drift correction: what to correct. */
  drift?: DriftResult<D>;
}

const META: Record<ActionKind, { name: string; type: ReconcilerType }> = {
  install: { name: 'install', type: 'release' },
  upgrade: { name: 'upgrade', type: 'release' },
  test: { name: 'test', type: 'test' },
  'rollback-remediation': { name: 'rollback', type: 'remediate' },
  'uninstall-remediation': { name: 'uninstall', type: 'remediate' },
  unlock: { name: 'unlock', type: 'unlock' },
  'correct-cluster-drift': { name: 'correct cluster drift', type: 'drift correction' },
};

export function action<D = unknown>(kind: ActionKind, extra: Pick<NextAction<D>, 'rollbackTarget' | 'drift'> = {}): NextAction<D> {
  return { kind, ...META[kind], ...extra };
}

/** A duration as metav1.Duration prints it back (Go Duration.String): `5m` → `5m0s`. */
export function goDurationText(text: string): string {
  try {
    return formatDuration(parseDuration(text));
  } catch {
    return text;
  }
}

/** Go duration text of spec.timeout (default 5m0s). */
function specTimeout(hr: HelmRelease): string {
  return hr.spec?.timeout || '5m0s';
}

/** timeoutForAction: the per-action timeout, falling back to spec.timeout, as Go prints it. */
export function timeoutForAction(a: Pick<NextAction, 'kind'>, hr: HelmRelease): string {
  return goDurationText(rawTimeout(a, hr));
}

function rawTimeout(a: Pick<NextAction, 'kind'>, hr: HelmRelease): string {
  const spec = hr.spec;
  switch (a.kind) {
    case 'install':
      return spec?.install?.timeout || specTimeout(hr);
    case 'upgrade':
      return spec?.upgrade?.timeout || specTimeout(hr);
    case 'test':
      return spec?.test?.timeout || specTimeout(hr);
    case 'rollback-remediation':
      return spec?.rollback?.timeout || specTimeout(hr);
    case 'uninstall-remediation':
      return spec?.uninstall?.timeout || specTimeout(hr);
    default:
      return specTimeout(hr);
  }
}
