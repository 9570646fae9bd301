// Encoding of a release record as Helm stores it: base64( gzip( JSON ) ). Records written by
// older Helm versions without gzip are accepted on read, as Helm accepts them.
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import type { Release, ReleaseHook, ReleaseInfo } from './types.js';

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

export class ReleaseDecodeError extends Error {}

/** Go's encoding/json writes map keys sorted (struct fields keep their declared order). */
function sortedMap(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedMap);
  if (v === null || typeof v !== 'object') return v;
  const rec = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(rec).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = sortedMap(rec[k]);
  return out;
}

function orderChart(chart: Release['chart']): Release['chart'] {
  const metadata = chart.metadata && chart.metadata.annotations ? { ...chart.metadata, annotations: sortedMap(chart.metadata.annotations) as Record<string, string> } : chart.metadata;
  return { ...chart, metadata, values: chart.values === null ? null : (sortedMap(chart.values) as Record<string, unknown>) };
}

/** Go's json.Marshal escapes these inside strings (HTML safety); they never occur outside strings. */
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Serialises a release as Go's encoding/json does: field order, omitempty, sorted map keys, HTML escapes. */
export function releaseToJSON(rel: Release): string {
  const ordered: Record<string, unknown> = {};
  if (rel.name) ordered.name = rel.name;
  ordered.info = orderInfo(rel.info);
  ordered.chart = orderChart(rel.chart);
  if (rel.config && Object.keys(rel.config).length > 0) ordered.config = sortedMap(rel.config);
  if (rel.manifest) ordered.manifest = rel.manifest;
  if (rel.hooks && rel.hooks.length > 0) ordered.hooks = rel.hooks.map(orderHook);
  if (rel.version) ordered.version = rel.version;
  if (rel.namespace) ordered.namespace = rel.namespace;
  if (rel.apply_method) ordered.apply_method = rel.apply_method;
  return goEscape(JSON.stringify(ordered));
}

function orderInfo(info: ReleaseInfo): ReleaseInfo {
  const out: ReleaseInfo = {};
  if (info.first_deployed) out.first_deployed = info.first_deployed;
  if (info.last_deployed) out.last_deployed = info.last_deployed;
  if (info.deleted) out.deleted = info.deleted;
  if (info.description) out.description = info.description;
  if (info.status) out.status = info.status;
  if (info.notes) out.notes = info.notes;
  return out;
}

function orderHook(h: ReleaseHook): ReleaseHook {
  const out: Partial<ReleaseHook> = {};
  if (h.name) out.name = h.name;
  if (h.kind) out.kind = h.kind;
  if (h.path) out.path = h.path;
  if (h.manifest) out.manifest = h.manifest;
  if (h.events && h.events.length > 0) out.events = h.events;
  // Go marshals started_at and completed_at (when set) before the always-present phase.
  const run: Partial<ReleaseHook['last_run']> = {};
  if (h.last_run?.started_at) run.started_at = h.last_run.started_at;
  if (h.last_run?.completed_at) run.completed_at = h.last_run.completed_at;
  run.phase = h.last_run?.phase ?? '';
  out.last_run = run as ReleaseHook['last_run'];
  if (h.weight) out.weight = h.weight;
  if (h.delete_policies && h.delete_policies.length > 0) out.delete_policies = h.delete_policies;
  if (h.output_log_policies && h.output_log_policies.length > 0) out.output_log_policies = h.output_log_policies;
  return out as ReleaseHook;
}

/** The string Helm keeps under the `release` key of the storage Secret (before the API's own base64). */
export function encodeRelease(rel: Release): string {
  const gz = gzipSync(Buffer.from(releaseToJSON(rel), 'utf8'), { level: constants.Z_BEST_COMPRESSION });
  return gz.toString('base64');
}

export function decodeRelease(encoded: string): Release {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(encoded, 'base64');
  } catch {
    throw new ReleaseDecodeError('release data is not valid base64');
  }
  if (bytes.length >= 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new ReleaseDecodeError(`release data is not valid gzip: ${(err as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ReleaseDecodeError(`release data is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ReleaseDecodeError('release data is not a JSON object');
  }
  const rel = parsed as Release;
  rel.info = normaliseTimes(rel.info ?? {}, ['first_deployed', 'last_deployed', 'deleted']);
  for (const hook of rel.hooks ?? []) {
    hook.last_run = normaliseTimes(hook.last_run ?? { phase: '' }, ['started_at', 'completed_at']);
  }
  return rel;
}

// Helm 3 wrote zero times as "" and Helm 4 tolerates them; treat them as absent.
function normaliseTimes<T extends object>(obj: T, fields: string[]): T {
  const rec = obj as Record<string, unknown>;
  for (const f of fields) if (rec[f] === '') delete rec[f];
  return obj;
}
