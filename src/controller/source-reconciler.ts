// source-controller's part of `flux-ts controller`: one reconcile of a HelmRepository,
// GitRepository, OCIRepository or HelmChart, as source-controller's reconcilers run it —
// finalizer, suspend, the OCI HelmRepository left static, the Reconciling status on a new
// generation or reconcile request, the fetch (src/sources/reconcile-source.ts), the summarised
// status through the status subresource with lastHandledReconcileAt, and its Events.
//
// What differs from Flux: there is no artifact server. The fetched chart stays in the local
// artifact cache the reconciliation core reads from, status URLs are the fixed text of
// src/sources/helmchart.ts STORAGE_BASE_URL, and the HelmRelease core reads the HelmChart's
// artifact from that cache by digest (src/reconcile/run/source-readiness.ts).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notFoundMessage } from '../cluster/errors.js';
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import { parseGoDuration } from '../cli/duration.js';
import type { HelmRelease } from '../kinds/api-types.js';
import type { FluxKind } from '../kinds/kind.js';
import { resourceOfObject } from '../kinds/served.js';
import { gitRepositoryKind, helmChartKind, helmRepositoryKind, ociRepositoryKind } from '../kinds/sources.js';
import { RECONCILE_REQUEST_ANNOTATION } from '../reconcile/decide/annotations.js';
import { clusterEventRecorder, flushEvents, type EventRecorder } from '../reconcile/run/events.js';
import { ArtifactCache } from '../sources/cache.js';
import { reconcileSourceDetailed } from '../sources/reconcile-source.js';
import { outcomeOf, progressingStatus, settleSourceStatus, sourceFailedStatus } from '../sources/source-status.js';
import type { HelmChart, SourceObject, SourceStatus } from '../sources/types.js';
import { isConflict, isNotFound } from './errors.js';
import { jittered } from './jitter.js';
import type { JsonLogger } from './log.js';
import { FINALIZER } from './reconciler.js';

/** What the source work queue does next with the key. */
export type SourceOutcome =
  /** Look again after this long (spec.interval, jittered). */
  | { requeueAfterMs: number }
  /** A failure or a wait (NoSourceArtifact): again with exponential backoff. */
  | { backoff: true; error?: Error }
  /** Nothing until the object changes (deleted, suspended, stalled, static). */
  | { done: true };

export interface SourceReconcileContext {
  signal: AbortSignal;
  log?: JsonLogger;
  /** The controller's watch cache of sources; a miss is asked of the API server. */
  cachedSource?: (kind: string, namespace: string, name: string) => KubeObject | undefined;
}

export interface SourceReconcilerOptions {
  cluster: Cluster;
  /** The artifact cache shared with the reconciliation core (same directory). */
  cacheDir?: string;
  now?: () => Date;
  jitterPercent?: number;
}

const KINDS: Record<SourceObject['kind'], FluxKind<KubeObject>> = {
  HelmRepository: helmRepositoryKind as FluxKind<KubeObject>,
  GitRepository: gitRepositoryKind as FluxKind<KubeObject>,
  OCIRepository: ociRepositoryKind as FluxKind<KubeObject>,
  HelmChart: helmChartKind as FluxKind<KubeObject>,
};

/** For an object without a usable interval (required by the CRDs but for HelmRepository). */
const DEFAULT_INTERVAL_MS = 10 * 60_000;

export function isSourceObject(obj: KubeObject): obj is SourceObject {
  return obj.kind in KINDS;
}

