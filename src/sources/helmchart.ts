// The HelmChart source-controller derives from a HelmRelease's chart template
// (helm-controller `internal/reconcile/helmchart_template.go`), and the status it writes once
// the chart is fetched or the fetch failed, so `get sources chart` and `reconcile --with-source`
// show real data.
import type { Cluster, ResourceRef } from '../cluster/types.js';
import type { SourceError } from './errors.js';
import type { FetchedChart } from './fetchers.js';
import { SOURCE_API_VERSION, type Condition, type HelmChart, type HelmChartStatus, type HelmReleaseChartSource } from './types.js';

export const HELMCHART_RESOURCE: ResourceRef = { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'helmcharts', kind: 'HelmChart', namespaced: true };

/** Where source-controller serves artifacts; used to fill artifact URLs the way Flux does. */
export const STORAGE_BASE_URL = 'http://source-controller.flux-system.svc.cluster.local.';

export function helmChartName(hr: HelmReleaseChartSource): string {
  return `${hr.metadata.namespace ?? 'default'}-${hr.metadata.name}`;
}

/** The HelmChart object (without status) for a HelmRelease using `spec.chart`. */
export function helmChartFor(hr: HelmReleaseChartSource): HelmChart {
  const tpl = hr.spec.chart;
  if (tpl === undefined) throw new Error(`HelmRelease ${hr.metadata.namespace ?? 'default'}/${hr.metadata.name} has no spec.chart`);
  const ns = tpl.spec.sourceRef.namespace ?? hr.metadata.namespace ?? 'default';
  const spec: HelmChart['spec'] = {
    chart: tpl.spec.chart,
    version: tpl.spec.version ?? '*',
    sourceRef: { kind: tpl.spec.sourceRef.kind as HelmChart['spec']['sourceRef']['kind'], name: tpl.spec.sourceRef.name },
    interval: tpl.spec.interval ?? hr.spec.interval,
    reconcileStrategy: tpl.spec.reconcileStrategy ?? 'ChartVersion',
  };
  if (tpl.spec.sourceRef.apiVersion !== undefined) spec.sourceRef.apiVersion = tpl.spec.sourceRef.apiVersion;
  if (tpl.spec.valuesFiles !== undefined) spec.valuesFiles = tpl.spec.valuesFiles;
  if (tpl.spec.ignoreMissingValuesFiles !== undefined) spec.ignoreMissingValuesFiles = tpl.spec.ignoreMissingValuesFiles;
  if (tpl.spec.verify !== undefined) spec.verify = tpl.spec.verify;
  const metadata: HelmChart['metadata'] = { name: helmChartName(hr), namespace: ns };
  if (tpl.metadata?.labels !== undefined) metadata.labels = { ...tpl.metadata.labels };
  if (tpl.metadata?.annotations !== undefined) metadata.annotations = { ...tpl.metadata.annotations };
  return { apiVersion: SOURCE_API_VERSION, kind: 'HelmChart', metadata, spec };
}

function condition(type: string, status: Condition['status'], reason: string, message: string, now: Date, generation?: number): Condition {
  return {
    type,
    status,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    reason,
    message,
  };
}

/** Status after a successful fetch: artifact, observed revisions, Ready and ArtifactInStorage. */
export function helmChartReadyStatus(chart: HelmChart, fetched: FetchedChart, now: Date = new Date()): HelmChartStatus {
  const ns = chart.metadata.namespace ?? 'default';
  const name = chart.metadata.name;
  const gen = chart.metadata.generation;
  const path = `helmchart/${ns}/${name}/${fetched.chartName}-${fetched.version}.tgz`;
  const packaged = chart.spec.sourceRef.kind !== 'HelmRepository' || fetched.valuesFiles !== undefined;
  const readyReason = packaged ? 'ChartPackageSucceeded' : 'ChartPullSucceeded';
  const readyMessage = `${packaged ? 'packaged' : 'pulled'} '${fetched.chartName}' chart with version '${fetched.version}'`;
  const status: HelmChartStatus = {
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
    observedSourceArtifactRevision: fetched.sourceRevision,
    observedChartName: chart.spec.chart,
    url: `${STORAGE_BASE_URL}/helmchart/${ns}/${name}/latest.tar.gz`,
    artifact: {
      path,
      url: `${STORAGE_BASE_URL}/${path}`,
      revision: fetched.version,
      digest: fetched.digest,
      lastUpdateTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      size: fetched.archive.length,
    },
    conditions: [
      condition('Ready', 'True', readyReason, readyMessage, now, gen),
      condition('ArtifactInStorage', 'True', 'Succeeded', `stored artifact: revision '${fetched.version}'`, now, gen),
    ],
  };
  if (fetched.valuesFiles !== undefined) status.observedValuesFiles = fetched.valuesFiles;
  return status;
}

/** Maps a fetch failure to source-controller's build error reason and summary. */
export function buildErrorReason(err: SourceError): { reason: string; summary: string } {
  switch (err.reason) {
    case 'NoMatchingVersion':
    case 'InvalidConstraint':
    case 'InvalidSpec':
      return { reason: 'InvalidChartReference', summary: 'invalid chart reference' };
    case 'AccessDenied':
      return { reason: 'AccessDenied', summary: '' };
    default:
      return { reason: 'ChartPullError', summary: 'chart pull error' };
  }
}

/** Status after a failed fetch: Ready=False and FetchFailed=True with the build error. */
export function helmChartFailedStatus(chart: HelmChart, err: SourceError, now: Date = new Date()): HelmChartStatus {
  const gen = chart.metadata.generation;
  const { reason, summary } = buildErrorReason(err);
  const message = summary === '' ? err.detail : `${summary}: ${err.detail}`;
  return {
    ...(chart.status?.artifact !== undefined ? { artifact: chart.status.artifact } : {}),
    ...(chart.status?.url !== undefined ? { url: chart.status.url } : {}),
    conditions: [condition('Ready', 'False', reason, message, now, gen), condition('FetchFailed', 'True', reason, message, now, gen)],
  };
}

/** Writes the HelmChart (server-side apply of the spec, then its status). */
export async function publishHelmChart(cluster: Cluster, chart: HelmChart, status: HelmChartStatus): Promise<HelmChart> {
  const { status: _omit, ...desired } = chart;
  const applied = await cluster.apply<HelmChart>(HELMCHART_RESOURCE, desired, { fieldManager: 'flux-ts', force: true });
  return cluster.statusPatch<HelmChart>(HELMCHART_RESOURCE, applied.metadata.name, applied.metadata.namespace, { status });
}
