// One reconcile of a HelmRelease in-process, as helm-controller's Reconcile/reconcileRelease do
// it: suspend, pre-flight (dependsOn, chart source and ACL, values), a changed release target
// uninstalled first, the attempt bookkeeping of src/reconcile/decide, then the atomic release
// loop driving the Helm actions, with status written to the HelmRelease and Events recorded.
// `reconcile hr --local` and the controller share it.
import type { Cluster, KubeObject, ResourceRef } from '../../cluster/types.js';
import { DEFAULT_FIELD_MANAGER } from '../../helm/action/index.js';
import { withOwnership } from '../../helm/action/ownership.js';
import { loadChartArchive } from '../../helm/chart/index.js';
import { makeCapabilities } from '../../helm/engine/index.js';
import { parseAllDocuments } from '../../helm/yaml/index.js';
import type { Release } from '../../helm/release/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import type { ArtifactCache } from '../../sources/index.js';
import * as conditions from '../conditions/index.js';
import { finishAttempt, forgetReleaseTarget, prepareAttempt, releaseTargetChanged, runAtomicRelease, RECONCILE_REQUEST_ANNOTATION, type LoopOutcome } from '../decide/index.js';
import { observedDigests } from '../postrender/index.js';
import { detectDrift as detectObjectDrift, drifted, type IgnoreRule, type ObjectDrift } from '../drift/index.js';
import * as msg from '../messages/index.js';
import { composeReleaseName, releaseName } from '../release-name.js';
import { determineReleaseState, type DriftResult } from '../state/index.js';
import { clusterEventRecorder, flushEvents, type EventRecorder } from './events.js';
import { chartMayLookup, type LookupProvider, type LookupSession } from './lookup-session.js';
import { ObservingStorage } from './observing-storage.js';
import { releaseSource, type SourceInput } from './release-source.js';
import { checkPrerequisites } from './preflight.js';
import type { SourceAccess } from './source-readiness.js';
import { acquireRunLock } from './run-lock.js';
import { runnerFor } from './runners.js';
import { patchStatus } from './status.js';
import { uninstallCurrentTarget } from './target-uninstall.js';

export const HELMRELEASE_RESOURCE: ResourceRef = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true };

export type ProgressSymbol = '►' | '✔' | '✗' | '◎';

export interface ReconcileOptions {
  cluster: Cluster;
  namespace: string;
  name: string;
  /** Cross-namespace source references (Flux default: allowed). */
  allowCrossNamespace?: boolean;
  cache?: ArtifactCache;
  fieldManager?: string;
  now?: () => Date;
  /** Each step, for `reconcile hr --local` output. */
  progress?: (symbol: ProgressSymbol, message: string) => void;
  /** Helm's log lines. */
  log?: (line: string) => void;
  events?: EventRecorder;
  signal?: AbortSignal;
  /** Bound on immediate requeues of one reconcile (the controller requeues instead). */
  maxRequeues?: number;
  /**
   * Live `lookup` while rendering (Helm renders install/upgrade against the cluster). Opened
   * once per reconcile, only for charts whose templates call it; without it lookups find nothing.
   */
  lookup?: LookupProvider;
  /**
   * Hold the HelmRelease's run Lease (run-lock.ts) for the run, so concurrent runs (other
   * `--local` processes, the controller) never interleave; default true.
   */
  runLock?: boolean;
  /**
   * Source-controller's objects, when something reconciles them (`flux-ts controller`): the
   * HelmChart/OCIRepository must be ready and its artifact is installed (SourceNotReady otherwise,
   * as helm-controller). Without it (`reconcile hr --local`) the chart is fetched from the source.
   */
  sources?: SourceAccess;
  /** --requeue-dependency as Go prints it, for the wait messages (default 30s). */
  requeueDependency?: string;
}

export type ReconcileResult =
  | { kind: 'suspended'; hr: HelmRelease }
  /**
   * A prerequisite failed; Ready=False with `reason`. `terminal`: only a spec change helps
   * (Stalled=True is set, observedGeneration written); `wait` (DependencyNotReady, SourceNotReady,
   * an artifact not stored yet): retry after the dependency requeue interval; otherwise retry
   * with backoff.
   */
  | { kind: 'not-ready'; hr: HelmRelease; reason: string; message: string; terminal: boolean; wait?: boolean }
  | { kind: 'loop'; hr: HelmRelease; outcome: LoopOutcome };