export function sourceKey(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** The stored artifact's size as source-controller's notify prints it (go-units HumanSize). */
function humanSize(size: number | undefined): string {
  if (size === undefined) return 'unknown size';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = size;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `size ${Number(v.toPrecision(4))}${units[i]}`;
}

/** The Normal event of a new artifact (each reconciler's notify): reason and message. */
function newArtifactEvent(obj: SourceObject, status: SourceStatus, commitSubject: string | undefined): { reason: string; message: string } {
  const revision = status.artifact?.revision ?? '';
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  switch (obj.kind) {
    case 'HelmRepository':
      return { reason: 'NewArtifact', message: `stored fetched index of ${humanSize(status.artifact?.size)} from '${obj.spec.url}'` };
    case 'HelmChart':
      return { reason: ready?.reason ?? 'ChartPullSucceeded', message: ready?.message ?? '' };
    case 'GitRepository':
      return { reason: 'NewArtifact', message: commitSubject !== undefined ? `stored artifact for commit '${commitSubject}'` : `stored artifact for revision '${revision}'` };
    case 'OCIRepository':
      return { reason: 'NewArtifact', message: `stored artifact with revision '${revision}' from '${obj.spec.url}'` };
  }
}

const FAIL_CONDITIONS = ['FetchFailed', 'BuildFailed', 'StorageOperationFailed'];

function failed(status: SourceStatus | undefined): boolean {
  return (status?.conditions ?? []).some((c) => FAIL_CONDITIONS.includes(c.type));
}

export class SourceReconciler {
  private readonly cluster: Cluster;
  private readonly cache: ArtifactCache;
  private readonly now: () => Date;
  private readonly events: EventRecorder;

  constructor(private readonly opts: SourceReconcilerOptions) {
    this.cluster = opts.cluster;
    this.cache = new ArtifactCache({ dir: opts.cacheDir ?? join(tmpdir(), 'flux-ts-artifacts') });
    this.now = opts.now ?? (() => new Date());
    this.events = clusterEventRecorder(this.cluster, { now: this.now, component: 'source-controller' });
  }

  async reconcile(obj: SourceObject, ctx: SourceReconcileContext): Promise<SourceOutcome> {
    const res = resourceOfObject(KINDS[obj.kind], obj);
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp) {
      // Nothing is stored but the cache, which other objects may share: only the finalizer goes.
      if (finalizers.includes(FINALIZER)) await this.patchFinalizers(res, obj, finalizers.filter((f) => f !== FINALIZER));
      return { done: true };
    }
    // An OCI HelmRepository is static: source-controller drops its finalizer and status once.
    if (obj.kind === 'HelmRepository' && obj.spec.type === 'oci') {
      if (finalizers.includes(FINALIZER)) await this.patchFinalizers(res, obj, finalizers.filter((f) => f !== FINALIZER));
      // HelmRepositoryOCIRequireMigration: only what a reconcile wrote (not the CRD's defaults).
      if ((obj.status?.conditions ?? []).length > 0 || obj.status?.artifact !== undefined) await this.writeStatus(res, obj, null);
      return { done: true };
    }
    if (!finalizers.includes(FINALIZER)) {
      // The watch brings the object back with its finalizer (the manager wakes it then): a
      // requeue now would read the cache before that event and patch a stale version.
      await this.patchFinalizers(res, obj, [...finalizers, FINALIZER]);
      return { done: true };
    }
    const requestedAt = obj.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION];
    if (obj.spec.suspend === true) {
      ctx.log?.info('reconciliation is suspended for this object');
      // The deferred patch still records the request and, with conditions present, the generation.
      const patch: SourceStatus = {};
      if (requestedAt !== undefined && requestedAt !== obj.status?.lastHandledReconcileAt) patch.lastHandledReconcileAt = requestedAt;
      if ((obj.status?.conditions ?? []).length > 0 && obj.metadata.generation !== undefined && obj.status?.observedGeneration !== obj.metadata.generation) patch.observedGeneration = obj.metadata.generation;
      if (Object.keys(patch).length > 0) await this.writeStatus(res, obj, patch);
      return { done: true };
    }

    if ((obj.metadata.generation ?? 0) !== (obj.status?.observedGeneration ?? 0) || (requestedAt !== undefined && requestedAt !== obj.status?.lastHandledReconcileAt)) {
      const progressing = progressingStatus(obj, this.now());
      await this.writeStatus(res, obj, { conditions: progressing.conditions ?? [] });
    }

    const computed = await this.fetch(obj, ctx);
    const settled = settleSourceStatus(obj, computed.status, requestedAt, this.now());
    await this.writeStatus(res, obj, settled);
    this.notify(obj, settled, computed, ctx.log);
    await flushEvents(this.cluster);

    const outcome = outcomeOf(settled);
    if (outcome === 'success') return { requeueAfterMs: jittered(intervalMs(obj), this.opts.jitterPercent ?? 5) };
    const ready = settled.conditions?.find((c) => c.type === 'Ready');
    if (outcome === 'stalled') {
      ctx.log?.error('reconciliation stalled', { error: ready?.message ?? '' });
      return { done: true };
    }
    // NoSourceArtifact is a wait, not an error (a requeue through the rate limiter).
    return computed.trace ? { backoff: true } : { backoff: true, error: new Error(ready?.message ?? 'reconciliation failed') };
  }

  /** reconcileSource, with the HelmChart's precondition that its source holds an artifact. */
  private async fetch(obj: SourceObject, ctx: SourceReconcileContext): Promise<{ status: SourceStatus; trace?: boolean; commitSubject?: string }> {
    const now = this.now();
    if (obj.kind === 'HelmChart') {
      const waiting = await this.sourceArtifactMissing(obj, now, ctx);
      if (waiting) return waiting;
    }
    ctx.signal.throwIfAborted();
    try {
      return await reconcileSourceDetailed(obj, { cluster: this.cluster, cache: this.cache, allowCrossNamespace: true, now: this.now });
    } catch (err) {
      // A refused reference or an unexpected failure: Ready=False with the error, retried.
      return { status: sourceFailedStatus(obj, 'Failed', err instanceof Error ? err.message : String(err), now) };
    }
  }

  /**
   * helmchart_controller.go reconcileSource: the source must exist (else SourceUnavailable) and
   * hold an artifact (else NoSourceArtifact, a trace event and a requeue), except an OCI
   * HelmRepository, which never has one.
   */
  private async sourceArtifactMissing(chart: HelmChart, now: Date, ctx: SourceReconcileContext): Promise<{ status: SourceStatus; trace?: boolean } | undefined> {
    const ref = chart.spec.sourceRef;
    const ns = chart.metadata.namespace ?? 'default';
    // A Bucket (or another kind) is refused by the chart build itself, in one line.
    const kind = ref.kind === 'HelmRepository' || ref.kind === 'GitRepository' ? KINDS[ref.kind] : undefined;
    if (kind === undefined) return undefined;
    let source: KubeObject | undefined = ctx.cachedSource?.(ref.kind, ns, ref.name);
    try {
      source ??= await this.cluster.tryGet(kind.resource, ref.name, ns);
    } catch (err) {
      return { status: sourceFailedStatus(chart, 'SourceUnavailable', `failed to get source: ${err instanceof Error ? err.message : String(err)}`, now) };
    }
    if (source === undefined) return { status: sourceFailedStatus(chart, 'SourceUnavailable', `failed to get source: ${notFoundMessage(kind.resource, ref.name)}`, now) };
    const spec = source['spec'] as { type?: string } | undefined;
    const status = source['status'] as SourceStatus | undefined;
    if (ref.kind === 'HelmRepository' && spec?.type === 'oci') return undefined;
    if (status?.artifact === undefined) {
      return { status: sourceFailedStatus(chart, 'NoSourceArtifact', `no artifact available for ${ref.kind} source '${ref.name}'`, now), trace: true };
    }
    return undefined;
  }

  /** Events as each reconciler's notify and summarize's ErrorActionHandler record them. */
  private notify(before: SourceObject, after: SourceStatus, result: { trace?: boolean; commitSubject?: string }, log: JsonLogger | undefined): void {
    const trace = result.trace;
    const target = before as unknown as HelmRelease;
    const ready = after.conditions?.find((c) => c.type === 'Ready');
    if (outcomeOf(after) === 'success') {
      if (after.artifact === undefined) return;
      const annotations: Record<string, string> = { 'source.toolkit.fluxcd.io/revision': after.artifact.revision };
      if (after.artifact.digest !== undefined) annotations['source.toolkit.fluxcd.io/digest'] = after.artifact.digest;
      const { reason, message } = newArtifactEvent(before, after, result.commitSubject);
      const oldDigest = before.status?.artifact?.digest ?? before.status?.artifact?.revision;
      const newDigest = after.artifact.digest ?? after.artifact.revision;
      if (oldDigest !== newDigest || failed(before.status)) {
        void this.events(target, 'Normal', oldDigest !== newDigest || before.kind === 'HelmChart' ? reason : 'Succeeded', message, annotations);
        log?.info(message);
      }
      return;
    }
    if (ready === undefined) return;
    // A trace event (NoSourceArtifact) reaches Kubernetes as Normal; errors as Warning.
    void this.events(target, trace ? 'Normal' : 'Warning', ready.reason, ready.message, {});
  }

  private async writeStatus(res: ResourceRef, obj: SourceObject, status: SourceStatus | null): Promise<void> {
    try {
      await this.cluster.statusPatch(res, obj.metadata.name, obj.metadata.namespace, { status });
    } catch (err) {
      // Deleted meanwhile: nothing left to report on.
      if (!isNotFound(err)) throw err;
    }
  }

  private async patchFinalizers(res: ResourceRef, obj: SourceObject, finalizers: string[]): Promise<void> {
    try {
      await this.cluster.mergePatch(res, obj.metadata.name, obj.metadata.namespace, {
        metadata: { finalizers: finalizers.length === 0 ? null : finalizers, resourceVersion: obj.metadata.resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) throw new Error('the object changed while its finalizers were updated; retrying');
      throw err;
    }
  }
}

/** GetRequeueAfter: spec.interval; a HelmRepository without one (optional in v1) every minute. */
function intervalMs(obj: SourceObject): number {
  const fallback = obj.kind === 'HelmRepository' ? 60_000 : DEFAULT_INTERVAL_MS;
  try {
    const ms = parseGoDuration(obj.spec.interval ?? '');
    return ms > 0 ? ms : fallback;
  } catch {
    return fallback;
  }
}
