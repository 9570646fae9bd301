// internal/action/reset.go MustResetFailures: the failure counters start over when what the
// last attempt was made with changed, or a reset was requested.
import type { GoMap } from '../../gotemplate/value.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { verifyValues } from '../digest/index.js';
import { shouldHandleResetRequest } from './annotations.js';

export type ResetReason =
  | 'generation differs from last attempt'
  | 'chart version differs from last attempt'
  | 'values differ from last attempt'
  | 'reset requested through annotation';

/** The reason to reset, or undefined. Records status.lastHandledResetAt like Flux. */
export function mustResetFailures(hr: HelmRelease, chartVersion: string, values: GoMap): ResetReason | undefined {
  // Evaluated first so lastHandledResetAt is recorded whatever else differs.
  const resetRequested = shouldHandleResetRequest(hr);
  const status = hr.status ?? {};
  if ((status.lastAttemptedGeneration ?? 0) !== (hr.metadata.generation ?? 0)) return 'generation differs from last attempt';
  if ((status.lastAttemptedRevision ?? '') !== chartVersion) return 'chart version differs from last attempt';
  if (status.lastAttemptedConfigDigest || status.lastAttemptedValuesChecksum) {
    // The legacy sha1 checksum cannot verify (go-digest has no sha1): a reset, as in Flux.
    const d = status.lastAttemptedConfigDigest || `sha1:${status.lastAttemptedValuesChecksum}`;
    if (!verifyValues(d, values)) return 'values differ from last attempt';
  }
  if (resetRequested) return 'reset requested through annotation';
  return undefined;
}
