// The prerequisites of a reconcile (helmrelease_controller.go reconcileRelease before the
// release target check): dependsOn, the chart source and its cross-namespace policy, the
// composed values. Each failure is marked on the HelmRelease as helm-controller does; a step
// that passes turns a stale Ready=False of its own reason into Ready=Unknown. With SourceAccess
// (something plays source-controller) the source must be ready and its artifact is installed, in
// helm-controller's order (source gate, values, artifact); without it (`reconcile hr --local`)
// the chart is fetched from the source itself.
import type { Cluster } from '../../cluster/types.js';
import type { GoMap } from '../../gotemplate/value.js';
import { loadChartArchive, type Chart } from '../../helm/chart/index.js';
import type { HelmRelease, HelmReleaseSpec } from '../../kinds/api-types.js';
import { AccessDeniedError, checkCrossNamespace, chartVersionForOciRevision, resolveChart, type ArtifactCache } from '../../sources/index.js';
import type { HelmReleaseChartSource } from '../../sources/types.js';
import * as conditions from '../conditions/index.js';
import { checkDependencies, DependencyNotReadyError, InvalidReadyExprError } from '../dependencies/index.js';
import * as msg from '../messages/index.js';
import { clusterValuesSource, composeValuesTrackingSecrets, ValuesReferenceError, type ValuesPath, type ValuesReference } from '../values/index.js';
import { artifactNotFound, artifactOf, couldNotGetSource, couldNotLoadChart, sourceNotFoundMessage, sourceNotReadyMessage, sourceRefOf, type SourceAccess, type SourceArtifact } from './source-readiness.js';

/** helm-controller's --requeue-dependency default, as its log line prints it. */
const DEPENDENCY_REQUEUE = '30s';

export interface PreflightContext {
  hr: HelmRelease;
  cluster: Cluster;
  allowCrossNamespace: boolean;
  cache?: ArtifactCache;
  now: () => Date;
  progress: (message: string) => void;
  log: (line: string) => void;
  event: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  /**
   * Source-controller's objects, when something reconciles them (the controller): the source must
   * be ready and its artifact is what gets installed. Without it the chart is fetched directly.
   */
  sources?: SourceAccess;
  /** --requeue-dependency as helm-controller prints it in its wait messages (default 30s). */
  requeueDependency?: string;
}

/** What the release is made of. */
export interface Prerequisites {
  /** The chart archive, loaded afresh per render (Helm mutates the loaded chart). */
  chartArchive: Buffer;
  chart: Chart;
  chartName: string;
  /** With `+<digest>` build metadata for OCIRepository sources. */
  chartVersion: string;
  /** The OCIRepository artifact digest (`sha256:…`). */
  chartDigest?: string;
  values: GoMap;
  /** Where values came from Secrets: Helm's warnings about them are masked. */
  secretPaths: readonly ValuesPath[];
}

/**
 * A prerequisite that failed; `terminal`: only a spec change helps (Stalled is set); `wait`: not
 * an error but a wait (a dependency or the source not ready, the artifact not stored yet),
 * requeued after --requeue-dependency rather than with backoff.
 */
export interface Unmet {
  reason: string;
  message: string;
  terminal: boolean;
  wait?: boolean;
}

export type PreflightOutcome = { ok: true; prerequisites: Prerequisites } | ({ ok: false } & Unmet);

/** The `sha256:…` digest of an OCIRepository artifact revision (`<tag>@<digest>` or `<digest>`). */
function ociDigestOf(revision: string): string {
  const at = revision.lastIndexOf('@');
  return at >= 0 ? revision.slice(at + 1) : revision;
}

function clearStaleReady(ctx: PreflightContext, reasons: readonly string[]): void {
  const ready = conditions.get(ctx.hr, conditions.READY);
  if (ready && reasons.includes(ready.reason ?? '')) conditions.markUnknown(ctx.hr, conditions.READY, msg.Reason.Progressing, msg.reconciliationInProgress, ctx.now);
}

function unmet(ctx: PreflightContext, reason: string, message: string, opts: { terminal?: boolean; wait?: boolean; event?: 'Normal' | 'Warning'; eventMessage?: string } = {}): Unmet & { ok: false } {
  conditions.markFalse(ctx.hr, conditions.READY, reason, message, ctx.now);
  if (opts.terminal) conditions.markStalled(ctx.hr, reason, message, ctx.now);
  if (opts.event) ctx.event(opts.event, reason, opts.eventMessage ?? message);
  return { ok: false, reason, message, terminal: opts.terminal === true, ...(opts.wait ? { wait: true } : {}) };
}

