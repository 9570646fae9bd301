// helm-controller's release Observation and its digest (internal/release/observation.go,
// digest.go): the SHA-256 of Go's json.Encoder output for a detached copy of a release
// (chart metadata only, test hooks dropped). Snapshot.digest holds it, and the next
// reconcile uses it to prove that the release in storage is the one it recorded.
import type { GoMap, GoValue } from '../../gotemplate/value.js';
import type { ChartMetadataJSON, Release, ReleaseHook, ReleaseInfo } from '../../helm/release/types.js';
import { encode, encoderDigest, goStruct, omitEmpty, type JsonField } from './go-struct-json.js';
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
  return encoderDigest(observationStruct(obs));
}

/** json.NewEncoder(w).Encode(obs): struct fields in Go order, a trailing newline. */
export function encodeObservation(obs: Observation): string {
  return encode(observationStruct(obs));
}

function observationStruct(obs: Observation): GoValue {
  return goStruct(
    ['name', obs.name],
    ['version', obs.version],
    ['info', infoStruct(obs.info)],
    ['chartMetadata', metadataStruct(obs.chartMetadata)],
    // Values decoded from the release JSON are plain JSON data, i.e. Go values.
    ['config', obs.config as GoMap | null],
    ['manifest', obs.manifest],
    ['hooks', obs.hooks === null ? null : obs.hooks.map(hookStruct)],
    ['namespace', obs.namespace],
    omitEmpty('ociDigest', obs.ociDigest),
  );
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

/** A time field, as Go writes it back (absent times are left out as before). */
function timeField(key: string, t: string | undefined): JsonField {
  return t ? [key, goTime(t)] : undefined;
}

function infoStruct(info: Observation['info']): GoValue {
  return goStruct(
    timeField('first_deployed', info.first_deployed),
    timeField('last_deployed', info.last_deployed),
    timeField('deleted', info.deleted),
    omitEmpty('description', info.description),
    omitEmpty('status', info.status),
    omitEmpty('rollback_revision', info.rollback_revision),
    omitEmpty('notes', info.notes),
  );
}

function metadataStruct(md: ChartMetadataJSON): GoValue {
  return goStruct(
    omitEmpty('name', md.name),
    omitEmpty('home', md.home),
    omitEmpty('sources', md.sources),
    omitEmpty('version', md.version),
    omitEmpty('description', md.description),
    omitEmpty('keywords', md.keywords),
    omitEmpty('maintainers', md.maintainers?.map((m) => goStruct(omitEmpty('name', m.name), omitEmpty('email', m.email), omitEmpty('url', m.url)))),
    omitEmpty('icon', md.icon),
    omitEmpty('apiVersion', md.apiVersion),
    omitEmpty('condition', md.condition),
    omitEmpty('tags', md.tags),
    omitEmpty('appVersion', md.appVersion),
    omitEmpty('deprecated', md.deprecated),
    omitEmpty('annotations', md.annotations),
    omitEmpty('kubeVersion', md.kubeVersion),
    omitEmpty(
      'dependencies',
      md.dependencies?.map((d) =>
        goStruct(
          // name and repository carry no omitempty in Helm's Dependency struct.
          ['name', d.name ?? ''],
          omitEmpty('version', d.version),
          ['repository', d.repository ?? ''],
          omitEmpty('condition', d.condition),
          omitEmpty('tags', d.tags),
          omitEmpty('enabled', d.enabled),
          omitEmpty('import-values', d['import-values'] as GoValue[] | undefined),
          omitEmpty('alias', d.alias),
        ),
      ),
    ),
    omitEmpty('type', md.type),
  );
}

function hookStruct(h: ReleaseHook): GoValue {
  return goStruct(
    omitEmpty('name', h.name),
    omitEmpty('kind', h.kind),
    omitEmpty('path', h.path),
    omitEmpty('manifest', h.manifest),
    omitEmpty('events', h.events),
    ['last_run', goStruct(timeField('started_at', h.last_run?.started_at), timeField('completed_at', h.last_run?.completed_at), ['phase', h.last_run?.phase ?? ''])],
    omitEmpty('weight', h.weight),
    omitEmpty('delete_policies', h.delete_policies),
    omitEmpty('output_log_policies', h.output_log_policies),
  );
}
