// helm-controller's HelmChartTemplate (internal/reconcile/helmchart_template.go), run by the
// controller before each reconcile of a HelmRelease: the HelmChart `<hr ns>-<hr name>` in the
// source's namespace is server-side applied from spec.chart (owner labels added), with a trace
// Event when it was created or configured; a HelmChart recorded in status.helmChart that is no
// longer the one to apply (name/namespace changed, or the HelmRelease moved to chartRef) is
// deleted and the status reference cleared. Deletion of the HelmRelease itself is the finalizer's
// (src/controller/core.ts).
import type { Cluster, KubeObject } from '../cluster/types.js';
import { isNotFound } from '../cluster/errors.js';
import type { HelmRelease } from '../kinds/api-types.js';
import type { EventRecorder } from '../reconcile/run/events.js';
import { HELMRELEASE_RESOURCE } from '../reconcile/run/index.js';
import { HELMCHART_RESOURCE, helmChartFor } from '../sources/helmchart.js';
import { checkCrossNamespace } from '../sources/resolve.js';
import { splitHelmChartRef, type HelmChart, type HelmReleaseChartSource } from '../sources/types.js';

/** ssa.Owner{Group: helm.toolkit.fluxcd.io}: the labels SetOwnerLabels puts on the HelmChart. */
export const OWNER_NAME_LABEL = 'helm.toolkit.fluxcd.io/name';
export const OWNER_NAMESPACE_LABEL = 'helm.toolkit.fluxcd.io/namespace';

export interface ChartTemplateOptions {
  cluster: Cluster;
  /** helm-controller's --field-manager (default `helm-controller`). */
  fieldManager: string;
  allowCrossNamespaceRefs: boolean;
  events: EventRecorder;
  log?: (message: string) => void;
  /** The controller's watch cache of HelmCharts; a miss is asked of the API server. */
  cached?: (namespace: string, name: string) => KubeObject | undefined;
}

export type ChartTemplateAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'none';

/** The HelmChart helm-controller applies for the HelmRelease (buildHelmChartFromTemplate + owner labels). */
export function templatedHelmChart(hr: HelmRelease): HelmChart {
  const chart = helmChartFor(hr as HelmReleaseChartSource);
  chart.metadata.labels = { ...(chart.metadata.labels ?? {}), [OWNER_NAME_LABEL]: hr.metadata.name, [OWNER_NAMESPACE_LABEL]: hr.metadata.namespace ?? '' };
  return chart;
}

function refOf(chart: HelmChart): string {
  return `${chart.metadata.namespace ?? ''}/${chart.metadata.name}`;
}

/** What the apply would change: the fields the template owns. */
function differs(live: KubeObject, desired: HelmChart): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const pick = (o: KubeObject) => o.metadata.labels ?? {};
  const liveLabels = pick(live);
  for (const [k, v] of Object.entries(desired.metadata.labels ?? {})) if (liveLabels[k] !== v) return true;
  const liveAnnotations = live.metadata.annotations ?? {};
  for (const [k, v] of Object.entries(desired.metadata.annotations ?? {})) if (liveAnnotations[k] !== v) return true;
  const liveSpec = (live['spec'] ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(desired.spec)) if (!same(sortKeys(liveSpec[k]), sortKeys(v))) return true;
  return false;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/**
 * One pass of the template reconciler for a HelmRelease that is not being deleted. Returns what
 * it did to the HelmChart to apply (or 'deleted'/'none' when there is none to apply); throws (to be retried with backoff) when the apply or a delete fails. A HelmChart the
 * cross-namespace policy forbids is left to the reconciliation core, which reports it.
 */
