// Encoding of a release record as Helm stores it: base64( gzip( JSON ) ). Records written by
// older Helm versions without gzip are accepted on read, as Helm accepts them.
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { compareGoStrings, formatJsonFloat, quoteJsonString } from '../gojson/index.js';
import type { Release, ReleaseHook, ReleaseInfo } from './types.js';

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

export class ReleaseDecodeError extends Error {}

/**
 * A Go map inside the release (values, config, annotations): encoding/json writes its keys in
 * byte order, and every object nested in it is a map too. JSON.stringify cannot be asked for
 * that order: it writes integer-like keys ("9", "10") first, in numeric order.
 */
class GoMap {
  constructor(readonly value: unknown) {}
}

/** Struct fields keep the order they were set in (Go's declaration order); GoMap values are sorted. */
function encodeGoJSON(v: unknown, inMap: boolean, out: string[]): void {
  if (v instanceof GoMap) return encodeGoJSON(v.value, true, out);
  if (v === null || v === undefined) {
    out.push('null');
  } else if (typeof v === 'string') {
    out.push(quoteJsonString(v));
  } else if (typeof v === 'number') {
    out.push(Number.isFinite(v) ? formatJsonFloat(v) : 'null');
  } else if (typeof v === 'boolean') {
    out.push(v ? 'true' : 'false');
  } else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((item, i) => {
      if (i > 0) out.push(',');
      encodeGoJSON(item, inMap, out);
    });
    out.push(']');
  } else if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    let keys = Object.keys(rec).filter((k) => rec[k] !== undefined);
    if (inMap) keys = keys.sort(compareGoStrings);
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(quoteJsonString(k), ':');
      encodeGoJSON(rec[k], inMap, out);
    });
    out.push('}');
  }
}

function orderChart(chart: Release['chart']): Release['chart'] {
  const metadata = chart.metadata && chart.metadata.annotations ? { ...chart.metadata, annotations: new GoMap(chart.metadata.annotations) as unknown as Record<string, string> } : chart.metadata;
  return { ...chart, metadata, values: chart.values === null ? null : (new GoMap(chart.values) as unknown as Record<string, unknown>) };
}

/** Serialises a release as Go's encoding/json does: field order, omitempty, sorted map keys, HTML escapes. */
export function releaseToJSON(rel: Release): string {
  const ordered: Record<string, unknown> = {};
  if (rel.name) ordered.name = rel.name;
  ordered.info = orderInfo(rel.info);
  ordered.chart = orderChart(rel.chart);
  if (rel.config && Object.keys(rel.config).length > 0) ordered.config = new GoMap(rel.config);
  if (rel.manifest) ordered.manifest = rel.manifest;
  if (rel.hooks && rel.hooks.length > 0) ordered.hooks = rel.hooks.map(orderHook);
  if (rel.version) ordered.version = rel.version;
  if (rel.namespace) ordered.namespace = rel.namespace;
  if (rel.apply_method) ordered.apply_method = rel.apply_method;
  const out: string[] = [];
  encodeGoJSON(ordered, false, out);
  return out.join('');
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
