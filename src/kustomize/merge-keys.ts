// Which lists a strategic merge patch merges, and by which key: the `x-kubernetes-patch-merge-key`
// / `patchStrategy: merge` facts of the Kubernetes API types kustomize's built-in schema carries.
// Objects of other API groups (custom resources) have no schema there: their lists are replaced.
import type { Gvk } from './resource.js';

/** API groups of the built-in Kubernetes types. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'apiregistration.k8s.io',
  'resource.k8s.io',
]);

/**
 * `extraKeys`: the further `x-kubernetes-list-map-keys` (ports: protocol). When some element
 * carries them, kyaml matches on all keys and keeps the list's order (new elements first);
 * otherwise it matches on `key` alone and puts the patch's elements first.
 */
export type ListStrategy = { kind: 'replace' } | { kind: 'merge-key'; key: string; extraKeys?: string[] } | { kind: 'merge-primitive' };

const REPLACE: ListStrategy = { kind: 'replace' };

const BY_FIELD: Record<string, ListStrategy> = {
  containers: { kind: 'merge-key', key: 'name' },
  initContainers: { kind: 'merge-key', key: 'name' },
  ephemeralContainers: { kind: 'merge-key', key: 'name' },
  env: { kind: 'merge-key', key: 'name' },
  volumeMounts: { kind: 'merge-key', key: 'mountPath' },
  volumeDevices: { kind: 'merge-key', key: 'devicePath' },
  volumes: { kind: 'merge-key', key: 'name' },
  imagePullSecrets: { kind: 'merge-key', key: 'name' },
  hostAliases: { kind: 'merge-key', key: 'ip' },
  topologySpreadConstraints: { kind: 'merge-key', key: 'topologyKey', extraKeys: ['whenUnsatisfiable'] },
  resourceClaims: { kind: 'merge-key', key: 'name' },
  schedulingGates: { kind: 'merge-key', key: 'name' },
  ownerReferences: { kind: 'merge-key', key: 'uid' },
  conditions: { kind: 'merge-key', key: 'type' },
  webhooks: { kind: 'merge-key', key: 'name' },
  finalizers: { kind: 'merge-primitive' },
};

/**
 * The strategy for the list at `field`, whose parent map sits under `parentField` (the list
 * field holding it for list elements), in an object of `gvk`.
 */
export function listStrategy(gvk: Gvk, path: readonly string[], field: string): ListStrategy {
  if (!BUILTIN_GROUPS.has(gvk.group)) return REPLACE;
  if (field === 'ports') {
    // Container ports merge on containerPort; a Service's on port.
    const parent = path[path.length - 1];
    if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') return { kind: 'merge-key', key: 'containerPort', extraKeys: ['protocol'] };
    if (gvk.kind === 'Service' && path.length === 1 && path[0] === 'spec') return { kind: 'merge-key', key: 'port', extraKeys: ['protocol'] };
    return REPLACE;
  }
  if (gvk.kind === 'ServiceAccount' && path.length === 0) {
    // ServiceAccount.secrets merges on name; its imagePullSecrets (unlike a pod's) is atomic.
    if (field === 'secrets') return { kind: 'merge-key', key: 'name' };
    if (field === 'imagePullSecrets') return REPLACE;
  }
  if (field === 'finalizers' && !(path.length === 1 && path[0] === 'metadata')) return REPLACE;
  return BY_FIELD[field] ?? REPLACE;
}
