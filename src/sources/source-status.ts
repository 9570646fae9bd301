// Ready statuses for the source objects themselves (HelmRepository, GitRepository,
// OCIRepository) after flux-ts fetched from them, worded as source-controller words them, so
// `get sources …` shows what Flux would.
import { STORAGE_BASE_URL } from './helmchart.js';
import type { FetchedChart } from './fetchers.js';
import type { Condition, SourceObject, SourceStatus } from './types.js';

function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ready(message: string, now: Date, generation?: number): Condition[] {
  const base = { status: 'True' as const, lastTransitionTime: stamp(now), reason: 'Succeeded', message, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
  return [
    { type: 'Ready', ...base },
    { type: 'ArtifactInStorage', ...base },
  ];
}

/** The status source-controller writes after fetching `fetched` from `obj`. */
export function sourceReadyStatus(
  obj: Exclude<SourceObject, { kind: 'HelmChart' }>,
  fetched: Pick<FetchedChart, 'sourceRevision' | 'digest'>,
  now: Date = new Date(),
): SourceStatus {
  const ns = obj.metadata.namespace ?? 'default';
  const name = obj.metadata.name;
  const gen = obj.metadata.generation;
  const observed = gen !== undefined ? { observedGeneration: gen } : {};
  const revision = fetched.sourceRevision;
  const hex = (revision.split(':').pop() ?? '').slice(0, 64);
  const artifact = (dir: string, file: string, digest?: string): NonNullable<SourceStatus['artifact']> => {
    const path = `${dir}/${ns}/${name}/${file}`;
    return { path, url: `${STORAGE_BASE_URL}/${path}`, revision, ...(digest !== undefined ? { digest } : {}), lastUpdateTime: stamp(now) };
  };
  switch (obj.kind) {
    case 'HelmRepository':
      if (obj.spec.type === 'oci') {
        // OCI HelmRepositories hold no artifact; source-controller only reports readiness.
        return { ...observed, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: stamp(now), reason: 'Succeeded', message: 'Helm repository is Ready', ...observed }] };
      }
      return {
        ...observed,
        url: `${STORAGE_BASE_URL}/helmrepository/${ns}/${name}/index.yaml`,
        artifact: artifact('helmrepository', `index-${hex}.yaml`, revision),
        conditions: ready(`stored artifact: revision '${revision}'`, now, gen),
      };
    case 'GitRepository':
      return {
        ...observed,
        url: `${STORAGE_BASE_URL}/gitrepository/${ns}/${name}/latest.tar.gz`,
        // The digest of Flux's source tarball is not known here (flux-ts keeps only the chart).
        artifact: artifact('gitrepository', `${revision.split(':').pop()}.tar.gz`),
        conditions: ready(`stored artifact for revision '${revision}'`, now, gen),
      };
    case 'OCIRepository':
      return {
        ...observed,
        url: `${STORAGE_BASE_URL}/ocirepository/${ns}/${name}/latest.tar.gz`,
        // With layerSelector copy (charts) the stored artifact is the layer itself.
        artifact: artifact('ocirepository', `${hex}.tar.gz`, fetched.digest),
        conditions: ready(`stored artifact for digest '${revision}'`, now, gen),
      };
  }
}

/** Ready=False with the failure, keeping the last artifact (as source-controller does). */
export function sourceFailedStatus(obj: SourceObject, reason: string, message: string, now: Date = new Date()): SourceStatus {
  const gen = obj.metadata.generation;
  const cond = { status: 'False' as const, lastTransitionTime: stamp(now), reason, message, ...(gen !== undefined ? { observedGeneration: gen } : {}) };
  return {
    ...(obj.status?.artifact !== undefined ? { artifact: obj.status.artifact } : {}),
    ...(obj.status?.url !== undefined ? { url: obj.status.url } : {}),
    conditions: [
      { type: 'Ready', ...cond },
      { type: 'FetchFailed', ...cond, status: 'True' },
    ],
  };
}

/**
 * A failure only a spec change can fix (serror.Stalling): FetchFailed and Stalled with the
 * reason, Ready=False summarising them. The last artifact stays.
 */
export function sourceStalledStatus(obj: SourceObject, reason: string, message: string, now: Date = new Date()): SourceStatus {
  const failed = sourceFailedStatus(obj, reason, message, now);
  const fetchFailed = failed.conditions!.find((c) => c.type === 'FetchFailed')!;
  return { ...failed, conditions: [...failed.conditions!, { ...fetchFailed, type: 'Stalled' }] };
}

// ---- the status a source-controller reconcile leaves behind ------------------------------------
// source-controller's SummarizeAndPatch (internal/reconcile/summarize, fluxcd/pkg conditions):
// a condition keeps its lastTransitionTime while its status does not change, carries the
// object's generation, Ready goes first and the others follow by type; a failed reconcile keeps
// Reconciling=True with reason ProgressingWithRetry (it will be retried) and does not advance
// status.observedGeneration; a stalled one (an error only a spec change can fix) drops
// Reconciling, sets Stalled=True and does advance it.

