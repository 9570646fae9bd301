// Server-side apply of the install manifests with flux's change set: each object is first
// applied as a server dry run and compared with what is there, so an unchanged object is
// reported `unchanged` without a write; CRDs and the Namespace go first (stage one), as
// fluxcd/pkg ssa applies cluster definitions before the objects that need them.
import type { Cluster, KubeObject } from '../cluster/types.js';
import { FIELD_MANAGER } from './options.js';

export type ChangeAction = 'created' | 'configured' | 'unchanged';

export interface ChangeSetEntry {
  subject: string;
  action: ChangeAction;
  object: KubeObject;
}

/** `<Kind>/<ns>/<name>`, or `<Kind>/<name>` for cluster-scoped objects (ssa/utils FmtUnstructured). */
export function subjectOf(obj: KubeObject): string {
  const { name, namespace } = obj.metadata;
  return namespace ? `${obj.kind}/${namespace}/${name}` : `${obj.kind}/${name}`;
}

export function formatEntry(entry: ChangeSetEntry, dryRun: boolean): string {
  return `${entry.subject} ${entry.action}${dryRun ? ' (server dry run)' : ''}`;
}

const KIND_ORDER = ['CustomResourceDefinition', 'Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'NetworkPolicy'];

/** Stage one (CRDs, Namespaces) then the rest, each by kind order then name. */
export function applyOrder(objects: readonly KubeObject[]): KubeObject[][] {
  const rank = (o: KubeObject) => {
    const i = KIND_ORDER.indexOf(o.kind);
    return i === -1 ? KIND_ORDER.length : i;
  };
  const sorted = [...objects].sort((a, b) => rank(a) - rank(b) || a.metadata.name.localeCompare(b.metadata.name));
  const first = (o: KubeObject) => o.kind === 'CustomResourceDefinition' || o.kind === 'Namespace';
  return [sorted.filter(first), sorted.filter((o) => !first(o))];
}

const SERVER_OWNED_META = ['managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid'] as const;

/** The object without the fields the server owns, for comparing two states of it. */
function comparable(obj: KubeObject): unknown {
  const { status: _status, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = { ...metadata };
  for (const key of SERVER_OWNED_META) delete meta[key];
  return canonical({ ...rest, metadata: meta });
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

export async function applyObject(cluster: Cluster, obj: KubeObject, dryRun: boolean): Promise<ChangeSetEntry> {
  const res = await cluster.resourceFor(obj.apiVersion, obj.kind);
  const ns = res.namespaced ? obj.metadata.namespace : undefined;
  const existing = await cluster.tryGet(res, obj.metadata.name, ns);
  const opts = { fieldManager: FIELD_MANAGER, force: true };
  const preview = await cluster.apply(res, obj, { ...opts, dryRun: true });
  const subject = subjectOf(obj);
  if (existing && JSON.stringify(comparable(existing)) === JSON.stringify(comparable(preview))) {
    return { subject, action: 'unchanged', object: existing };
  }
  const applied = dryRun ? preview : await cluster.apply(res, obj, opts);
  return { subject, action: existing ? 'configured' : 'created', object: applied };
}

/** Applies stage by stage; `onEntry` sees each result as it happens (flux prints the set per stage). */
export async function applyAll(
  cluster: Cluster,
  objects: readonly KubeObject[],
  opts: { dryRun: boolean; onEntry?: (e: ChangeSetEntry) => void; afterStage?: (stage: ChangeSetEntry[]) => Promise<void> },
): Promise<ChangeSetEntry[]> {
  const all: ChangeSetEntry[] = [];
  // A dry run cannot create the Namespace, so the server refuses objects inside it; they cannot
  // exist yet either, so they are reported as created without asking.
  const newNamespaces = new Set<string>();
  for (const stage of applyOrder(objects)) {
    const done: ChangeSetEntry[] = [];
    for (const obj of stage) {
      const inNewNamespace = opts.dryRun && obj.metadata.namespace !== undefined && newNamespaces.has(obj.metadata.namespace);
      const entry = inNewNamespace ? { subject: subjectOf(obj), action: 'created' as const, object: obj } : await applyObject(cluster, obj, opts.dryRun);
      if (obj.kind === 'Namespace' && entry.action === 'created') newNamespaces.add(obj.metadata.name);
      opts.onEntry?.(entry);
      done.push(entry);
    }
    all.push(...done);
    if (opts.afterStage) await opts.afterStage(done);
  }
  return all;
}
