// How merges and field ownership see each part of an object: which objects are structs (named
// fields), maps (arbitrary keys) or atomic, and which lists are associative (merged by key),
// sets, or atomic. Custom resources read it from their schema (x-kubernetes-list-type, ...);
// built-ins use the patch-merge keys their Go types declare.
import { type JsonSchema, schemaAt } from './schema.js';

export type ListType = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: string[] };
export type ObjectType = 'struct' | 'map' | 'atomic';

/** Paths are field names, with '[]' standing for "an item of this list". */
export interface FieldTypes {
  listType(path: readonly string[]): ListType;
  objectType(path: readonly string[]): ObjectType;
  /** Value assumed for a missing key field (containerPort lists key on protocol, default TCP). */
  keyDefault(path: readonly string[], key: string): unknown;
}

const META_LISTS: Record<string, ListType> = {
  finalizers: { type: 'set' },
  ownerReferences: { type: 'map', keys: ['uid'] },
};

function metadataTypes(path: readonly string[]): { list?: ListType; object?: ObjectType } | undefined {
  if (path[0] !== 'metadata') return undefined;
  if (path.length === 2 && META_LISTS[path[1]!]) return { list: META_LISTS[path[1]!] };
  if (path.length === 2 && (path[1] === 'labels' || path[1] === 'annotations')) return { object: 'map' };
  if (path.length === 1) return { object: 'struct' };
  return undefined;
}

/** Map-valued fields of built-in kinds: their keys are data, not schema fields. */
const BUILTIN_MAP_FIELDS = new Set([
  'labels',
  'annotations',
  'data',
  'binaryData',
  'stringData',
  'matchLabels',
  'nodeSelector',
  'limits',
  'requests',
  'capacity',
  'allocatable',
  'parameters',
]);

/** Associative lists of built-in kinds, by field name (and parent, where it matters). */
function builtinList(path: readonly string[]): ListType {
  const name = path[path.length - 1]!;
  const parent = path[path.length - 2];
  switch (name) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return { type: 'map', keys: ['name'] };
    case 'volumeMounts':
      return { type: 'map', keys: ['mountPath'] };
    case 'volumeDevices':
      return { type: 'map', keys: ['devicePath'] };
    case 'ports':
      // Container ports key on containerPort+protocol; Service ports on port+protocol.
      if (parent === '[]') return { type: 'map', keys: ['containerPort', 'protocol'] };
      if (parent === 'spec') return { type: 'map', keys: ['port', 'protocol'] };
      return { type: 'atomic' };
    case 'conditions':
      return { type: 'map', keys: ['type'] };
    case 'hostAliases':
      return { type: 'map', keys: ['ip'] };
    case 'topologySpreadConstraints':
      return { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] };
    case 'finalizers':
      return { type: 'set' };
    default:
      return { type: 'atomic' };
  }
}

export const builtinFieldTypes: FieldTypes = {
  listType(path) {
    return metadataTypes(path)?.list ?? builtinList(path);
  },
  objectType(path) {
    const m = metadataTypes(path)?.object;
    if (m) return m;
    const name = path[path.length - 1];
    if (name !== undefined && BUILTIN_MAP_FIELDS.has(name)) return 'map';
    // A Service's spec.selector is a label map; a workload's spec.selector is a LabelSelector.
    if (name === 'selector' && path.length === 2 && path[0] === 'spec') return 'struct';
    return 'struct';
  },
  keyDefault(_path, key) {
    return key === 'protocol' ? 'TCP' : undefined;
  },
};

export function schemaFieldTypes(schema: JsonSchema | undefined): FieldTypes {
  return {
    listType(path) {
      const meta = metadataTypes(path);
      if (meta?.list) return meta.list;
      const s = schemaAt(schema, path);
      if (!s) return { type: 'atomic' };
      const t = s['x-kubernetes-list-type'];
      if (t === 'map') return { type: 'map', keys: s['x-kubernetes-list-map-keys'] ?? [] };
      if (t === 'set') return { type: 'set' };
      return { type: 'atomic' };
    },
    objectType(path) {
      const meta = metadataTypes(path);
      if (meta?.object) return meta.object;
      const s = schemaAt(schema, path);
      // Unknown (preserved) subtrees are deduced maps: every key is data.
      if (!s) return 'map';
      if (s['x-kubernetes-map-type'] === 'atomic') return 'atomic';
      if (s.properties) return 'struct';
      return 'map';
    },
    keyDefault(path, key) {
      const s = schemaAt(schema, [...path, '[]', key]);
      return s?.default;
    },
  };
}