const RECONCILING = 'Reconciling';
const STALLED = 'Stalled';

/** Ready first, then by type (fluxcd/pkg conditions lexicographicLess). */
function ordered(conditions: Condition[]): Condition[] {
  return [...conditions].sort((a, b) => (a.type === 'Ready' ? -1 : b.type === 'Ready' ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** The condition as fluxcd/pkg conditions.Set stores it: the transition time survives an unchanged status. */
function carried(previous: readonly Condition[] | undefined, c: Condition, generation: number | undefined): Condition {
  const before = previous?.find((p) => p.type === c.type);
  const lastTransitionTime = before !== undefined && before.status === c.status ? before.lastTransitionTime : c.lastTransitionTime;
  const { observedGeneration: _g, ...rest } = c;
  return { ...rest, ...(generation !== undefined ? { observedGeneration: generation } : {}), lastTransitionTime };
}

/**
 * What Reconciling says while the object is being worked on (source reconcilers' reconcile and
 * reconcileStorage): no artifact yet → "building artifact"; a new generation →
 * "processing object: new generation A -> B"; otherwise "reconciliation in progress".
 */
export function progressMessage(obj: SourceObject): string {
  if (obj.status?.artifact === undefined) return 'building artifact';
  const gen = obj.metadata.generation ?? 0;
  const observed = obj.status?.observedGeneration ?? 0;
  if (gen !== observed) return `processing object: new generation ${observed} -> ${gen}`;
  return 'reconciliation in progress';
}

/**
 * The status written when a reconcile starts on a new generation or a reconcile request:
 * Reconciling=True and Ready=Unknown, reason Progressing (rreconcile.ProgressiveStatus).
 */
export function progressingStatus(obj: SourceObject, now: Date = new Date()): SourceStatus {
  const gen = obj.metadata.generation;
  const message = progressMessage(obj);
  const base = { lastTransitionTime: stamp(now), reason: 'Progressing', message };
  const previous = obj.status?.conditions;
  const kept = (previous ?? []).filter((c) => c.type !== 'Ready' && c.type !== RECONCILING && !(c.type === 'ArtifactInStorage' && obj.status?.artifact === undefined));
  const conditions = [carried(previous, { type: 'Ready', status: 'Unknown', ...base }, gen), carried(previous, { type: RECONCILING, status: 'True', ...base }, gen), ...kept];
  return { ...(obj.status ?? {}), conditions: ordered(conditions) };
}

export type SourceOutcome = 'success' | 'retry' | 'stalled';

/** How a status from reconcileSource ends the reconcile: Ready=True, Stalled, or a retried failure. */
export function outcomeOf(status: SourceStatus): SourceOutcome {
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return 'success';
  return status.conditions?.some((c) => c.type === STALLED && c.status === 'True') ? 'stalled' : 'retry';
}

/**
 * The final status of one reconcile of `obj`, from the `computed` status reconcileSource returned
 * and the object's previous status: transition times carried, generations stamped, Reconciling
 * kept (ProgressingWithRetry) on a retried failure, observedGeneration advanced unless retried,
 * lastHandledReconcileAt recorded (RecordReconcileReq).
 */
export function settleSourceStatus(obj: SourceObject, computed: SourceStatus, requestedAt: string | undefined, now: Date = new Date()): SourceStatus {
  const gen = obj.metadata.generation;
  const previous = obj.status?.conditions;
  const outcome = outcomeOf(computed);
  const conditions: Condition[] = (computed.conditions ?? []).filter((c) => c.type !== RECONCILING).map((c) => carried(previous, c, gen));
  if (outcome === 'retry') {
    // A failure keeps the last artifact's ArtifactInStorage (it is still served).
    const stored = previous?.find((c) => c.type === 'ArtifactInStorage');
    if (stored !== undefined && computed.artifact !== undefined && !conditions.some((c) => c.type === 'ArtifactInStorage')) conditions.push(carried(previous, stored, gen));
    conditions.push(carried(previous, { type: RECONCILING, status: 'True', lastTransitionTime: stamp(now), reason: 'ProgressingWithRetry', message: progressMessage(obj) }, gen));
  }
  const status: SourceStatus = { ...computed, conditions: ordered(conditions) };
  // The same artifact again is not a new one (reconcileArtifact returns early): it keeps its time.
  const before = obj.status?.artifact;
  if (before !== undefined && status.artifact !== undefined && before.revision === status.artifact.revision && before.digest === status.artifact.digest && before.path === status.artifact.path) {
    status.artifact = before;
  }
  delete status.observedGeneration;
  delete status.lastHandledReconcileAt;
  const observed = outcome === 'retry' ? obj.status?.observedGeneration : gen;
  if (observed !== undefined) status.observedGeneration = observed;
  const handled = requestedAt ?? obj.status?.lastHandledReconcileAt;
  if (handled !== undefined) status.lastHandledReconcileAt = handled;
  return status;
}