export async function checkPrerequisites(ctx: PreflightContext): Promise<PreflightOutcome> {
  const { hr, cluster } = ctx;
  const spec: Partial<HelmReleaseSpec> = hr.spec ?? {};
  const ns = hr.metadata.namespace ?? '';

  if ((spec.dependsOn ?? []).length > 0) {
    ctx.progress('checking dependencies');
    try {
      await checkDependencies(cluster, hr);
    } catch (e) {
      if (e instanceof InvalidReadyExprError) {
        return unmet(ctx, msg.Reason.InvalidCELExpression, msg.terminalConfigurationError(e.message), { terminal: true, event: 'Warning', eventMessage: e.message });
      }
      if (e instanceof DependencyNotReadyError) {
        ctx.log(msg.dependenciesRetrying(e.message, ctx.requeueDependency ?? DEPENDENCY_REQUEUE));
        return unmet(ctx, msg.Reason.DependencyNotReady, e.message, { event: 'Normal', wait: true });
      }
      throw e;
    }
  }
  clearStaleReady(ctx, [msg.Reason.DependencyNotReady]);

  if (ctx.sources) return fromSourceArtifact(ctx, ctx.sources);

  ctx.progress('fetching chart');
  let chartArchive: Buffer;
  let chart: Chart;
  let chartVersion: string;
  let chartDigest: string | undefined;
  try {
    const resolved = await resolveChart(hr as HelmReleaseChartSource, { cluster, allowCrossNamespace: ctx.allowCrossNamespace, ...(ctx.cache ? { cache: ctx.cache } : {}) });
    chartArchive = resolved.archive;
    chart = await loadChartArchive(chartArchive, resolved.chartName);
    chartVersion = chart.metadata.version;
    if (resolved.source.kind === 'OCIRepository') {
      chartVersion = chartVersionForOciRevision(chartVersion, resolved.artifactRevision);
      chartDigest = ociDigestOf(resolved.artifactRevision);
    }
    if (spec.chart) hr.status = { ...(hr.status ?? {}), helmChart: `${resolved.helmChart?.metadata.namespace ?? ns}/${resolved.helmChart?.metadata.name ?? `${ns}-${hr.metadata.name}`}` };
  } catch (e) {
    const message = (e as Error).message;
    if (e instanceof AccessDeniedError) {
      // A refused chartRef is terminal (Stalled, Reconciling removed, no requeue); the chart
      // template's refusal is retried with backoff in Flux.
      return unmet(ctx, msg.Reason.AccessDenied, message, { terminal: spec.chartRef !== undefined, event: 'Warning' });
    }
    return unmet(ctx, msg.Reason.ArtifactFailed, message, { event: 'Warning' });
  }
  clearStaleReady(ctx, [msg.Reason.AccessDenied, msg.Reason.ArtifactFailed, msg.Reason.SourceNotReady]);

  const composed = await composeValues(ctx);
  if (!composed.ok) return composed;
  const { values, secretPaths } = composed;

  return { ok: true, prerequisites: { chartArchive, chart, chartName: chart.metadata.name, chartVersion, ...(chartDigest ? { chartDigest } : {}), values, secretPaths } };
}

async function composeValues(ctx: PreflightContext): Promise<(Unmet & { ok: false }) | { ok: true; values: GoMap; secretPaths: readonly ValuesPath[] }> {
  const spec: Partial<HelmReleaseSpec> = ctx.hr.spec ?? {};
  ctx.progress('composing values');
  try {
    const { values, secretPaths } = await composeValuesTrackingSecrets(clusterValuesSource(ctx.cluster), ctx.hr.metadata.namespace ?? '', structuredClone((spec.values ?? {}) as GoMap), (spec.valuesFrom ?? []) as ValuesReference[]);
    clearStaleReady(ctx, [msg.Reason.ValuesError]);
    return { ok: true, values, secretPaths };
  } catch (e) {
    if (e instanceof ValuesReferenceError) return unmet(ctx, msg.Reason.ValuesError, e.message, { event: 'Warning' });
    throw e;
  }
}

/**
 * helm-controller's path from getSource to the loaded chart: the source object (ACL first; a
 * failed get is ArtifactFailed, retried with backoff, no event), its readiness (SourceNotReady, a
 * wait, no event), the values, then the artifact by digest from the artifact store shared with
 * the source reconciler. A missing artifact is helm-controller's 404: ArtifactFailed, a wait.
 */
