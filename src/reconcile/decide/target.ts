// internal/action/verify.go ReleaseTargetChanged: the release the HelmRelease now describes is no
// longer the one recorded in status.history (another storage namespace, release namespace,
// release name or chart), so the old release must be uninstalled before the new one installs.
import type { HelmRelease } from '../../kinds/api-types.js';
import { releaseName } from '../release-name.js';
import { latest } from '../snapshot/index.js';

export type TargetChange = 'storage namespace' | 'release namespace' | 'release name' | 'chart name';

/** The first difference, in Flux's order, or undefined when the target is the same. */
export function releaseTargetChanged(hr: HelmRelease, chartName: string): TargetChange | undefined {
  const cur = latest(hr.status?.history);
  const recordedStorage = hr.status?.storageNamespace ?? '';
  // Nothing installed yet (or the last target change already cleared the status).
  if (recordedStorage === '' || !cur) return undefined;
  const ns = hr.metadata.namespace ?? '';
  if ((hr.spec?.storageNamespace || ns) !== recordedStorage) return 'storage namespace';
  if ((hr.spec?.targetNamespace || ns) !== cur.namespace) return 'release namespace';
  if (releaseName({ metadata: { name: hr.metadata.name }, spec: hr.spec ?? {} }) !== cur.name) return 'release name';
  if (chartName !== cur.chartName) return 'chart name';
  return undefined;
}

/** What helm-controller clears after uninstalling the old target (ClearHistory, ClearFailures). */
export function forgetReleaseTarget(hr: HelmRelease): void {
  if (!hr.status) return;
  delete hr.status.history;
  delete hr.status.failures;
  delete hr.status.installFailures;
  delete hr.status.upgradeFailures;
  delete hr.status.storageNamespace;
}