/** The objects of a stored release manifest, for drift detection. */
function manifestObjects(rel: Release): KubeObject[] {
  const out: KubeObject[] = [];
  // ssa.ReadObjects looks 2048 bytes ahead for JSON (kubectl: 4096).
  for (const doc of parseAllDocuments(rel.manifest ?? '', 2048)) {
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && typeof (doc as Record<string, unknown>)['kind'] === 'string') out.push(doc as unknown as KubeObject);
  }
  return out;
}

interface Attempt {
  result: ReconcileResult;
  /** The release target changed and the old release was uninstalled: run again. */
  again?: boolean;
}

export async function reconcileHelmRelease(opts: ReconcileOptions): Promise<ReconcileResult> {
  // The second of two runs on one HelmRelease reports the first in progress instead of
  // unlocking its pending release.
  const lock = opts.runLock === false ? undefined : await acquireRunLock(opts.cluster, opts.namespace, opts.name);
  try {
    // A changed target is uninstalled, then the next reconcile installs the new one (Flux requeues).
    for (let i = 0; ; i++) {
      const attempt = await reconcileOnce(opts);
      if (!attempt.again || i >= (opts.maxRequeues ?? 10)) return attempt.result;
    }
  } finally {
    // Events are recorded in the background; a one-shot run ends only once they are written.
    await flushEvents(opts.cluster);
    await lock?.release();
  }
}

