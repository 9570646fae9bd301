// Waiting for what install applied: CRDs Established (before their objects can be used) and
// the controller Deployment rolled out. Polls through the Cluster, bounded by a signal. A
// Deployment is ready as `flux install` and `flux check` judge it: kstatus Current (their status
// checker polls kstatus), the same computeStatus Helm's wait uses.
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import { computeStatus } from '../helm/kstatus/status.js';
import type { CustomResourceDefinition } from './crds/types.js';
import { sleepUnlessAborted } from '../cluster/sleep.js';

export const CRD_RESOURCE: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false };
export const DEPLOYMENT_RESOURCE: ResourceRef = { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true };

export function crdEstablished(crd: CustomResourceDefinition | undefined): boolean {
  return crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') === true;
}

/** kstatus Current: the rollout observed, every replica updated, ready and available. */
export function deploymentReady(dep: KubeObject | undefined): boolean {
  return computeStatus(dep).status === 'Current';
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
