// api/v2 install/upgrade remediation and strategy getters: retries, failure counters, whether
// retries are exhausted, and which one is "active" (chosen by lastAttemptedReleaseAction).
import type { ActionStrategy, HelmRelease, Remediation } from '../../kinds/api-types.js';
import { goDurationText } from './actions.js';

export type ReleaseAction = 'install' | 'upgrade';
export type RemediationStrategy = 'rollback' | 'uninstall';

/** helm-controller's default retry interval for RetryOnFailure (api/v2 GetRetryInterval). */
export const DEFAULT_RETRY_INTERVAL = '5m0s';

export interface ActiveRemediation {
  action: ReleaseAction;
  retries: number;
  failureCount: number;
  /** retries >= 0 && failureCount > retries (negative retries are unlimited). */
  retriesExhausted: boolean;
  mustRemediateLastFailure: boolean;
  strategy: RemediationStrategy;
  mustIgnoreTestFailures(testIgnoreFailures: boolean): boolean;
}

function remediationSpec(hr: HelmRelease, action: ReleaseAction): Remediation | undefined {
  return action === 'install' ? hr.spec?.install?.remediation : hr.spec?.upgrade?.remediation;
}

export function failureCount(hr: HelmRelease, action: ReleaseAction): number {
  return (action === 'install' ? hr.status?.installFailures : hr.status?.upgradeFailures) ?? 0;
}

/** The install or upgrade remediation settings with helm-controller's defaults applied. */
export function remediationFor(hr: HelmRelease, action: ReleaseAction): ActiveRemediation {
  const spec = remediationSpec(hr, action);
  const retries = spec?.retries ?? 0;
  const count = failureCount(hr, action);
  return {
    action,
    retries,
    failureCount: count,
    retriesExhausted: retries >= 0 && count > retries,
    // Install: false unless set; upgrade: defaults to retries > 0.
    mustRemediateLastFailure: spec?.remediateLastFailure ?? (action === 'upgrade' ? retries > 0 : false),
    // Install remediation always uninstalls.
    strategy: action === 'install' ? 'uninstall' : (spec?.strategy ?? 'rollback'),
    mustIgnoreTestFailures: (def) => spec?.ignoreTestFailures ?? def,
  };
}

/**
 * GetActiveRemediation: the remediation of status.lastAttemptedReleaseAction, if any. Under the
 * RetryOnFailure strategy failures are retried, not remediated, so there is none.
 */
export function activeRemediation(hr: HelmRelease): ActiveRemediation | undefined {
  const action = hr.status?.lastAttemptedReleaseAction;
  if (action !== 'install' && action !== 'upgrade') return undefined;
  if (strategySpec(hr, action)?.name === 'RetryOnFailure') return undefined;
  return remediationFor(hr, action);
}

function strategySpec(hr: HelmRelease, action: ReleaseAction): ActionStrategy | undefined {
  return action === 'install' ? hr.spec?.install?.strategy : hr.spec?.upgrade?.strategy;
}

export interface ActiveRetry {
  action: ReleaseAction;
  /** Go duration text, e.g. 5m0s. */
  retryInterval: string;
}

/**
 * The RetryOnFailure strategy of the last attempted release action, when that is the strategy
 * in force; undefined under RemediateOnFailure (the default).
 */
export function activeRetry(hr: HelmRelease): ActiveRetry | undefined {
  const action = hr.status?.lastAttemptedReleaseAction;
  if (action !== 'install' && action !== 'upgrade') return undefined;
  const s = strategySpec(hr, action);
  if (s?.name !== 'RetryOnFailure') return undefined;
  return { action, retryInterval: goDurationText(s.retryInterval || DEFAULT_RETRY_INTERVAL) };
}

/** test.ignoreFailures overridden by the active remediation's ignoreTestFailures. */
export function ignoreTestFailures(hr: HelmRelease): boolean {
  const def = hr.spec?.test?.ignoreFailures ?? false;
  return activeRemediation(hr)?.mustIgnoreTestFailures(def) ?? def;
}

/** Failure counters as the status should hold them after an increment of the active one. */
export function incrementFailureCount(hr: HelmRelease, action: ReleaseAction): void {
  hr.status = hr.status ?? {};
  if (action === 'install') hr.status.installFailures = (hr.status.installFailures ?? 0) + 1;
  else hr.status.upgradeFailures = (hr.status.upgradeFailures ?? 0) + 1;
}

/** Clears failures, installFailures and upgradeFailures (ClearFailures). */
export function clearFailures(hr: HelmRelease): void {
  if (!hr.status) return;
  delete hr.status.failures;
  delete hr.status.installFailures;
  delete hr.status.upgradeFailures;
}
