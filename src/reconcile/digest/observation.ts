// helm-controller's release Observation and its digest (internal/release/observation.go,
// digest.go): the SHA-256 of Go's json.Encoder output for a detached copy of a release
// (chart metadata only, test hooks dropped). Snapshot.digest holds it, and the next
// reconcile uses it to prove that the release in storage is the one it recorded.
import { createHash } from 'node:crypto';
import type { GoValue } from '../../gotemplate/value.js';
import { marshal, quoteJsonString } from '../../helm/gojson/index.js';
import type { ChartMetadataJSON, Release, ReleaseHook, ReleaseInfo } from '../../helm/release/types.js';
import { digestValues } from './values-digest.js';

export interface Observation {
  name: string;
  version: number;
  info: ReleaseInfo & { rollback_revision?: number };
  chartMetadata: ChartMetadataJSON;
  config: Record<string, unknown> | null;
  manifest: string;
  hooks: ReleaseHook[] | null;
  namespace: string;
  ociDigest?: string;
}

/** ObserveRelease with the default filter (hooks that fire on `test` are left out). */
export function observeRelease(rel: Release, ociDigest?: string): Observation {
  const hooks = (rel.hooks ?? []).filter((h) => !(h.events ?? []).includes('test'));
  return {
    name: rel.name,
    version: rel.version,
    info: { ...rel.info },
    chartMetadata: { ...(rel.chart.metadata ?? {}) },
    config: rel.config && Object.keys(rel.config).length > 0 ? structuredClone(rel.config) : null,
    manifest: rel.manifest ?? '',
    hooks: hooks.length > 0 ? hooks.map((h) => structuredClone(h)) : null,
    namespace: rel.namespace,
    ...(ociDigest ? { ociDigest } : {}),
  };
}

/** `sha256:<hex>` of the observation. */
export function observationDigest(obs: Observation): string {
  return `sha256:${createHash('sha256').update(encodeObservation(obs), 'utf8').digest('hex')}`;
}

/** json.NewEncoder(w).Encode(obs): struct fields in Go order, a trailing newline. */
export function encodeObservation(obs: Observation): string {
  const fields: Array<[string, string]> = [
    ['name', str(obs.name)],
    ['version', String(obs.version)],
    ['info', encodeInfo(obs.info)],
    ['chartMetadata', encodeMetadata(obs.chartMetadata)],
    ['config', obs.config === null ? 'null' : goJson(obs.config)],
    ['manifest', str(obs.manifest)],
    ['hooks', obs.hooks === null ? 'null' : `[${obs.hooks.map(encodeHook).join(',')}]`],
    ['namespace', str(obs.namespace)],
  ];
  if (obs.ociDigest) fields.push(['ociDigest', str(obs.ociDigest)]);
  return object(fields) + '\n';
}

/** ObservedToSnapshot's digests: the observation digest and the config digest. */
export function releaseDigests(rel: Release, ociDigest?: string): { digest: string; configDigest: string } {
  return {
    digest: observationDigest(observeRelease(rel, ociDigest)),
    // Values decoded from the release JSON are plain JSON data, i.e. Go values.
    configDigest: digestValues((rel.config ?? null) as Record<string, GoValue> | null),
  };
}

/**
 * A time as Go's time.Time MarshalJSON writes it back (RFC 3339 with nanoseconds, trailing
 * zeros trimmed, `Z` for a zero offset), so that digests over times written by JavaScript
 * match Go's.
 */
export function goTime(t: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i.exec(t);
  if (!m) return t;
  const frac = (m[2] ?? '').slice(0, 9).replace(/0+$/, '');
  const zone = m[3]!.toUpperCase() === 'Z' || m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3]!;
  return `${m[1]}${frac ? `.${frac}` : ''}${zone}`;
}

function str(s: string): string {
  return quoteJsonString(s, true);
}

function goJson(v: unknown): string {
  return marshal(v as GoValue);
}

function object(fields: Array<[string, string]>): string {
  return `{${fields.map(([k, v]) => `${str(k)}:${v}`).join(',')}}`;
}

