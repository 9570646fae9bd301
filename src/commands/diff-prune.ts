// What an upgrade to the build would delete: the objects of the release's current manifest that
// the build no longer renders (Helm's `original.Difference(target)`: same group, kind, namespace
// and name, whatever the API version), that still exist, and whose live object does not say
// `helm.sh/resource-policy: keep`. Listed as flux diff lists a Kustomization's stale inventory:
// `► Kind/ns/name deleted`, sorted as fluxcd/pkg ssa sorts objects.
import type { Cluster, KubeObject } from '../cluster/types.js';
import { currentObjects, isKeep } from '../helm/action/sync.js';
import { ReleaseStorage } from '../helm/release/storage.js';
import type { Release } from '../helm/release/types.js';
import { compareBytes } from '../helm/manifest/kind-order.js';

/** fluxcd/pkg ssa ReconcileOrder: the kinds that sort first, and the ones that sort last. */
const ORDER_FIRST = [
  'CustomResourceDefinition', 'Namespace', 'ClusterClass', 'RuntimeClass', 'PriorityClass', 'StorageClass',
  'VolumeSnapshotClass', 'IngressClass', 'GatewayClass', 'ResourceQuota', 'ServiceAccount', 'Role',
  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Service', 'LimitRange',
  'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** ssa's kind index: the first kinds negative, unknown kinds 0, the last kinds positive. */
function kindIndex(kind: string): number {
  const first = ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first - ORDER_FIRST.length;
  const last = ORDER_LAST.indexOf(kind);
  return last >= 0 ? last + 1 : 0;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}


/** ssa.SortableUnstructureds: kind order, then group, kind, namespace and name. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  const [ga, gb] = [groupOf(a.apiVersion), groupOf(b.apiVersion)];
  if (ga !== gb || a.kind !== b.kind) {
    const [ia, ib] = [kindIndex(a.kind), kindIndex(b.kind)];
    if (ia !== ib) return ia - ib;
    if (ga !== gb) return compareBytes(ga, gb);
    return compareBytes(a.kind, b.kind);
  }
  const [na, nb] = [a.metadata.namespace ?? '', b.metadata.namespace ?? ''];
  if (na !== nb) return compareBytes(na, nb);
  return compareBytes(a.metadata.name, b.metadata.name);
}

/** ssa FmtUnstructured: `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object. */
export function objectSubject(o: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`;
}

/** Helm's isMatchingInfo key: group, kind, namespace and name (not the version). */
function matchKey(o: KubeObject): string {
  return `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The release an upgrade diffs against: the deployed revision, else the latest one. */
export async function currentRelease(storage: ReleaseStorage, name: string): Promise<Release | undefined> {
  return (await storage.deployed(name)) ?? (await storage.last(name));
}

export interface PruneQuery {
  releaseName: string;
  /** Where the objects of the release live (targetNamespace or the HelmRelease namespace). */
  releaseNamespace: string;
  /** Where Helm stores the release (storageNamespace or the HelmRelease namespace). */
  storageNamespace: string;
  /** The objects the build renders, namespaces filled in. */
  target: readonly KubeObject[];
}

/** The live objects an upgrade to `target` would delete, in ssa order. */
export async function prunedObjects(cluster: Cluster, q: PruneQuery): Promise<KubeObject[]> {
  const storage = new ReleaseStorage(cluster, q.storageNamespace);
  const current = await currentRelease(storage, q.releaseName);
  if (!current) return [];
  const wanted = new Set(q.target.map(matchKey));
  const out: KubeObject[] = [];
  for (const o of await currentObjects({ cluster, storage }, current.manifest, q.releaseNamespace)) {
    if (wanted.has(matchKey(o.object))) continue;
    const live = await cluster.tryGet(o.ref, o.object.metadata.name, o.object.metadata.namespace);
    if (live === undefined || isKeep(live.metadata.annotations)) continue;
    out.push(o.object);
  }
  return out.sort(compareObjects);
}
