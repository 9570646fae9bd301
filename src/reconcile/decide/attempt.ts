// The status a reconcile writes around the atomic release (helmrelease_controller.go
// reconcileRelease steps 13–15, and the deferred observedGeneration rule).
import type { GoMap } from '../../gotemplate/value.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { digestValues } from '../digest/index.js';
import type { LoopOutcome } from './loop.js';
import { clearFailures } from './remediation.js';
import { mustResetFailures, type ResetReason } from './reset.js';

export interface AttemptInput {
  /** The loaded chart version (with the `+<digest>` suffix for OCI sources). */
  chartVersion: string;
  /** The OCI artifact digest, when the chart came from an OCIRepository. */
  chartDigest?: string;
  /** The composed values. */
  values: GoMap;
}

/**
 * Records the storage namespace, resets the failure counters when the attempt differs from
 * the last one (returns why), and writes lastAttempted{Generation,Revision,RevisionDigest,
 * ConfigDigest}, clearing the deprecated fields.
 */
export function prepareAttempt(hr: HelmRelease, input: AttemptInput): ResetReason | undefined {
  hr.status = hr.status ?? {};
  hr.status.storageNamespace = hr.spec?.storageNamespace || hr.metadata.namespace || '';
  const reason = mustResetFailures(hr, input.chartVersion, input.values);
  if (reason) clearFailures(hr);
  const st = hr.status;
  st.lastAttemptedGeneration = hr.metadata.generation ?? 0;
  st.lastAttemptedRevision = input.chartVersion;
  if (input.chartDigest) st.lastAttemptedRevisionDigest = input.chartDigest;
  else delete st.lastAttemptedRevisionDigest;
  st.lastAttemptedConfigDigest = digestValues(input.values);
  delete st.lastAttemptedValuesChecksum;
  delete st.lastReleaseRevision;
  return reason;
}

/**
 * observedGeneration is written unless the reconcile asked to run again at once: success, a
 * terminal (stalled) outcome, and a RetryOnFailure retry after its interval (a requeue-after
 * without error in controller-runtime terms) all observe the generation.
 */
export function finishAttempt(hr: HelmRelease, outcome: LoopOutcome): void {
  if (outcome.kind !== 'requeue') {
    hr.status = hr.status ?? {};
    hr.status.observedGeneration = hr.metadata.generation ?? 0;
  }
}
