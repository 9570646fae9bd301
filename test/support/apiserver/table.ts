// meta.k8s.io/v1 Table responses (what `kubectl get` asks for): custom resources use their
// additionalPrinterColumns, built-ins a Name/Age view of the server's table convertors.
import type { KubeObject } from '../../../src/cluster/types.js';
import { isObject } from './json.js';
import type { PrinterColumn, ResourceDef } from './resources.js';

export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((p) => /;\s*as=Table/.test(p) && /g=meta\.k8s\.io/.test(p));
}

const NAME_COLUMN = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata' };

/** Columns of the few built-ins whose tables tests look at; others show Name and Age. */
const BUILTIN_COLUMNS: Record<string, PrinterColumn[]> = {
  '/namespaces': [{ name: 'Status', type: 'string', jsonPath: '.status.phase' }, AGE],
  '/configmaps': [{ name: 'Data', type: 'integer', jsonPath: '#data' }, AGE],
  '/secrets': [{ name: 'Type', type: 'string', jsonPath: '.type' }, { name: 'Data', type: 'integer', jsonPath: '#data' }, AGE],
  'apps/deployments': [
    { name: 'Ready', type: 'string', jsonPath: '#ready' },
    { name: 'Up-to-date', type: 'integer', jsonPath: '.status.updatedReplicas' },
    { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas' },
    AGE,
  ],
};

function columnsFor(def: ResourceDef, version: string): PrinterColumn[] {
  if (def.custom) {
    const cols = def.versions.find((v) => v.name === version)?.printerColumns;
    return cols && cols.length ? cols : [AGE];
  }
  return BUILTIN_COLUMNS[`${def.group}/${def.plural}`] ?? [AGE];
}

/** Go's duration.HumanDuration, as kubectl shows ages. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(s / 3600);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 730) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** A small JSONPath subset: `.a.b`, `.a[0].b`, `.a[?(@.type=="Ready")].status`. */
export function evalJsonPath(obj: unknown, path: string): unknown[] {
  let cur: unknown[] = [obj];
  const re = /\.([A-Za-z0-9_\-]+)|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_\-]+)\s*==\s*["']([^"']*)["']\)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (m[1] !== undefined) {
        if (isObject(c) && c[m[1]] !== undefined) next.push(c[m[1]]);
      } else if (m[2] !== undefined) {
        if (Array.isArray(c) && c[Number(m[2])] !== undefined) next.push(c[Number(m[2])]);
      } else if (Array.isArray(c)) {
        for (const item of c) if (isObject(item) && String(item[m[3]!]) === m[4]) next.push(item);
      }
    }
    cur = next;
  }
  return cur;
}

function cell(o: KubeObject, col: PrinterColumn, now: number): unknown {
  if (col.jsonPath === '#data') {
    const d = isObject(o['data']) ? Object.keys(o['data']).length : 0;
    const b = isObject(o['binaryData']) ? Object.keys(o['binaryData']).length : 0;
    return d + b;
  }
  if (col.jsonPath === '#ready') {
    const st = isObject(o['status']) ? o['status'] : {};
    const spec = isObject(o['spec']) ? o['spec'] : {};
    return `${Number(st['readyReplicas'] ?? 0)}/${Number(spec['replicas'] ?? 0)}`;
  }
  const vals = evalJsonPath(o, col.jsonPath);
  // Built-in printers show absent counters as 0; CRD columns leave the cell empty.
  if (vals.length === 0) return col.type === 'integer' && col.jsonPath.startsWith('.status.') ? 0 : null;
  const v = vals[0];
  if (col.type === 'date' && typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : humanDuration(now - t);
  }
  if (col.type === 'string' && typeof v !== 'string') return isObject(v) || Array.isArray(v) ? JSON.stringify(v) : String(v);
  return v;
}

export function toTable(
  def: ResourceDef,
  version: string,
  items: KubeObject[],
  meta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  includeObject: string | null,
  now = Date.now(),
): unknown {
  const cols = columnsFor(def, version);
  const columnDefinitions = [
    NAME_COLUMN,
    ...cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })),
  ];
  const rows = items.map((o) => {
    const row: Record<string, unknown> = { cells: [o.metadata.name, ...cols.map((c) => cell(o, c, now))] };
    if (includeObject === 'Object') row['object'] = o;
    else if (includeObject !== 'None') row['object'] = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    return row;
  });
  const metadata: Record<string, unknown> = {};
  if (meta.resourceVersion) metadata['resourceVersion'] = meta.resourceVersion;
  if (meta.continue) metadata['continue'] = meta.continue;
  if (meta.remainingItemCount !== undefined) metadata['remainingItemCount'] = meta.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions, rows };
}
