// helm-controller's Uninstall and UninstallRemediation reconcilers: run Helm's uninstall, record
// the outcome on the condition they own and emit its event. Shared by the release loop's runner
// and by the release-target change (which uninstalls the old target outside the loop).
import { parseGoDuration } from '../../cli/duration.js';
import { uninstall, type ActionConfig } from '../../helm/action/index.js';
import { textLine, type HelmLogRecord } from '../../helm/action/log.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import * as conditions from '../conditions/index.js';
import { recordUninstallRemediationResult, recordUninstallResult, type ObservedDigests } from '../decide/index.js';
import * as msg from '../messages/index.js';
import { snapshotFromRelease } from '../snapshot/index.js';
import { HelmLogBuffer } from './helm-log-buffer.js';
import type { ObservingStorage } from './observing-storage.js';

export type EventSink = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** The fields of an ActionConfig the runners take from their context (storage is given apart). */
export interface ActionEnv {
  cluster: ActionConfig['cluster'];
  fieldManager: string;
  now: () => Date;
  /** The run's log: Helm's records as `helm --debug` prints them. */
  log: (line: string) => void;
  /** Ctrl-C / SIGTERM: Helm actions stop waiting and record their release as failed. */
  signal?: AbortSignal;
}

/** What an action reconciler works on besides the Helm action: the object, its events and digests. */
export interface ReconcilerEnv extends ActionEnv {
  hr: HelmRelease;
  event: EventSink;
  /** spec.postRenderers / spec.commonMetadata digests, recorded as observed by each summarize. */
  digests?: ObservedDigests;
}

/**
 * Helm's records go to the run's log as `helm --debug` prints them and, for helm-controller's
 * failure events, into the action's log buffer.
 */
export function actionConfig(env: ActionEnv, storage: ObservingStorage, buffer?: HelmLogBuffer): ActionConfig {
  const log = (record: HelmLogRecord): void => {
    env.log(textLine(record));
    buffer?.append(record);
  };
  return { cluster: env.cluster, storage, fieldManager: env.fieldManager, now: env.now, log, ...(env.signal ? { signal: env.signal } : {}) };
}

export interface UninstallRequest {
  /** The release name Helm sees. */
  name: string;
  /** As a Go duration; one that does not parse fails the action like Helm's error does. */
  timeout: string;
  /** UninstallRemediation (Remediated condition) rather than Uninstall (Released condition). */
  remediation: boolean;
  /** The OCIRepository artifact digest, recorded on the observed snapshots. */
  ociDigest?: string;
  event: EventSink;
}

/** Throws the recorded action error when the uninstall failed; resolves otherwise. */
export async function uninstallRelease(env: ActionEnv, hr: HelmRelease, storage: ObservingStorage, req: UninstallRequest): Promise<void> {
  const spec = hr.spec?.uninstall;
  let error: Error | undefined;
  const logs = new HelmLogBuffer(env.now);
  try {
    await uninstall(actionConfig(env, storage, logs), {
      name: req.name,
      keepHistory: spec?.keepHistory === true,
      disableHooks: spec?.disableHooks === true,
      disableWait: spec?.disableWait === true,
      timeoutMs: parseGoDuration(req.timeout),
    });
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  }
  const observed = storage.takeObserved().map((r) => snapshotFromRelease(r, req.ociDigest ? { ociDigest: req.ociDigest } : {}));
  // Either reconciler can fail without an action error (no storage update): the condition says.
  const type = req.remediation ? conditions.REMEDIATED : conditions.RELEASED;
  const result = req.remediation
    ? recordUninstallRemediationResult(hr, observed, error, env.now)
    : recordUninstallResult(hr, { observed, ...(error ? { error } : {}), keepHistory: spec?.keepHistory === true, now: env.now });
  const outcome = conditions.get(hr, type);
  // Without remediation, the not-found and already-uninstalled cases are only noted on the condition.
  if (outcome?.reason === msg.Reason.UninstallFailed) req.event('Warning', msg.Reason.UninstallFailed, msg.eventMessageWithLog(outcome.message ?? '', logs.toString()));
  else if (outcome && (req.remediation || !error)) req.event('Normal', msg.Reason.UninstallSucceeded, outcome.message ?? '');
  if (result) throw result;
}
