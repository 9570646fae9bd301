// The objects read from disk, looked up the way the controllers read them from the cluster:
// by kind, namespace and name. An object without a namespace lands in the default namespace
// (the one `-n` names), as `kubectl apply -n` would put it.
import { relative } from 'node:path';
import type { KubeObject } from '../../cluster/types.js';
import { configMapValuesObject, secretValuesObject, type ValuesObjectSource } from '../values/index.js';
import type { LocalObject } from './manifests.js';

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export class LocalObjects {
  private readonly byKey = new Map<string, LocalObject[]>();

  constructor(
    objects: readonly LocalObject[],
    readonly defaultNamespace: string,
    /** The directory the objects were read from, for messages. */
    readonly root: string,
  ) {
    for (const o of objects) {
      const key = this.key(groupOf(o.object.apiVersion), o.object.kind, o.object.metadata.namespace || defaultNamespace, o.object.metadata.name);
      const list = this.byKey.get(key) ?? [];
      list.push(o);
      this.byKey.set(key, list);
    }
  }

  private key(group: string, kind: string, namespace: string, name: string): string {
    return `${group}\u0000${kind}\u0000${namespace}\u0000${name}`;
  }

  /** The object's namespace as the cluster would hold it. */
  namespaceOf(obj: KubeObject): string {
    return obj.metadata.namespace || this.defaultNamespace;
  }

  /** undefined when absent; an error when two files define the same object. */
  find<T extends KubeObject = KubeObject>(group: string, kind: string, namespace: string, name: string): T | undefined {
    const found = this.byKey.get(this.key(group, kind, namespace, name));
    if (!found || found.length === 0) return undefined;
    if (found.length > 1) {
      const files = found.map((f) => relative(this.root, f.file) || f.file).join(', ');
      throw new Error(`${kind} ${namespace}/${name} is defined more than once under ${this.root}: ${files}`);
    }
    const obj = found[0]!.object;
    // Every reader sees the namespace the object would have in the cluster.
    return { ...obj, metadata: { ...obj.metadata, namespace } } as T;
  }

  /** ConfigMaps and Secrets for valuesFrom, as the cluster source reads them. */
  valuesSource(): ValuesObjectSource {
    return {
      get: async (kind, namespace, name) => {
        const obj = this.find('', kind, namespace, name);
        if (!obj) return undefined;
        return kind === 'Secret' ? secretValuesObject(obj) : configMapValuesObject(obj);
      },
    };
  }
}
