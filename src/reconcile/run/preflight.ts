// The prerequisites of a reconcile (helmrelease_controller.go reconcileRelease before the
// release target check): dependsOn, the chart source and its cross-namespace policy, the
// composed values. Each failure is marked on the HelmRelease as helm-controller does; a step
// that passes turns a stale Ready=False of its own reason into Ready=Unknown.
import type { Cluster } from '../../cluster/types.js';
import type { GoMap } from '../../gotemplate/value.js';
import { loadChartArchive, type Chart } from '../../helm/chart/index.js';
import type { HelmRelease, HelmReleaseSpec } from '../../kinds/api-types.js';
import { AccessDeniedError, chartVersionForOciRevision, resolveChart, type ArtifactCache } from '../../sources/index.js';
import type { HelmReleaseChartSource } from '../../sources/types.js';
import * as conditions from '../conditions/index.js';
import { checkDependencies, DependencyNotReadyError, InvalidReadyExprError } from '../dependencies/index.js';
import * as msg from '../messages/index.js';
import { clusterValuesSource, composeValuesTrackingSecrets, ValuesReferenceError, type ValuesPath, type ValuesReference } from '../values/index.js';

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

/** A prerequisite that failed; `terminal`: only a spec change helps (Stalled is set). */
export interface Unmet {
  reason: string;
  message: string;
  terminal: boolean;
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

function unmet(ctx: PreflightContext, reason: string, message: string, opts: { terminal?: boolean; event?: 'Normal' | 'Warning'; eventMessage?: string } = {}): PreflightOutcome {
  conditions.markFalse(ctx.hr, conditions.READY, reason, message, ctx.now);
  if (opts.terminal) conditions.markStalled(ctx.hr, reason, message, ctx.now);
  if (opts.event) ctx.event(opts.event, reason, opts.eventMessage ?? message);
  return { ok: false, reason, message, terminal: opts.terminal === true };
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
        ctx.log(msg.dependenciesRetrying(e.message, DEPENDENCY_REQUEUE));
        return unmet(ctx, msg.Reason.DependencyNotReady, e.message, { event: 'Normal' });
      }
      throw e;
    }
  }
  clearStaleReady(ctx, [msg.Reason.DependencyNotReady]);

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

  ctx.progress('composing values');
  let values: GoMap;
  let secretPaths: readonly ValuesPath[];
  try {
    ({ values, secretPaths } = await composeValuesTrackingSecrets(clusterValuesSource(cluster), ns, structuredClone((spec.values ?? {}) as GoMap), (spec.valuesFrom ?? []) as ValuesReference[]));
  } catch (e) {
    if (e instanceof ValuesReferenceError) return unmet(ctx, msg.Reason.ValuesError, e.message, { event: 'Warning' });
    throw e;
  }
  clearStaleReady(ctx, [msg.Reason.ValuesError]);

  return { ok: true, prerequisites: { chartArchive, chart, chartName: chart.metadata.name, chartVersion, ...(chartDigest ? { chartDigest } : {}), values, secretPaths } };
}
