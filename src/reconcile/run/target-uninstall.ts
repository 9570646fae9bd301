// helm-controller's Uninstall reconciler as the release-target change uses it: the release in
// status.history is uninstalled from the storage namespace it was recorded in, before the
// HelmRelease's new target is installed.
import { parseGoDuration } from '../../cli/duration.js';
import type { Cluster } from '../../cluster/types.js';
import { uninstall } from '../../helm/action/index.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import * as conditions from '../conditions/index.js';
import { recordUninstallResult, summarizeRelease, type ObservedDigests } from '../decide/index.js';
import * as msg from '../messages/index.js';
import { latest, snapshotFromRelease } from '../snapshot/index.js';
import { ObservingStorage } from './observing-storage.js';

export interface TargetUninstallContext {
  hr: HelmRelease;
  cluster: Cluster;
  fieldManager: string;
  now: () => Date;
  log: (line: string) => void;
  event: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  signal?: AbortSignal;
  /** spec.postRenderers / spec.commonMetadata digests, recorded by the deferred summarize. */
  digests?: ObservedDigests;
}

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
  const spec = hr.spec?.uninstall;
  let error: Error | undefined;
  try {
    await uninstall(
      { cluster: ctx.cluster, storage, fieldManager: ctx.fieldManager, now: ctx.now, log: ctx.log, ...(ctx.signal ? { signal: ctx.signal } : {}) },
      {
        name: cur.name,
        keepHistory: spec?.keepHistory === true,
        disableHooks: spec?.disableHooks === true,
        disableWait: spec?.disableWait === true,
        timeoutMs: parseGoDuration(spec?.timeout || hr.spec?.timeout || '5m'),
      },
    );
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  }
  const observed = storage.takeObserved().map((r) => snapshotFromRelease(r));
  const result = recordUninstallResult(hr, { observed, ...(error ? { error } : {}), keepHistory: spec?.keepHistory === true, now: ctx.now });
  const released = conditions.get(hr, conditions.RELEASED);
  // The not-found and already-uninstalled cases are only noted on the condition.
  if (released?.reason === msg.Reason.UninstallFailed) ctx.event('Warning', msg.Reason.UninstallFailed, released.message ?? '');
  else if (!error && released) ctx.event('Normal', msg.Reason.UninstallSucceeded, released.message ?? '');
  summarizeRelease(hr, ctx.digests ?? {}, ctx.now);
  if (result) throw result;
}
