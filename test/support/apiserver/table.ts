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

type Obj = Record<string, unknown>;
type Cell = (o: Obj, now: number) => unknown;

/** A column of a built-in table: computed like the apiserver's printers (pkg/printers/internalversion). */
interface BuiltinColumn extends PrinterColumn {
  cell?: Cell;
}

const get = (o: unknown, path: string): unknown => {
  let cur = o;
  for (const k of path.split('.')) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
};
const num = (o: Obj, path: string): number => (typeof get(o, path) === 'number' ? (get(o, path) as number) : 0);
const ageOf = (t: unknown, now: number): string => (typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? humanDuration(now - Date.parse(t)) : '<unknown>');
const col = (name: string, type: string, cell: Cell, priority = 0): BuiltinColumn => ({ name, type, jsonPath: '', cell, priority });
const AGE_CELL = col('Age', 'string', (o, now) => ageOf(get(o, 'metadata.creationTimestamp'), now));
const CREATED_AT = col('Created At', 'date', (o) => get(o, 'metadata.creationTimestamp') ?? null);

function containerReady(o: Obj): string {
  const cs = get(o, 'spec.containers');
  const st = get(o, 'status.containerStatuses');
  const total = Array.isArray(cs) ? cs.length : 0;
  const ready = Array.isArray(st) ? st.filter((c) => isObject(c) && c['ready'] === true).length : 0;
  return `${ready}/${total}`;
}

function servicePorts(o: Obj): string {
  const ports = get(o, 'spec.ports');
  if (!Array.isArray(ports) || ports.length === 0) return '<none>';
  return ports.map((p) => (isObject(p) ? `${p['port']}${p['nodePort'] ? `:${p['nodePort']}` : ''}/${p['protocol'] ?? 'TCP'}` : '')).join(',');
}

