// The chart as Helm embeds it in a release record (pkg/chart/v2 Chart marshalled by Go):
// metadata with omitempty, file contents as base64 ([]byte), values, schema; no subcharts.
import type { Chart, ChartFile, Dependency, Lock, Metadata } from '../chart/index.js';
import type { ChartDependency, ChartFileJSON, ChartLockJSON, ChartMetadataJSON, ReleaseChart } from './types.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Modification times (RFC 3339) Helm records when it loads a chart from disk or an archive. */
export interface ChartModTimes {
  /** The chart's own time (Helm: Chart.yaml's). */
  chart?: string;
  /** By file name relative to the chart root. */
  files?: ReadonlyMap<string, string>;
}

function fileJSON(f: ChartFile, times: ChartModTimes): ChartFileJSON {
  const modtime = times.files?.get(f.name);
  return { name: f.name, data: Buffer.from(f.data).toString('base64'), ...(modtime ? { modtime } : {}) };
}

function dependencyJSON(d: Dependency): ChartDependency {
  const out: ChartDependency = { name: d.name };
  if (d.version) out.version = d.version;
  if (d.repository) out.repository = d.repository;
  if (d.condition) out.condition = d.condition;
  if (d.tags.length > 0) out.tags = d.tags;
  if (d.enabled) out.enabled = d.enabled;
  if (d.importValues.length > 0) out['import-values'] = d.importValues as unknown[];
  if (d.alias) out.alias = d.alias;
  return out;
}

function metadataJSON(m: Metadata): ChartMetadataJSON {
  // Go field order with omitempty on every field.
  const out: ChartMetadataJSON = {};
  if (m.name) out.name = m.name;
  if (m.home) out.home = m.home;
  if (m.sources.length > 0) out.sources = m.sources;
  if (m.version) out.version = m.version;
  if (m.description) out.description = m.description;
  if (m.keywords.length > 0) out.keywords = m.keywords;
  const maintainers = m.maintainers.filter((x) => x !== null);
  if (maintainers.length > 0) {
    out.maintainers = maintainers.map((x) => ({ ...(x.name ? { name: x.name } : {}), ...(x.email ? { email: x.email } : {}), ...(x.url ? { url: x.url } : {}) }));
  }
  if (m.icon) out.icon = m.icon;
  if (m.apiVersion) out.apiVersion = m.apiVersion;
  if (m.condition) out.condition = m.condition;
  if (m.tags) out.tags = m.tags;
  if (m.appVersion) out.appVersion = m.appVersion;
  if (m.deprecated) out.deprecated = m.deprecated;
  if (m.annotations && Object.keys(m.annotations).length > 0) out.annotations = m.annotations;
  if (m.kubeVersion) out.kubeVersion = m.kubeVersion;
  const deps = m.dependencies.filter((d) => d !== null);
  if (deps.length > 0) out.dependencies = deps.map(dependencyJSON);
  if (m.type) out.type = m.type;
  return out;
}

function lockJSON(l: Lock | null): ChartLockJSON | null {
  if (l === null) return null;
  return { generated: l.generated, digest: l.digest, dependencies: l.dependencies.filter((d) => d !== null).map(dependencyJSON) };
}

/**
 * The root chart as a release stores it (its subcharts are not serialised by Helm). Times are
 * optional: Helm omits zero ones, except schemamodtime which Go always writes.
 */
export function releaseChartOf(chart: Chart, times: ChartModTimes = {}): ReleaseChart {
  return {
    metadata: metadataJSON(chart.metadata),
    lock: lockJSON(chart.lock),
    templates: chart.templates.map((f) => fileJSON(f, times)),
    values: chart.values as Record<string, unknown>,
    schema: chart.schema ? Buffer.from(chart.schema).toString('base64') : null,
    schemamodtime: times.files?.get('values.schema.json') ?? ZERO_TIME,
    files: chart.files.map((f) => fileJSON(f, times)),
    ...(times.chart ? { modtime: times.chart } : {}),
  };
}
