// One reconcile of a HelmRelease in-process, as helm-controller's reconcileRelease does it:
// pre-flight (suspend, dependsOn, chart source and ACL, values), failure reset and attempt
// bookkeeping, then the atomic release loop (src/reconcile/decide) driving the Helm actions,
// with status written to the HelmRelease and Events recorded. `reconcile hr --local` and the
// controller share it.
import type { Cluster, KubeObject, ResourceRef } from '../../cluster/types.js';
import type { GoMap } from '../../gotemplate/value.js';
import { DEFAULT_FIELD_MANAGER } from '../../helm/action/index.js';
import { withOwnership } from '../../helm/action/ownership.js';
import { loadChartArchive, type Chart } from '../../helm/chart/index.js';
import { makeCapabilities } from '../../helm/engine/index.js';
import { parseAllDocuments } from '../../helm/yaml/index.js';
import type { Release } from '../../helm/release/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { AccessDeniedError, chartVersionForOciRevision, resolveChart, type ArtifactCache } from '../../sources/index.js';
import type { HelmReleaseChartSource } from '../../sources/types.js';
import * as conditions from '../conditions/index.js';
import { clearFailures, mustResetFailures, runAtomicRelease, RECONCILE_REQUEST_ANNOTATION, type LoopOutcome } from '../decide/index.js';
import { checkDependencies, DependencyNotReadyError } from '../dependencies/index.js';
import { digestValues } from '../digest/index.js';
import { detectDrift as detectObjectDrift, drifted, type IgnoreRule, type ObjectDrift } from '../drift/index.js';
import * as msg from '../messages/index.js';
import { composeReleaseName, releaseName } from '../release-name.js';
import { determineReleaseState, type DriftResult } from '../state/index.js';
import { clusterValuesSource, composeValues, ValuesReferenceError, type ValuesReference } from '../values/index.js';
import { clusterEventRecorder, type EventRecorder } from './events.js';
import { ObservingStorage } from './observing-storage.js';
import { releaseSource } from './release-source.js';
import { runnerFor } from './runners.js';
import { patchStatus } from './status.js';

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
}

export type ReconcileResult =
  | { kind: 'suspended'; hr: HelmRelease }
  | { kind: 'not-ready'; hr: HelmRelease; reason: string; message: string }
  | { kind: 'loop'; hr: HelmRelease; outcome: LoopOutcome };

function setReadyFalse(hr: HelmRelease, reason: string, message: string, now: () => Date): void {
  conditions.markFalse(hr, conditions.READY, reason, message, now);
}

/** The objects of a stored release manifest, for drift detection. */
function manifestObjects(rel: Release): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(rel.manifest ?? '')) {
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && typeof (doc as Record<string, unknown>)['kind'] === 'string') out.push(doc as unknown as KubeObject);
  }
  return out;
}

export async function reconcileHelmRelease(opts: ReconcileOptions): Promise<ReconcileResult> {
  const { cluster } = opts;
  const now = opts.now ?? (() => new Date());
  const progress = opts.progress ?? (() => {});
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

  if (spec.suspend) {
    progress('✗', `HelmRelease ${ns}/${opts.name} is suspended`);
    return { kind: 'suspended', hr };
  }

  // A reconcile request is handled by this run.
  const requestedAt = hr.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION];
  if (requestedAt) hr.status = { ...(hr.status ?? {}), lastHandledReconcileAt: requestedAt };

  conditions.markReconciling(hr, msg.Reason.Progressing, msg.fulfillingPrerequisites, now);
  const notReady = async (reason: string, message: string, warn = true): Promise<ReconcileResult> => {
    setReadyFalse(hr, reason, message, now);
    if (warn) event('Warning', reason, message);
    await patch();
    progress('✗', message);
    return { kind: 'not-ready', hr, reason, message };
  };

  progress('►', 'checking dependencies');
  try {
    await checkDependencies(cluster, hr);
  } catch (e) {
    if (e instanceof DependencyNotReadyError) return notReady(msg.Reason.DependencyNotReady, e.message, false);
    throw e;
  }

  progress('►', 'fetching chart');
  let chartArchive: Buffer;
  let chartName: string;
  let chartVersion: string;
  let chart: Chart;
  try {
    const resolved = await resolveChart(hr as HelmReleaseChartSource, {
      cluster,
      allowCrossNamespace: opts.allowCrossNamespace ?? true,
      ...(opts.cache ? { cache: opts.cache } : {}),
    });
    chartArchive = resolved.archive;
    chart = await loadChartArchive(chartArchive, resolved.chartName);
    chartName = chart.metadata.name;
    chartVersion = chart.metadata.version;
    if (resolved.source.kind === 'OCIRepository') {
      chartVersion = chartVersionForOciRevision(chartVersion, resolved.artifactRevision);
    }
    if (spec.chart) hr.status = { ...(hr.status ?? {}), helmChart: `${resolved.helmChart?.metadata.namespace ?? ns}/${resolved.helmChart?.metadata.name ?? `${ns}-${hr.metadata.name}`}` };
  } catch (e) {
    if (e instanceof AccessDeniedError) return notReady(msg.Reason.AccessDenied, e.message);
    return notReady(msg.Reason.ArtifactFailed, (e as Error).message);
  }

  progress('►', 'composing values');
  let values: GoMap;
  try {
    values = await composeValues(clusterValuesSource(cluster), ns, structuredClone((spec.values ?? {}) as GoMap), (spec.valuesFrom ?? []) as ValuesReference[]);
  } catch (e) {
    if (e instanceof ValuesReferenceError) return notReady(msg.Reason.ValuesError, e.message);
    throw e;
  }

  const name = releaseName({ metadata: { name: hr.metadata.name }, spec });
  const releaseNamespace = spec.targetNamespace || ns;
  const storageNamespace = spec.storageNamespace || ns;
  hr.status = { ...(hr.status ?? {}), storageNamespace };

  if (mustResetFailures(hr, chartVersion, values)) clearFailures(hr);
  hr.status.lastAttemptedGeneration = hr.metadata.generation ?? 0;
  hr.status.lastAttemptedRevision = chartVersion;
  hr.status.lastAttemptedConfigDigest = digestValues(values);
  delete hr.status.lastAttemptedValuesChecksum;
  await patch();

  const storage = new ObservingStorage(cluster, storageNamespace, { now });
  const caps = makeCapabilities({ kubeVersion: await cluster.serverVersion().catch(() => undefined) });
  // The chart is loaded afresh for each render: Helm mutates it while processing dependencies.
  const source = await releaseSource({ loadChart: () => loadChartArchive(chartArchive, chartName), values, releaseName: name, releaseNamespace, capabilities: caps });
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
    fieldManager,
    now,
    log: opts.log ?? (() => {}),
    event,
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
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (e) {
      await patch().catch(() => {});
      progress('✗', (e as Error).message);
      throw e;
    }
    if (outcome.kind !== 'requeue') break;
  }

  if (outcome.kind === 'done') hr.status = { ...(hr.status ?? {}), observedGeneration: hr.metadata.generation ?? 0 };
  // helm-controller summarizes Ready from Released/TestSuccess/Remediated whatever the outcome.
  conditions.summarize(hr, { testEnabled: spec.test?.enable ?? false, testIgnoreFailures: spec.test?.ignoreFailures ?? false, now });
  await patch();
  const ready = conditions.get(hr, conditions.READY);
  if (ready?.status === 'True') progress('✔', ready.message ?? '');
  else if (ready) progress('✗', ready.message ?? '');
  return { kind: 'loop', hr, outcome };
}
