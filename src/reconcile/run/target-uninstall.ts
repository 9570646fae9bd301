// helm-controller's Uninstall reconciler as the release-target change uses it: the release in
// status.history is uninstalled from the storage namespace it was recorded in, before the
// HelmRelease's new target is installed.
import { summarizeRelease } from '../decide/index.js';
import { observedDigests } from '../postrender/index.js';
import { latest } from '../snapshot/index.js';
import { ObservingStorage } from './observing-storage.js';
import { uninstallRelease, type ReconcilerEnv } from './uninstall-release.js';

/** The deferred summarize records `digests`, the object's own (observedDigests) unless given. */
export type TargetUninstallContext = ReconcilerEnv;

/**
 * Uninstalls the latest release of the history. Resolves when it is gone (or there was none);
 * throws the uninstall error otherwise, with Released=False UninstallFailed recorded.
 */
export async function uninstallCurrentTarget(ctx: TargetUninstallContext): Promise<void> {
  const { hr } = ctx;
  const cur = latest(hr.status?.history);
  const storageNamespace = hr.status?.storageNamespace;
  if (!cur || !storageNamespace) return;
  const storage = new ObservingStorage(ctx.cluster, storageNamespace, { now: ctx.now });
  try {
    await uninstallRelease(ctx, hr, storage, {
      name: cur.name,
      timeout: hr.spec?.uninstall?.timeout || hr.spec?.timeout || '5m',
      remediation: false,
      event: ctx.event,
    });
  } finally {
    summarizeRelease(hr, ctx.digests ?? observedDigests(hr), ctx.now);
  }
}
