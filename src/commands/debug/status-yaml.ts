// `debug hr --show-status|--show-history`: the status as flux prints it, i.e. marshalled from
// helm-controller's Go types by sigs.k8s.io/yaml. Two effects of the Go types show in the
// output: omitempty fields that hold their zero value disappear, and a snapshot's time fields
// (metav1.Time values, not pointers) print `null` when unset.
import type { HelmRelease } from '../../kinds/api-types.js';
import { marshalYaml, yamlToJson } from '../../helm/yaml/index.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every HelmReleaseStatus field is omitempty. */
function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === 0 || v === '' || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

/** Snapshot time fields that are metav1.Time values: always printed, `null` when unset. */
const SNAPSHOT_TIMES = ['firstDeployed', 'lastDeployed', 'deleted'] as const;

function snapshot(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value as Json;
  const out: { [key: string]: Json } = { ...(value as { [key: string]: Json }) };
  for (const key of SNAPSHOT_TIMES) if (out[key] === undefined) out[key] = null;
  return out;
}

/** The HelmRelease status as Go marshals it. */
export function statusForYaml(hr: HelmRelease): { [key: string]: Json } {
  const status = (hr.status ?? {}) as { [key: string]: unknown };
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(status)) {
    if (isZero(value)) continue;
    out[key] = key === 'history' && Array.isArray(value) ? value.map(snapshot) : (value as Json);
  }
  return out;
}

/** status.history as Go marshals it; `[]` when there is none (flux sets an empty list). */
export function historyForYaml(hr: HelmRelease): Json[] {
  const history = (hr.status as { history?: unknown } | undefined)?.history;
  return Array.isArray(history) ? history.map(snapshot) : [];
}

/** YAML as sigs.k8s.io/yaml writes a Go value: through JSON, keys sorted. */
export function goYaml(value: Json): string {
  if (Array.isArray(value) && value.length === 0) return '[]\n';
  if (!Array.isArray(value) && typeof value === 'object' && value !== null && Object.keys(value).length === 0) return '{}\n';
  return marshalYaml(yamlToJson(JSON.stringify(value)));
}
