// The HelmChart source-controller derives from a HelmRelease's chart template
// (helm-controller `internal/reconcile/helmchart_template.go`), and the status it writes once
// the chart is fetched or the fetch failed, so `get sources chart` and `reconcile --with-source`
// show real data.
import { realpath, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import type { Cluster, ResourceRef } from '../cluster/types.js';
import type { GoMap } from '../gotemplate/value.js';
import { marshalYaml } from '../helm/yaml/marshal.js';
import { mergeMaps, readValues } from '../helm/yaml/read.js';
import { ChartArchiveError, readArchive, writeArchive } from './chart-archive.js';
import type { SourceError } from './errors.js';
import type { BuildOptions, FetchedChart } from './fetchers.js';
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
  if (tpl.spec.valuesFiles !== undefined) spec.valuesFiles = tpl.spec.valuesFiles;
  if (tpl.spec.ignoreMissingValuesFiles !== undefined) spec.ignoreMissingValuesFiles = tpl.spec.ignoreMissingValuesFiles;
  if (tpl.spec.verify !== undefined) spec.verify = tpl.spec.verify;
  const metadata: HelmChart['metadata'] = { name: helmChartName(hr), namespace: ns };
  if (tpl.metadata?.labels !== undefined) metadata.labels = { ...tpl.metadata.labels };
  if (tpl.metadata?.annotations !== undefined) metadata.annotations = { ...tpl.metadata.annotations };
  return { apiVersion: SOURCE_API_VERSION, kind: 'HelmChart', metadata, spec };
}

/**
 * What source-controller builds the HelmChart's chart with: its valuesFiles and the generation
 * (a HelmChart just created by helm-controller has generation 1).
 */
export function helmChartBuildOptions(chart: HelmChart): BuildOptions {
  return {
    ...(chart.spec.valuesFiles ? { valuesFiles: chart.spec.valuesFiles } : {}),
    ...(chart.spec.ignoreMissingValuesFiles ? { ignoreMissingValuesFiles: true } : {}),
    generation: chart.metadata.generation ?? 1,
  };
}

/**
 * The templated HelmChart with the generation of the one on the cluster, if any: the version
 * built with valuesFiles names that generation (without valuesFiles it is not read). A cluster
 * that cannot say (no HelmChart CRD, no access) leaves it unset, as for a HelmChart about to be
 * created.
 */
export async function withLiveGeneration(cluster: Cluster, chart: HelmChart): Promise<HelmChart> {
  if (chart.spec.valuesFiles === undefined || chart.spec.valuesFiles.length === 0) return chart;
  const live = await cluster.tryGet<HelmChart>(HELMCHART_RESOURCE, chart.metadata.name, chart.metadata.namespace).catch(() => undefined);
  const generation = live?.metadata.generation;
  return generation === undefined ? chart : { ...chart, metadata: { ...chart.metadata, generation } };
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
  // The remote builder packages whenever valuesFiles are listed, even if none was found.
  const packaged = chart.spec.sourceRef.kind !== 'HelmRepository' || (chart.spec.valuesFiles?.length ?? 0) > 0;
  const readyReason = packaged ? 'ChartPackageSucceeded' : 'ChartPullSucceeded';
  // Build.Summary: the files merged are listed as Go prints a []string.
  const merged = fetched.valuesFiles !== undefined && fetched.valuesFiles.length > 0 ? ` and merged values files [${fetched.valuesFiles.join(' ')}]` : '';
  const readyMessage = `${packaged ? 'packaged' : 'pulled'} '${fetched.chartName}' chart with version '${fetched.version}'${merged}`;
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
      // reconcileArtifact marks ArtifactInStorage with the build's reason and summary too.
      condition('ArtifactInStorage', 'True', readyReason, readyMessage, now, gen),
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

// ---- valuesFiles of a chart built from a source artifact ----------------------------------------
// source-controller resolves `spec.valuesFiles` against what the chart comes from: for a chart
// in a HelmRepository (remote builder, mergeChartValues) the paths name files of the chart; for a
// chart in a GitRepository or Bucket artifact (local builder, mergeFileValues) they are relative
// to the artifact's root, so `envs/prod.yaml` next to `charts/app` works. The merge replaces the
// packaged chart's values.yaml.

// fluxcd/pkg's MergeMaps is Helm's mergeMaps (maps merged key by key, anything else replaced).
type Values = GoMap;

/**
 * The file a values path names inside `root`, joined lexically. A path that climbs out of the root
 * (`../x`) is refused, naming the reference; source-controller's SecureJoin would instead read
 * `<root>/x`, which hides the mistake.
 */
export function valuesFileIn(root: string, ref: string): string {
  const parts: string[] = [];
  for (const seg of ref.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) throw new ChartArchiveError(`values files merge error: values file '${ref}' is outside the source artifact`);
      parts.pop();
    } else parts.push(seg);
  }
  return join(root, ...parts);
}

