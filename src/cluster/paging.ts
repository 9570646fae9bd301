// Page-wise listing over any Cluster: uses listPages when the implementation has it.
import type { Cluster, KubeObject, ListOptions, ObjectList, ResourceRef } from './types.js';

export async function* listInPages<T extends KubeObject>(cluster: Cluster, res: ResourceRef, opts: ListOptions = {}): AsyncIterable<ObjectList<T>> {
  if (cluster.listPages) {
    yield* cluster.listPages<T>(res, opts);
    return;
  }
  yield await cluster.list<T>(res, opts);
}
