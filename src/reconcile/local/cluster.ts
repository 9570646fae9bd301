// A read-only Cluster over manifests on disk, so the chart-source code that reads sources and
// their Secrets through the Cluster interface runs unchanged offline. Writes are refused:
// offline commands must never look as if they changed something.
import { notFoundMessage } from '../../cluster/errors.js';
import type { Cluster, KubeObject, ObjectList, ResourceRef, WatchEvent } from '../../cluster/types.js';
import type { LocalObjects } from './objects.js';

function notFound(res: ResourceRef, name: string): Error {
  return Object.assign(new Error(notFoundMessage(res, name)), { statusCode: 404 });
}

function offline(what: string): never {
  throw new Error(`cannot ${what}: working offline from manifests on disk`);
}

export function localCluster(objects: LocalObjects): Cluster {
  const tryGet = async <T extends KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T | undefined> =>
    objects.find<T>(res.group, res.kind, namespace ?? objects.defaultNamespace, name);
  return {
    server: `file://${objects.root}`,
    tryGet,
    async get<T extends KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T> {
      const obj = await tryGet<T>(res, name, namespace);
      if (!obj) throw notFound(res, name);
      return obj;
    },
    async list<T extends KubeObject>(): Promise<ObjectList<T>> {
      return offline('list objects');
    },
    // eslint-disable-next-line require-yield
    async *watch<T extends KubeObject>(): AsyncIterable<WatchEvent<T>> {
      offline('watch objects');
    },
    create: async () => offline('create objects'),
    replace: async () => offline('replace objects'),
    delete: async () => offline('delete objects'),
    mergePatch: async () => offline('patch objects'),
    statusPatch: async () => offline('patch status'),
    apply: async () => offline('apply objects'),
    resourceFor: async () => offline('discover API resources'),
    serverVersion: async () => offline('ask the server version'),
  };
}
