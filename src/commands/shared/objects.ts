// Finding Flux objects by name the way flux's verbs do (a LIST with the field selector
// metadata.name=<name> in the namespace), at whatever version of the kind the cluster serves.
import type { Cluster, KubeObject } from '../../cluster/types.js';
import type { FluxKind } from '../../kinds/kind.js';
import { listKind, listKindPages } from '../../kinds/served.js';

/** The object named `name` in `namespace`, or undefined. */
export async function findNamed<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, name: string, namespace: string): Promise<T | undefined> {
  for await (const page of listKindPages(cluster, kind, { namespace, fieldSelector: `metadata.name=${name}` })) {
    const found = page.items.find((o) => o.metadata.name === name);
    if (found) return found;
  }
  return undefined;
}

/** Every object of the kind in `namespace` (suspend/resume --all). */
export async function listAll<T extends KubeObject>(cluster: Cluster, kind: FluxKind<T>, namespace: string | undefined): Promise<T[]> {
  return listKind(cluster, kind, namespace ? { namespace } : {});
}
