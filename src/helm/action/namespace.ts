// install.createNamespace: Helm creates the release namespace, labelled name=<namespace>,
// when it does not exist.
import type { KubeObject, ResourceRef } from '../../cluster/types.js';
import type { ActionConfig } from './config.js';

const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };

export async function ensureNamespace(cfg: ActionConfig, namespace: string): Promise<void> {
  if (await cfg.cluster.tryGet(NAMESPACES, namespace)) return;
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { name: namespace } } };
  try {
    await cfg.cluster.create(NAMESPACES, ns);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 409) throw e;
  }
}
