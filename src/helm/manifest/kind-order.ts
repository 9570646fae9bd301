// Helm's install and uninstall orders by kind (pkg/release/v1/util/kind_sorter.go).
import { compareGoStrings } from '../../gotemplate/fmt.js';

export type KindSortOrder = readonly string[];

export const INSTALL_ORDER: KindSortOrder = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
];

export const UNINSTALL_ORDER: KindSortOrder = [
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'Ingress',
  'IngressClass', 'Service', 'CronJob', 'Job', 'StatefulSet', 'HorizontalPodAutoscaler', 'Deployment',
  'ReplicaSet', 'ReplicationController', 'Pod', 'DaemonSet', 'RoleBindingList', 'RoleBinding', 'RoleList',
  'Role', 'ClusterRoleBindingList', 'ClusterRoleBinding', 'ClusterRoleList', 'ClusterRole',
  'CustomResourceDefinition', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ConfigMap',
  'SecretList', 'Secret', 'ServiceAccount', 'PodDisruptionBudget', 'PodSecurityPolicy', 'LimitRange',
  'ResourceQuota', 'NetworkPolicy', 'Namespace', 'PriorityClass',
];

/**
 * Stable sort by kind: known kinds in the given order, then unknown kinds alphabetically
 * (Go compares strings bytewise); items of the same kind keep their input order.
 */
export function sortByKind<T>(items: readonly T[], kindOf: (item: T) => string, order: KindSortOrder): T[] {
  const rank = new Map<string, number>();
  order.forEach((k, i) => rank.set(k, i));
  // Each item's rank looked up once (-1: unknown kind), not twice per comparison.
  const indexed = items.map((item, i) => {
    const kind = kindOf(item);
    return { item, i, kind, rank: rank.get(kind) ?? -1 };
  });
  indexed.sort((a, b) => {
    const ra = a.rank;
    const rb = b.rank;
    if (ra < 0 && rb < 0) {
      if (a.kind !== b.kind) return compareBytes(a.kind, b.kind);
      return a.i - b.i;
    }
    if (ra < 0) return 1;
    if (rb < 0) return -1;
    return ra - rb || a.i - b.i;
  });
  return indexed.map((x) => x.item);
}

const SURROGATE = /[\ud800-\udfff]/;

/** Whether `s` holds a surrogate: only then do code-unit and UTF-8 byte order differ. */
export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/**
 * Go's string comparison: by UTF-8 bytes, which for valid strings is by code point. UTF-16
 * code units sort the same way except a surrogate (a code point above U+FFFF) against
 * U+E000-U+FFFF, which compareGoStrings handles; without surrogates the native code-unit
 * comparison is already the byte order, and much faster on the sort's hot path.
 * Sorting 500 template paths cold: Buffers ~11-14 ms, unit loop ~4-5 ms, native `<` ~0.6 ms.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  return Math.sign(compareGoStrings(a, b));
}