function encodeInfo(info: Observation['info']): string {
  const f: Array<[string, string]> = [];
  if (info.first_deployed) f.push(['first_deployed', str(goTime(info.first_deployed))]);
  if (info.last_deployed) f.push(['last_deployed', str(goTime(info.last_deployed))]);
  if (info.deleted) f.push(['deleted', str(goTime(info.deleted))]);
  if (info.description) f.push(['description', str(info.description)]);
  if (info.status) f.push(['status', str(info.status)]);
  if (info.rollback_revision) f.push(['rollback_revision', String(info.rollback_revision)]);
  if (info.notes) f.push(['notes', str(info.notes)]);
  return object(f);
}

function strList(l: readonly string[]): string {
  return `[${l.map(str).join(',')}]`;
}

function encodeMetadata(md: ChartMetadataJSON): string {
  const f: Array<[string, string]> = [];
  const s = (k: keyof ChartMetadataJSON) => {
    const v = md[k];
    if (typeof v === 'string' && v !== '') f.push([k, str(v)]);
  };
  s('name');
  s('home');
  if (md.sources?.length) f.push(['sources', strList(md.sources)]);
  s('version');
  s('description');
  if (md.keywords?.length) f.push(['keywords', strList(md.keywords)]);
  if (md.maintainers?.length) {
    f.push([
      'maintainers',
      `[${md.maintainers
        .map((m) => {
          const mf: Array<[string, string]> = [];
          if (m.name) mf.push(['name', str(m.name)]);
          if (m.email) mf.push(['email', str(m.email)]);
          if (m.url) mf.push(['url', str(m.url)]);
          return object(mf);
        })
        .join(',')}]`,
    ]);
  }
  s('icon');
  s('apiVersion');
  s('condition');
  s('tags');
  s('appVersion');
  if (md.deprecated) f.push(['deprecated', 'true']);
  if (md.annotations && Object.keys(md.annotations).length > 0) f.push(['annotations', goJson(md.annotations)]);
  s('kubeVersion');
  if (md.dependencies?.length) {
    f.push([
      'dependencies',
      `[${md.dependencies
        .map((d) => {
          // name and repository carry no omitempty in Helm's Dependency struct.
          const df: Array<[string, string]> = [['name', str(d.name ?? '')]];
          if (d.version) df.push(['version', str(d.version)]);
          df.push(['repository', str(d.repository ?? '')]);
          if (d.condition) df.push(['condition', str(d.condition)]);
          if (d.tags?.length) df.push(['tags', strList(d.tags)]);
          if (d.enabled) df.push(['enabled', 'true']);
          if (d['import-values']?.length) df.push(['import-values', goJson(d['import-values'])]);
          if (d.alias) df.push(['alias', str(d.alias)]);
          return object(df);
        })
        .join(',')}]`,
    ]);
  }
  s('type');
  return object(f);
}

function encodeHook(h: ReleaseHook): string {
  const f: Array<[string, string]> = [];
  if (h.name) f.push(['name', str(h.name)]);
  if (h.kind) f.push(['kind', str(h.kind)]);
  if (h.path) f.push(['path', str(h.path)]);
  if (h.manifest) f.push(['manifest', str(h.manifest)]);
  if (h.events?.length) f.push(['events', strList(h.events)]);
  const run: Array<[string, string]> = [];
  if (h.last_run?.started_at) run.push(['started_at', str(goTime(h.last_run.started_at))]);
  if (h.last_run?.completed_at) run.push(['completed_at', str(goTime(h.last_run.completed_at))]);
  run.push(['phase', str(h.last_run?.phase ?? '')]);
  f.push(['last_run', object(run)]);
  if (h.weight) f.push(['weight', String(h.weight)]);
  if (h.delete_policies?.length) f.push(['delete_policies', strList(h.delete_policies)]);
  if (h.output_log_policies?.length) f.push(['output_log_policies', strList(h.output_log_policies)]);
  return object(f);
}
