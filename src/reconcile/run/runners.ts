// One runner per action of the atomic release loop: run the Helm action (src/helm/action) and
// record what it wrote through the bookkeeping of src/reconcile/decide, as helm-controller's
// action reconcilers do.
import { parseGoDuration, formatGoDuration } from '../../cli/duration.js';
import { install, ReleaseActionError, rollback, runTests, unlock, upgrade, type ReleaseSource } from '../../helm/action/index.js';
import type { Release } from '../../helm/release/types.js';
import type { HelmRelease, Snapshot, TestHookStatus } from '../../kinds/api-types.js';
import {
  beginReleaseAction,
  recordReleaseResult,
  recordRollbackResult,
  recordTestResult,
  recordUnlockResult,
  summarizeRelease,
  timeoutForAction,
  type ActionKind,
  type NextAction,
} from '../decide/index.js';
import { correctDrift, type ObjectDrift } from '../drift/index.js';
import * as conditions from '../conditions/index.js';
import * as msg from '../messages/index.js';
import { latest, snapshotFromRelease } from '../snapshot/index.js';
import { HelmLogBuffer } from './helm-log-buffer.js';
import type { ObservingStorage } from './observing-storage.js';
import { actionConfig, uninstallRelease, type ReconcilerEnv } from './uninstall-release.js';

export interface RunnerContext extends ReconcilerEnv {
  storage: ObservingStorage;
  source: ReleaseSource;
  /** Shortened release name (what Helm sees) and the unshortened one for messages. */
  releaseName: string;
  composedName: string;
  releaseNamespace: string;
  chart: { name: string; version: string };
  /** The OCIRepository artifact digest, recorded on snapshots. */
  ociDigest?: string;
}

function timeoutMs(ctx: RunnerContext, a: NextAction): number {
  return parseGoDuration(timeoutForAction(a, ctx.hr));
}

