// A Kubernetes object as kustomize holds it: a JSON object (kustomize's transformers see the same
// data its JSON form has), with accessors for its identity and metadata.
import { splitApiVersion } from '../cluster/paths.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A problem with a resource or a patch; the message is one line naming the object. */
export class KustomizeError extends Error {
  override readonly name = 'KustomizeError';
}

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export function gvkOf(obj: JsonObject): Gvk {
  return {
    ...splitApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : ''),
    kind: typeof obj.kind === 'string' ? obj.kind : '',
  };
}

function metadata(obj: JsonObject): JsonObject | undefined {
  return isObject(obj.metadata) ? obj.metadata : undefined;
}

export function nameOf(obj: JsonObject): string {
  const n = metadata(obj)?.name;
  return typeof n === 'string' ? n : '';
}

export function namespaceOf(obj: JsonObject): string {
  const n = metadata(obj)?.namespace;
  return typeof n === 'string' ? n : '';
}

/** labels or annotations as a string map (non-string values as kustomize reads them: skipped). */
export function stringMapOf(obj: JsonObject, field: 'labels' | 'annotations'): Record<string, string> {
  const m = metadata(obj)?.[field];
  const out: Record<string, string> = {};
  if (!isObject(m)) return out;
  for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** kustomize's ResId string, used in its messages: `Kind.version.group/name.namespace`. */
export function idOf(obj: JsonObject): string {
  const { group, version, kind } = gvkOf(obj);
  const gvk = [kind || '[noKind]', version || '[noVer]', group || '[noGrp]'].join('.');
  return `${gvk}/${nameOf(obj) || '[noName]'}.${namespaceOf(obj) || '[noNs]'}`;
}

/** `kind/name` (with the namespace when set), for one-line error messages. */
export function describe(obj: JsonObject): string {
  const ns = namespaceOf(obj);
  return `${gvkOf(obj).kind || 'object'} ${ns ? `${ns}/` : ''}${nameOf(obj)}`;
}

/** Sets metadata.<field>.<key> for every pair, creating the maps when missing. */
export function setMetadataStrings(obj: JsonObject, field: 'labels' | 'annotations', pairs: Readonly<Record<string, string>>): void {
  let md = obj.metadata;
  if (!isObject(md)) {
    md = {};
    obj.metadata = md;
  }
  let m = md[field];
  if (!isObject(m)) {
    m = {};
    md[field] = m;
  }
  for (const [k, v] of Object.entries(pairs)) m[k] = v;
}