/** True when `path` is `root` or below it. */
function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * builder_local.go mergeFileValues: the files merged in order (maps deep-merged, other values
 * replaced); a missing file is an error unless `ignoreMissing`. Returns the merged values and
 * the files that contributed (status.observedValuesFiles).
 */
export async function mergeFileValues(root: string, refs: readonly string[], ignoreMissing: boolean): Promise<{ values: Values; used: string[] }> {
  const realRoot = await realpath(root);
  let values: Values = {};
  const used: string[] = [];
  for (const ref of refs) {
    const path = valuesFileIn(root, ref);
    const shown = `/${relative(root, path).split(sep).join('/')}`;
    const st = await stat(path).catch((e: NodeJS.ErrnoException) => e);
    if (st instanceof Error) {
      if (ignoreMissing && st.code === 'ENOENT') continue;
      throw new ChartArchiveError(`values files merge error: no values file found at path '${shown}' (reference '${ref}')`);
    }
    if (!st.isFile()) throw new ChartArchiveError(`values files merge error: no values file found at path '${shown}' (reference '${ref}')`);
    // A symlink must not lead out of the artifact either.
    if (!within(realRoot, await realpath(path))) throw new ChartArchiveError(`values files merge error: values file '${ref}' is outside the source artifact`);
    values = mergeMaps(values, readValuesFile(await readFile(path, 'utf8'), ref));
    used.push(ref);
  }
  return { values, used };
}

/** The chart's values.yaml as chartutil.Values.Encode writes `values`: empty for no values. */
function encodeChartValues(values: Values): Buffer {
  return Buffer.from(Object.keys(values).length === 0 ? '' : marshalYaml(values));
}

/**
 * source-controller's OverwriteChartDefaultValues: the chart repackaged with `values` as its
 * values.yaml (sigs.k8s.io/yaml's encoding, byte for byte; no values at all is an empty file,
 * so listing only missing files with ignoreMissingValuesFiles empties the chart's defaults).
 * `changed` is false when the encoding equals the chart's own values.yaml byte for byte: then
 * the build reports no merged values files ("Do nothing if contents are equal"), though the
 * chart is still packaged.
 */
export async function overwriteChartDefaultValues(tgz: Buffer, values: Values): Promise<{ archive: Buffer; changed: boolean }> {
  const files = await readArchive(tgz);
  const top = files[0]?.path.split('/')[0] ?? '';
  const valuesPath = `${top}/values.yaml`;
  const current = files.find((f) => f.path === valuesPath);
  if (current === undefined) throw new ChartArchiveError('values files merge error: failed to locate values file: values.yaml');
  const data = encodeChartValues(values);
  const changed = !data.equals(current.data);
  return { archive: await writeArchive(changed ? files.map((f) => (f === current ? { ...f, data } : f)) : files), changed };
}

/** OverwriteChartDefaultValues, for callers that only need the packaged chart. */
export async function withChartValues(tgz: Buffer, values: Values): Promise<Buffer> {
  return (await overwriteChartDefaultValues(tgz, values)).archive;
}

/**
 * builder_remote.go mergeChartValues: the listed files of a chart archive merged in order
 * (read as sigs.k8s.io/yaml reads them; `values.yaml` is the chart's own values); a missing file
 * is an error unless `ignoreMissing`. Returns the merge and the files that contributed.
 */
export async function mergeChartValues(tgz: Buffer, refs: readonly string[], ignoreMissing: boolean): Promise<{ values: Values; used: string[] }> {
  const files = await readArchive(tgz);
  const top = files[0]?.path.split('/')[0] ?? '';
  const byPath = new Map(files.map((f) => [f.path.slice(top.length + 1), f]));
  let values: Values = {};
  const used: string[] = [];
  for (const ref of refs) {
    const f = byPath.get(posix.normalize(ref));
    if (f === undefined) {
      if (ignoreMissing) continue;
      throw new ChartArchiveError(`values files merge error: no values file found at path '${ref}'`);
    }
    values = mergeMaps(values, readValuesFile(f.data.toString('utf8'), ref));
    used.push(ref);
  }
  return { values, used };
}

/** One values file as source-controller reads it (yaml.Unmarshal into a map), errors naming it. */
function readValuesFile(text: string, ref: string): Values {
  try {
    return readValues(text);
  } catch (err) {
    throw new ChartArchiveError(`values files merge error: unmarshaling values from '${ref}' failed: ${(err as Error).message}`);
  }
}