function observed(ctx: RunnerContext): Snapshot[] {
  return ctx.storage.takeObserved().map((r) => snapshotFromRelease(r, ctx.ociDigest ? { ociDigest: ctx.ociDigest } : {}));
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * The error as Helm's action returns it: the release description (`Release "x" failed: …`) is
 * what storage records, the condition message carries the error underneath.
 */
function helmError(e: unknown): Error {
  if (e instanceof ReleaseActionError && e.cause instanceof Error) return e.cause;
  return asError(e);
}

/**
 * Test hook phases of a release, filtered by spec.test.filters (as TestHookStatus); an empty map
 * records a test run without test hooks.
 */
function testHooks(hr: HelmRelease, rel: Release): Record<string, TestHookStatus> {
  const filters = hr.spec?.test?.filters ?? [];
  const out: Record<string, TestHookStatus> = {};
  for (const h of rel.hooks ?? []) {
    if (!h.events?.includes('test') || !h.name) continue;
    const f = filters.find((x) => x.name === h.name);
    const included = filters.some((x) => x.exclude !== true) ? f !== undefined && f.exclude !== true : f?.exclude !== true;
    if (!included) continue;
    out[h.name] = {
      ...(h.last_run.started_at ? { lastStarted: h.last_run.started_at } : {}),
      ...(h.last_run.completed_at ? { lastCompleted: h.last_run.completed_at } : {}),
      ...(h.last_run.phase ? { phase: h.last_run.phase } : {}),
    };
  }
  return out;
}

/** internal/action/test.go: spec.test.filters as Helm's name filters (`!name` excludes). */
function helmTestFilters(hr: HelmRelease): string[] {
  return (hr.spec?.test?.filters ?? []).map((f) => (f.exclude === true ? `!${f.name}` : f.name));
}

async function releaseAction(ctx: RunnerContext, a: NextAction, kind: 'install' | 'upgrade'): Promise<void> {
  const hr = ctx.hr;
  beginReleaseAction(hr, kind);
  const started = Date.now();
  const logs = new HelmLogBuffer(ctx.now);
  let error: Error | undefined;
  try {
    if (kind === 'install') {
      await install(actionConfig(ctx, ctx.storage, logs), ctx.source, {
        name: ctx.releaseName,
        namespace: ctx.releaseNamespace,
        timeoutMs: timeoutMs(ctx, a),
        disableWait: hr.spec?.install?.disableWait === true,
        disableHooks: hr.spec?.install?.disableHooks === true,
        createNamespace: hr.spec?.install?.createNamespace === true,
        crds: (hr.spec?.install?.crds as 'Skip' | 'Create' | 'CreateReplace' | undefined) ?? 'Create',
        takeOwnership: true,
        replace: true,
      });
    } else {
      await upgrade(actionConfig(ctx, ctx.storage, logs), ctx.source, {
        name: ctx.releaseName,
        namespace: ctx.releaseNamespace,
        timeoutMs: timeoutMs(ctx, a),
        disableWait: hr.spec?.upgrade?.disableWait === true,
        disableHooks: hr.spec?.upgrade?.disableHooks === true,
        maxHistory: hr.spec?.maxHistory ?? 5,
        crds: (hr.spec?.upgrade?.crds as 'Skip' | 'Create' | 'CreateReplace' | undefined) ?? 'Skip',
        takeOwnership: true,
        cleanupOnFail: hr.spec?.upgrade?.cleanupOnFail === true,
      });
    }
  } catch (e) {
    error = helmError(e);
  }
  const result = recordReleaseResult(hr, {
    action: kind,
    observed: observed(ctx),
    duration: formatGoDuration(Date.now() - started),
    ...(error ? { error } : {}),
    target: { releaseNamespace: ctx.releaseNamespace, releaseName: ctx.composedName, chartName: ctx.chart.name, chartVersion: ctx.chart.version },
    now: ctx.now,
  });
  const cur = latest(hr.status?.history);
  if (error) ctx.event('Warning', kind === 'install' ? msg.Reason.InstallFailed : msg.Reason.UpgradeFailed, msg.eventMessageWithLog(conditions.getMessage(hr, conditions.RELEASED), logs.toString()));
  else if (cur) ctx.event('Normal', kind === 'install' ? msg.Reason.InstallSucceeded : msg.Reason.UpgradeSucceeded, conditions.getMessage(hr, conditions.RELEASED));
  if (result) throw result;
}

async function testAction(ctx: RunnerContext, a: NextAction): Promise<void> {
  const logs = new HelmLogBuffer(ctx.now);
  let error: Error | undefined;
  try {
    await runTests(actionConfig(ctx, ctx.storage, logs), { name: ctx.releaseName, timeoutMs: timeoutMs(ctx, a), filters: helmTestFilters(ctx.hr) });
  } catch (e) {
    error = asError(e);
  }
  // Test results are what the test run wrote for the latest release (observeTest).
  const cur = latest(ctx.hr.status?.history);
  const written = ctx.storage.takeObserved().filter((r) => cur && r.name === cur.name && r.namespace === cur.namespace && r.version === cur.version);
  const last = written[written.length - 1];
  const hooks = last ? testHooks(ctx.hr, last) : undefined;
  const result = recordTestResult(ctx.hr, { ...(hooks ? { hooks } : {}), ...(error ? { error } : {}), now: ctx.now });
  const message = conditions.getMessage(ctx.hr, conditions.TEST_SUCCESS);
  if (error) ctx.event('Warning', msg.Reason.TestFailed, msg.eventMessageWithLog(message, logs.toString()));
  else ctx.event('Normal', msg.Reason.TestSucceeded, message);
  if (result) throw result;
}

async function rollbackAction(ctx: RunnerContext, a: NextAction): Promise<void> {
  const target = a.rollbackTarget!;
  const logs = new HelmLogBuffer(ctx.now);
  let error: Error | undefined;
  try {
    await rollback(actionConfig(ctx, ctx.storage, logs), {
      name: ctx.releaseName,
      version: target.version,
      timeoutMs: timeoutMs(ctx, a),
      disableWait: ctx.hr.spec?.rollback?.disableWait === true,
      disableHooks: ctx.hr.spec?.rollback?.disableHooks === true,
      maxHistory: ctx.hr.spec?.maxHistory ?? 5,
      takeOwnership: true,
    });
  } catch (e) {
    error = helmError(e);
  }
  const result = recordRollbackResult(ctx.hr, target, observed(ctx), error, ctx.now);
  const message = conditions.getMessage(ctx.hr, conditions.REMEDIATED);
  if (error) ctx.event('Warning', msg.Reason.RollbackFailed, msg.eventMessageWithLog(message, logs.toString()));
  else ctx.event('Normal', msg.Reason.RollbackSucceeded, message);
  if (result) throw result;
}

/** uninstall_remediation.go, with spec.uninstall.timeout (timeoutForAction of UninstallRemediation). */
function uninstallRemediationAction(ctx: RunnerContext, a: NextAction): Promise<void> {
  return uninstallRelease(ctx, ctx.hr, ctx.storage, {
    name: ctx.releaseName,
    timeout: timeoutForAction(a, ctx.hr),
    remediation: true,
    ...(ctx.ociDigest ? { ociDigest: ctx.ociDigest } : {}),
    event: ctx.event,
  });
}

/** unlock.go: a release left pending-* is rewritten as failed, so the next state can act on it. */
async function unlockAction(ctx: RunnerContext): Promise<void> {
  const before = await ctx.storage.last(ctx.releaseName);
  // Gone meanwhile: the next state check decides.
  if (!before) return;
  const previousStatus = before.info.status ?? 'unknown';
  const recorded = ctx.hr.status?.history?.find((h) => h.name === before.name && h.namespace === before.namespace && h.version === before.version);
  const subject = snapshotFromRelease(before, recorded?.ociDigest ? { ociDigest: recorded.ociDigest } : {});
  let error: Error | undefined;
  try {
    await unlock(actionConfig(ctx, ctx.storage), ctx.releaseName);
  } catch (e) {
    error = asError(e);
  }
  const result = recordUnlockResult(ctx.hr, previousStatus, observed(ctx), error, ctx.now, subject);
  ctx.event(error ? 'Warning' : 'Normal', msg.Reason.PendingRelease, conditions.getMessage(ctx.hr, conditions.RELEASED));
  if (result) throw result;
}

/**
 * correct_cluster_drift.go: Ready=Unknown while correcting; the outcome is only reported as an
 * event (a failed correction is not an action error: the next state check sees the drift again).
 */
async function driftAction(ctx: RunnerContext, a: NextAction<ObjectDrift[]>): Promise<void> {
  const results = a.drift?.detail ?? [];
  if (ctx.hr.spec?.driftDetection?.mode !== 'enabled' || results.length === 0) return;
  conditions.markUnknown(ctx.hr, conditions.READY, msg.Reason.Progressing, msg.correctingClusterDrift, ctx.now);
  const { changes, errors } = await correctDrift(ctx.cluster, results, ctx.fieldManager);
  const cur = latest(ctx.hr.status?.history);
  if (!cur) return;
  if (errors.length > 0) ctx.event('Warning', msg.Reason.DriftCorrectionFailed, msg.driftCorrectionFailed(cur, errors, changes));
  else if (changes.length > 0) ctx.event('Normal', msg.Reason.DriftCorrected, msg.driftCorrected(cur, changes));
}

/**
 * The deferred summarize of helm-controller's action reconcilers: Ready mirrors their outcome,
 * and the observed post-render digests are refreshed.
 */
function summarize(ctx: RunnerContext): void {
  summarizeRelease(ctx.hr, ctx.digests ?? {}, ctx.now);
}

export function runnerFor(ctx: RunnerContext): (a: NextAction<ObjectDrift[]>) => Promise<void> {
  return async (a) => {
    switch (a.kind) {
      // Drift correction only reports through events, and uninstall_remediation.go has no
      // deferred summarize; every other action summarizes Ready.
      case 'correct-cluster-drift':
        return driftAction(ctx, a);
      case 'uninstall-remediation':
        return uninstallRemediationAction(ctx, a);
    }
    const run = SUMMARIZED[a.kind];
    try {
      await run(ctx, a);
    } finally {
      summarize(ctx);
    }
  };
}

/** The action reconcilers with helm-controller's deferred summarize of Ready. */
const SUMMARIZED: Record<Exclude<ActionKind, 'correct-cluster-drift' | 'uninstall-remediation'>, (ctx: RunnerContext, a: NextAction) => Promise<void>> = {
  install: (ctx, a) => releaseAction(ctx, a, 'install'),
  upgrade: (ctx, a) => releaseAction(ctx, a, 'upgrade'),
  test: testAction,
  'rollback-remediation': rollbackAction,
  unlock: (ctx) => unlockAction(ctx),
};