async function reconcileOnce(opts: ReconcileOptions): Promise<Attempt> {
  const { cluster } = opts;
  const now = opts.now ?? (() => new Date());
  const progress = opts.progress ?? (() => {});
  const log = opts.log ?? (() => {});
  const fieldManager = opts.fieldManager ?? DEFAULT_FIELD_MANAGER;
  const hr = await cluster.get<HelmRelease>(HELMRELEASE_RESOURCE, opts.name, opts.namespace);
  const ns = hr.metadata.namespace ?? opts.namespace;
  const spec = hr.spec!;
  const events = opts.events ?? clusterEventRecorder(cluster, now);
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => {
    void events(hr, type, reason, message);
  };
  const original = structuredClone(hr.status ?? {});
  const patch = async () => {
    await patchStatus(cluster, HELMRELEASE_RESOURCE, hr, original);
  };
  /**
   * The deferred patch of helm-controller's Reconcile: the reconcile request is recorded as
   * handled at the end (force/reset requests compare against the previous value), and
   * observedGeneration only when nothing asked to run again.
   */
  const finish = async (observed: boolean) => {
    const requestedAt = hr.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION];
    if (requestedAt) hr.status = { ...(hr.status ?? {}), lastHandledReconcileAt: requestedAt };
    if (observed) hr.status = { ...(hr.status ?? {}), observedGeneration: hr.metadata.generation ?? 0 };
    await patch();
  };

  if (spec.suspend) {
    progress('✗', `HelmRelease ${ns}/${opts.name} is suspended`);
    await finish(true);
    return { result: { kind: 'suspended', hr } };
  }

  conditions.markReconciling(hr, msg.Reason.Progressing, msg.fulfillingPrerequisites, now);
  await patch();
  const preflight = await checkPrerequisites({
    hr,
    cluster,
    allowCrossNamespace: opts.allowCrossNamespace ?? true,
    ...(opts.cache ? { cache: opts.cache } : {}),
    now,
    progress: (m) => progress('►', m),
    log,
    event,
    ...(opts.sources ? { sources: opts.sources } : {}),
    ...(opts.requeueDependency ? { requeueDependency: opts.requeueDependency } : {}),
  });
  if (!preflight.ok) {
    await finish(preflight.terminal);
    progress('✗', preflight.message);
    return { result: { kind: 'not-ready', hr, reason: preflight.reason, message: preflight.message, terminal: preflight.terminal, ...(preflight.wait ? { wait: true } : {}) } };
  }
  const { chartArchive, chart, chartName, chartVersion, chartDigest, values, secretPaths } = preflight.prerequisites;

  // Recorded as observed by every summarize; a changed spec.postRenderers/commonMetadata is OutOfSync.
  const digests = observedDigests(hr);

  // The old release would hold the objects the new one installs: uninstall it first.
  const targetChange = releaseTargetChanged(hr, chartName);
  if (targetChange) {
    progress('►', msg.releaseTargetChangedLog(targetChange));
    log(msg.releaseTargetChangedLog(targetChange));
    try {
      await uninstallCurrentTarget({ hr, cluster, fieldManager, now, log, event, digests, ...(opts.signal ? { signal: opts.signal } : {}) });
    } catch (e) {
      await finish(false).catch(() => {});
      progress('✗', (e as Error).message);
      throw e;
    }
    forgetReleaseTarget(hr);
    await finish(false);
    return { result: { kind: 'loop', hr, outcome: { kind: 'requeue' } }, again: true };
  }

  prepareAttempt(hr, { chartVersion, values, ...(chartDigest ? { chartDigest } : {}) });
  await patch();

  const name = releaseName({ metadata: { name: hr.metadata.name }, spec });
  const releaseNamespace = spec.targetNamespace || ns;
  const storage = new ObservingStorage(cluster, hr.status!.storageNamespace!, { now });
  const caps = makeCapabilities({ kubeVersion: await cluster.serverVersion().catch(() => undefined) });
  let lookupSession: LookupSession | undefined;
  try {
    if (opts.lookup && chartMayLookup(chart, values)) lookupSession = await opts.lookup();
    // The chart is loaded afresh for each render: Helm mutates it while processing dependencies.
    const sourceInput: SourceInput = {
      loadChart: async () => {
        const loaded = await loadChartArchive(chartArchive, chartName);
        // mutateChartWithSourceRevision: an OCIRepository's digest is part of the version the
        // release records, or the next look would find the release's chart changed.
        loaded.metadata.version = chartVersion;
        return loaded;
      },
      values,
      releaseName: name,
      releaseNamespace,
      capabilities: caps,
      ...(lookupSession ? { lookup: lookupSession.lookup } : {}),
      // Post-renderers (origin labels, commonMetadata, spec.postRenderers) come from the object.
      helmRelease: hr,
      // Helm's values warnings go to the run's log (helm-controller's logger), Secret values masked.
      warnings: { sink: log, secretPaths },
    };
    const source = await releaseSource(sourceInput);
    const ignore = (spec.driftDetection?.ignore ?? []) as IgnoreRule[];
    const run = runnerFor({
      hr,
      cluster,
      storage,
      source,
      releaseName: name,
      composedName: composeReleaseName({ metadata: { name: hr.metadata.name }, spec }),
      releaseNamespace,
      chart: { name: chartName, version: chartVersion },
      ...(chartDigest ? { ociDigest: chartDigest } : {}),
      fieldManager,
      now,
      log,
      event,
      digests,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });

    const maxRequeues = opts.maxRequeues ?? 10;
    let outcome: LoopOutcome = { kind: 'done' };
    for (let i = 0; i <= maxRequeues; i++) {
      try {
        outcome = await runAtomicRelease<ObjectDrift[]>(hr, {
          determineState: () =>
            determineReleaseState<ObjectDrift[]>({
              object: hr,
              lastRelease: () => storage.last(name),
              chart: { name: chartName, version: chartVersion },
              values,
              ...digests,
              detectDrift: async (rel): Promise<DriftResult<ObjectDrift[]>> => {
                // As applied: with Helm's ownership label and annotations, or the dry run would drop them.
                const objects = manifestObjects(rel).map((o) => withOwnership(o, { name: rel.name, namespace: releaseNamespace }));
                const results = await detectObjectDrift(cluster, objects, { namespace: releaseNamespace, ignore, fieldManager });
                const changed = drifted(results);
                return { entries: results.map((r) => r.entry), hasChanges: changed.length > 0, detail: changed };
              },
            }),
          runAction: run,
          patchStatus: patch,
          getRelease: (n, v) => storage.get(n, v).catch(() => undefined),
          event,
          now,
          onAction: (_next, message) => progress('►', message),
          ...digests,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
      } catch (e) {
        await finish(false).catch(() => {});
        progress('✗', (e as Error).message);
        throw e;
      }
      if (outcome.kind !== 'requeue') break;
    }

    // Ready was summarized by each action and by the loop once settled, as in helm-controller.
    finishAttempt(hr, outcome);
    await finish(false);
    const ready = conditions.get(hr, conditions.READY);
    if (ready?.status === 'True') progress('✔', ready.message ?? '');
    else if (ready) progress('✗', ready.message ?? '');
    return { result: { kind: 'loop', hr, outcome } };
  } finally {
    await lookupSession?.close();
  }
}
