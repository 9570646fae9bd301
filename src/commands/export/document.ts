// `export`: one object as flux prints it, i.e. a fresh object of the Go type (apiVersion, kind,
// name, namespace, labels, annotations, spec) marshalled by sigs.k8s.io/yaml. The spec comes
// from the API server, which already pruned unknown fields and applied the CRD defaults; what
// the Go types still change is done here: durations in Go's form (`5m` → `5m0s`) and omitempty
// fields holding their zero value left out. User data (`values`, post-renderer patches) is kept
// as it is.
import type { KubeObject } from '../../cluster/types.js';
import { formatGoDuration, parseGoDuration } from '../../cli/duration.js';
import { marshalYaml, yamlToJson } from '../../helm/yaml/index.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DURATION_KEYS = new Set(['interval', 'timeout']);
/** Raw user data: never normalised. */
const OPAQUE_KEYS = new Set(['values', 'postRenderers']);
/** Pointer fields in the Go types: their zero value is still printed. */
const POINTER_KEYS = new Set(['maxHistory', 'remediateLastFailure', 'ignoreTestFailures', 'persistentClient', 'serverSideApply']);

function isZeroScalar(v: Json): boolean {
  return v === false || v === 0 || v === '' || v === null;
}

function normalise(value: Json, key: string | undefined): Json | undefined {
  if (key !== undefined && OPAQUE_KEYS.has(key)) return value;
  if (Array.isArray(value)) return value.map((v) => normalise(v, undefined) ?? null);
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(v, k);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  if (key !== undefined && isZeroScalar(value) && !POINTER_KEYS.has(key)) return undefined;
  if (key !== undefined && DURATION_KEYS.has(key) && typeof value === 'string') {
    try {
      return formatGoDuration(parseGoDuration(value));
    } catch {
      return value;
    }
  }
  return value;
}

/** The exported object, before marshalling. */
export function exportObject(obj: KubeObject, apiVersion: string): { [key: string]: Json } {
  const meta: { [key: string]: Json } = { name: obj.metadata.name };
  if (obj.metadata.namespace) meta.namespace = obj.metadata.namespace;
  if (obj.metadata.labels && Object.keys(obj.metadata.labels).length > 0) meta.labels = obj.metadata.labels;
  if (obj.metadata.annotations && Object.keys(obj.metadata.annotations).length > 0) meta.annotations = obj.metadata.annotations;
  const spec = (obj as { spec?: Json }).spec;
  return {
    apiVersion,
    kind: obj.kind ?? '',
    metadata: meta,
    ...(spec !== undefined ? { spec: normalise(spec, 'spec') ?? {} } : { spec: {} }),
  };
}

/** flux's printExport: `---` then the YAML, trimmed, each on its own line. */
export function exportDocument(obj: KubeObject, apiVersion: string): string {
  const yaml = marshalYaml(yamlToJson(JSON.stringify(exportObject(obj, apiVersion))));
  return `---\n${yaml.trim()}\n`;
}