function jobStatus(o: Obj): string {
  const conds = get(o, 'status.conditions');
  const has = (t: string): boolean => Array.isArray(conds) && conds.some((c) => isObject(c) && c['type'] === t && c['status'] === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (has('Suspended')) return 'Suspended';
  return 'Running';
}

function eventObject(o: Obj): string {
  const kind = String(get(o, 'involvedObject.kind') ?? '').toLowerCase();
  return `${kind}/${String(get(o, 'involvedObject.name') ?? '')}`;
}

/** Columns of built-ins, after the apiserver's printers; others get Name and Created At. */
const BUILTIN_COLUMNS: Record<string, BuiltinColumn[]> = {
  '/namespaces': [col('Status', 'string', (o) => get(o, 'status.phase') ?? ''), AGE_CELL],
  '/configmaps': [col('Data', 'integer', (o) => Object.keys((get(o, 'data') as Obj | undefined) ?? {}).length + Object.keys((get(o, 'binaryData') as Obj | undefined) ?? {}).length), AGE_CELL],
  '/secrets': [col('Type', 'string', (o) => get(o, 'type') ?? ''), col('Data', 'integer', (o) => Object.keys((get(o, 'data') as Obj | undefined) ?? {}).length), AGE_CELL],
  '/serviceaccounts': [col('Secrets', 'integer', (o) => (Array.isArray(get(o, 'secrets')) ? (get(o, 'secrets') as unknown[]).length : 0)), AGE_CELL],
  '/pods': [
    col('Ready', 'string', containerReady),
    col('Status', 'string', (o) => get(o, 'status.phase') ?? 'Pending'),
    col('Restarts', 'string', (o) => String(Array.isArray(get(o, 'status.containerStatuses')) ? (get(o, 'status.containerStatuses') as Obj[]).reduce((n, c) => n + Number(c['restartCount'] ?? 0), 0) : 0)),
    AGE_CELL,
  ],
  '/services': [
    col('Type', 'string', (o) => get(o, 'spec.type') ?? 'ClusterIP'),
    col('Cluster-IP', 'string', (o) => get(o, 'spec.clusterIP') ?? '<none>'),
    col('External-IP', 'string', () => '<none>'),
    col('Port(s)', 'string', servicePorts),
    AGE_CELL,
  ],
  '/events': [
    col('Last Seen', 'string', (o, now) => ageOf(get(o, 'lastTimestamp') ?? get(o, 'eventTime') ?? get(o, 'metadata.creationTimestamp'), now)),
    col('Type', 'string', (o) => get(o, 'type') ?? ''),
    col('Reason', 'string', (o) => get(o, 'reason') ?? ''),
    col('Object', 'string', eventObject),
    col('Subobject', 'string', (o) => get(o, 'involvedObject.fieldPath') ?? '', 1),
    col('Source', 'string', (o) => [get(o, 'source.component'), get(o, 'source.host')].filter(Boolean).join(', '), 1),
    col('Message', 'string', (o) => get(o, 'message') ?? ''),
    col('First Seen', 'string', (o, now) => ageOf(get(o, 'firstTimestamp') ?? get(o, 'eventTime'), now), 1),
    col('Count', 'string', (o) => String(get(o, 'count') ?? 1), 1),
    { ...col('Name', 'string', (o) => get(o, 'metadata.name') ?? '', 1), format: 'name' },
  ],
  'apps/deployments': [
    col('Ready', 'string', (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`),
    col('Up-to-date', 'integer', (o) => num(o, 'status.updatedReplicas')),
    col('Available', 'integer', (o) => num(o, 'status.availableReplicas')),
    AGE_CELL,
  ],
  'apps/statefulsets': [col('Ready', 'string', (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`), AGE_CELL],
  'apps/replicasets': [
    col('Desired', 'integer', (o) => num(o, 'spec.replicas')),
    col('Current', 'integer', (o) => num(o, 'status.replicas')),
    col('Ready', 'integer', (o) => num(o, 'status.readyReplicas')),
    AGE_CELL,
  ],
  'apps/daemonsets': [
    col('Desired', 'integer', (o) => num(o, 'status.desiredNumberScheduled')),
    col('Current', 'integer', (o) => num(o, 'status.currentNumberScheduled')),
    col('Ready', 'integer', (o) => num(o, 'status.numberReady')),
    col('Up-to-date', 'integer', (o) => num(o, 'status.updatedNumberScheduled')),
    col('Available', 'integer', (o) => num(o, 'status.numberAvailable')),
    col('Node Selector', 'string', (o) => Object.entries((get(o, 'spec.template.spec.nodeSelector') as Obj | undefined) ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',') || '<none>'),
    AGE_CELL,
  ],
  'batch/jobs': [
    col('Status', 'string', jobStatus),
    col('Completions', 'string', (o) => `${num(o, 'status.succeeded')}/${get(o, 'spec.completions') ?? 1}`),
    col('Duration', 'string', (o, now) => {
      const start = get(o, 'status.startTime');
      if (typeof start !== 'string') return '';
      const end = get(o, 'status.completionTime');
      return humanDuration((typeof end === 'string' ? Date.parse(end) : now) - Date.parse(start));
    }),
    AGE_CELL,
  ],
  'coordination.k8s.io/leases': [col('Holder', 'string', (o) => get(o, 'spec.holderIdentity') ?? ''), AGE_CELL],
  'apiextensions.k8s.io/customresourcedefinitions': [CREATED_AT],
  'rbac.authorization.k8s.io/roles': [CREATED_AT],
  'rbac.authorization.k8s.io/clusterroles': [CREATED_AT],
};

function columnsFor(def: ResourceDef, version: string): BuiltinColumn[] {
  if (def.custom) {
    const cols = def.versions.find((v) => v.name === version)?.printerColumns;
    return cols && cols.length ? cols : [AGE];
  }
  return BUILTIN_COLUMNS[`${def.group}/${def.plural}`] ?? [AGE_CELL];
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

function cell(o: KubeObject, col: BuiltinColumn, now: number): unknown {
  if (col.cell) return col.cell(o as unknown as Obj, now);
  const vals = evalJsonPath(o, col.jsonPath);
  if (vals.length === 0) return null;
  const v = vals[0];
  if (col.type === 'date') {
    if (typeof v !== 'string') return null;
    const t = Date.parse(v);
    return Number.isNaN(t) ? '<invalid>' : humanDuration(now - t);
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
  // Tables lead with Name, except where the printer places it itself (Events).
  const ownName = cols.some((c) => c.format === 'name');
  const columnDefinitions = [
    ...(ownName ? [] : [NAME_COLUMN]),
    ...cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? (def.custom ? `Custom resource definition column (in JSONPath format): ${c.jsonPath}` : ''),
      priority: c.priority ?? 0,
    })),
  ];
  const rows = items.map((o) => {
    const row: Record<string, unknown> = { cells: [...(ownName ? [] : [o.metadata.name]), ...cols.map((c) => cell(o, c, now))] };
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
