// install.createNamespace: Helm 4 server-side applies the release namespace, labelled
// name=<namespace>, with the release's field manager (an existing namespace just gets the label).
import type { KubeObject } from '../../cluster/types.js';
import { NAMESPACES } from '../../cluster/core-resources.js';
import { type ActionConfig, fieldManagerOf } from './config.js';


export async function ensureNamespace(cfg: ActionConfig, namespace: string): Promise<void> {
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { name: namespace } } };
  await cfg.cluster.apply(NAMESPACES, ns, { fieldManager: fieldManagerOf(cfg), force: true });
}
