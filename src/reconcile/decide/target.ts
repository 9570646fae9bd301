// internal/action/verify.go ReleaseTargetChanged: the release the HelmRelease now describes is no
// longer the one recorded in status.history (another storage namespace, release namespace,
// release name or chart), so the old release must be uninstalled before the new one installs.
// The check is state/verify.ts's (with verify.go's other checks); decide exports it beside the
// status reset that follows the uninstall.
import type { HelmRelease } from '../../kinds/api-types.js';

export { releaseTargetChanged, type ReleaseTarget as TargetChange } from '../state/verify.js';

/** What helm-controller clears after uninstalling the old target (ClearHistory, ClearFailures). */
export function forgetReleaseTarget(hr: HelmRelease): void {
  if (!hr.status) return;
  delete hr.status.history;
  delete hr.status.failures;
  delete hr.status.installFailures;
  delete hr.status.upgradeFailures;
  delete hr.status.storageNamespace;
}
