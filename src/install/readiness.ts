// Waiting for what install applied: CRDs Established (before their objects can be used) and
// the controller Deployment rolled out. Polls through the Cluster, bounded by a signal.
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import type { CustomResourceDefinition } from './crds/types.js';
import { sleepUnlessAborted } from '../cluster/sleep.js';

export const CRD_RESOURCE: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false };
export const DEPLOYMENT_RESOURCE: ResourceRef = { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true };

export function crdEstablished(crd: CustomResourceDefinition | undefined): boolean {
  return crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') === true;
}

interface DeploymentShape extends KubeObject {
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number; readyReplicas?: number };
}

/** kstatus Current for a Deployment: the new generation observed and every replica updated and available. */
export function deploymentReady(dep: KubeObject | undefined): boolean {
  if (!dep) return false;
  const d = dep as DeploymentShape;
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && (s.updatedReplicas ?? 0) >= want && (s.availableReplicas ?? 0) >= want && (s.replicas ?? 0) <= want;
}

/** Polls `check` every `intervalMs` until true; false when the signal aborts first. */
export async function pollUntil(check: () => Promise<boolean>, signal: AbortSignal, intervalMs: number): Promise<boolean> {
  for (;;) {
    if (await check()) return true;
    if (signal.aborted) return false;
    await sleepUnlessAborted(intervalMs, signal);
    if (signal.aborted) return check();
  }
}

export function waitCrdsEstablished(cluster: Cluster, names: readonly string[], signal: AbortSignal, intervalMs = 500): Promise<boolean> {
  return pollUntil(async () => {
    for (const name of names) {
      if (!crdEstablished(await cluster.tryGet<CustomResourceDefinition>(CRD_RESOURCE, name))) return false;
    }
    return true;
  }, signal, intervalMs);
}

export function waitDeploymentReady(cluster: Cluster, name: string, namespace: string, signal: AbortSignal, intervalMs = 2000): Promise<boolean> {
  return pollUntil(async () => deploymentReady(await cluster.tryGet(DEPLOYMENT_RESOURCE, name, namespace)), signal, intervalMs);
}