export async function reconcileChartTemplate(hr: HelmRelease, o: ChartTemplateOptions): Promise<ChartTemplateAction> {
  const hrNs = hr.metadata.namespace ?? '';
  const desired = hr.spec?.chart !== undefined && hr.spec.chartRef === undefined ? templatedHelmChart(hr) : undefined;
  const recorded = hr.status?.helmChart ?? '';
  let action: ChartTemplateAction = 'none';
  if (recorded !== '' && (desired === undefined || recorded !== refOf(desired))) {
    await deleteRecordedChart(hr, recorded, o);
    action = 'deleted';
  }
  if (desired === undefined) return action;
  const ns = desired.metadata.namespace ?? hrNs;
  try {
    checkCrossNamespace('HelmChart', ns, desired.metadata.name, hrNs, o.allowCrossNamespaceRefs);
  } catch {
    return action;
  }
  const live = o.cached?.(ns, desired.metadata.name) ?? (await o.cluster.tryGet(HELMCHART_RESOURCE, desired.metadata.name, ns));
  const subject = `HelmChart/${ns}/${desired.metadata.name}`;
  const sourceRef = `${desired.spec.sourceRef.kind}/${ns}/${desired.spec.sourceRef.name}`;
  if (live !== undefined && !differs(live, desired)) {
    o.log?.(`${subject} with SourceRef '${sourceRef}' is in-sync`);
    await recordChart(hr, refOf(desired), o);
    return 'unchanged';
  }
  try {
    await o.cluster.apply(HELMCHART_RESOURCE, desired, { fieldManager: o.fieldManager, force: true });
  } catch (err) {
    const message = `failed to run server-side apply: ${err instanceof Error ? err.message : String(err)}`;
    void o.events(hr, 'Normal', 'HelmChartSyncErr', message, {});
    throw new Error(message);
  }
  const did = live === undefined ? 'created' : 'configured';
  const message = `${did === 'created' ? 'Created' : 'Configured'} ${subject} with SourceRef '${sourceRef}'`;
  o.log?.(message);
  // A trace event in Flux: written to Kubernetes as Normal, without the release metadata.
  void o.events(hr, 'Normal', did === 'created' ? 'HelmChartCreated' : 'HelmChartConfigured', message, {});
  await recordChart(hr, refOf(desired), o);
  return did;
}

/**
 * "From this moment on, we know the HelmChart spec is up-to-date": status.helmChart names it at
 * once, so the finalizer finds it even when the reconcile stops early (dependencies not ready).
 */
async function recordChart(hr: HelmRelease, ref: string, o: ChartTemplateOptions): Promise<void> {
  if (hr.status?.helmChart === ref) return;
  await o.cluster.statusPatch(HELMRELEASE_RESOURCE, hr.metadata.name, hr.metadata.namespace, { status: { helmChart: ref } });
  hr.status = { ...(hr.status ?? {}), helmChart: ref };
}

/**
 * helm-controller's HelmChart deletion (template reconcile and finalizer alike): allowed only when
 * the cross-namespace policy allows access to it (else the ACL error); a HelmChart already gone
 * is no error and no Event; otherwise a Normal trace Event without the release metadata.
 */
export async function deleteHelmChart(hr: HelmRelease, recorded: string, o: Pick<ChartTemplateOptions, 'cluster' | 'allowCrossNamespaceRefs' | 'events'>): Promise<void> {
  const { namespace, name } = splitHelmChartRef(recorded);
  checkCrossNamespace('HelmChart', namespace, name, hr.metadata.namespace ?? '', o.allowCrossNamespaceRefs);
  try {
    await o.cluster.delete(HELMCHART_RESOURCE, name, namespace);
  } catch (err) {
    if (!isNotFound(err)) throw new Error(`failed to delete HelmChart '${recorded}': ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  void o.events(hr, 'Normal', 'HelmChartDeleted', `deleted HelmChart '${recorded}'`, {});
}

/**
 * reconcileDelete for a HelmChart that is no longer the templated one: deleted when the policy
 * allows access (a suspended HelmRelease keeps it), then status.helmChart cleared on the object.
 */
async function deleteRecordedChart(hr: HelmRelease, recorded: string, o: ChartTemplateOptions): Promise<void> {
  if (hr.spec?.suspend === true) return;
  await deleteHelmChart(hr, recorded, o);
  // The core patches status from what it reads; the reference goes first, on its own.
  await o.cluster.statusPatch(HELMRELEASE_RESOURCE, hr.metadata.name, hr.metadata.namespace, { status: { helmChart: null } }).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
  if (hr.status) delete hr.status.helmChart;
}