async function fromSourceArtifact(ctx: PreflightContext, sources: SourceAccess): Promise<PreflightOutcome> {
  const { hr } = ctx;
  const hrNs = hr.metadata.namespace ?? '';
  ctx.progress('checking source');
  const ref = sourceRefOf(hr);
  if (ref === undefined) {
    return unmet(ctx, msg.Reason.ArtifactFailed, couldNotGetSource(`unsupported chartRef kind '${hr.spec?.chartRef?.kind ?? ''}'`));
  }
  let source;
  try {
    checkCrossNamespace(ref.kind, ref.namespace, ref.name, hrNs, ctx.allowCrossNamespace);
    source = await sources.getSource(ref);
  } catch (e) {
    const message = (e as Error).message;
    if (e instanceof AccessDeniedError) return unmet(ctx, msg.Reason.AccessDenied, message, { terminal: hr.spec?.chartRef !== undefined, event: 'Warning' });
    return unmet(ctx, msg.Reason.ArtifactFailed, couldNotGetSource(message));
  }
  if (source === undefined) return unmet(ctx, msg.Reason.ArtifactFailed, couldNotGetSource(sourceNotFoundMessage(ref)));
  clearStaleReady(ctx, [msg.Reason.AccessDenied, msg.Reason.ArtifactFailed]);

  const notReady = sourceNotReadyMessage(source, ref);
  if (notReady !== undefined) {
    ctx.log(notReady);
    return unmet(ctx, msg.Reason.SourceNotReady, notReady, { wait: true });
  }
  clearStaleReady(ctx, [msg.Reason.SourceNotReady]);

  const composed = await composeValues(ctx);
  if (!composed.ok) return composed;
  const { values, secretPaths } = composed;

  ctx.progress('loading chart artifact');
  const artifact = artifactOf(source)!;
  let chartArchive: Buffer | undefined;
  let chart: Chart;
  try {
    chartArchive = await storedArtifact(ctx, artifact);
    if (chartArchive === undefined) {
      const message = artifactNotFound(ctx.requeueDependency ?? DEPENDENCY_REQUEUE);
      ctx.log(message);
      return unmet(ctx, msg.Reason.ArtifactFailed, message, { wait: true });
    }
    chart = await loadChartArchive(chartArchive, artifactFileName(artifact));
  } catch (e) {
    const message = (e as Error).message;
    return unmet(ctx, msg.Reason.ArtifactFailed, couldNotLoadChart(message), { event: 'Warning', eventMessage: message });
  }
  clearStaleReady(ctx, [msg.Reason.ArtifactFailed]);

  // mutateChartWithSourceRevision: an OCIRepository's digest becomes the version's build metadata.
  let chartVersion = chart.metadata.version;
  let chartDigest: string | undefined;
  if (ref.kind === 'OCIRepository') {
    try {
      chartVersion = chartVersionForOciRevision(chartVersion, artifact.revision);
    } catch (e) {
      return unmet(ctx, msg.Reason.ChartMutateError, (e as Error).message);
    }
    chartDigest = ociDigestOf(artifact.revision);
  }
  return { ok: true, prerequisites: { chartArchive, chart, chartName: chart.metadata.name, chartVersion, ...(chartDigest ? { chartDigest } : {}), values, secretPaths } };
}

/**
 * The artifact's bytes: from the shared store by digest (the store re-hashes what it reads), else
 * fetched from the source through the same store and accepted only when it is that very artifact
 * (same digest; same revision when the source reports no digest). Undefined: not stored (yet).
 */
async function storedArtifact(ctx: PreflightContext, artifact: SourceArtifact): Promise<Buffer | undefined> {
  if (artifact.digest !== undefined && ctx.cache !== undefined) {
    const stored = await ctx.cache.get(artifact.digest);
    if (stored !== undefined) return stored;
  }
  const resolved = await resolveChart(ctx.hr as HelmReleaseChartSource, { cluster: ctx.cluster, allowCrossNamespace: ctx.allowCrossNamespace, ...(ctx.cache ? { cache: ctx.cache } : {}) });
  const same = artifact.digest !== undefined ? resolved.digest === artifact.digest : resolved.artifactRevision === artifact.revision;
  return same ? resolved.archive : undefined;
}

function artifactFileName(artifact: SourceArtifact): string {
  const path = artifact.path ?? artifact.url ?? '';
  return path.slice(path.lastIndexOf('/') + 1) || 'chart.tgz';
}
