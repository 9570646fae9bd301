// Where valuesFrom objects come from: the cluster, or (for `build`) manifests read from disk.
import type { Cluster, KubeObject } from '../../cluster/types.js';
import { CONFIGMAPS, SECRETS } from '../../cluster/core-resources.js';

export type ValuesObjectKind = 'Secret' | 'ConfigMap';

/** The data of a ConfigMap, or of a Secret with its values already base64-decoded. */
export interface ValuesObject {
  data: Record<string, string>;
}

export interface ValuesObjectSource {
  /** undefined when the object does not exist; other failures throw. */
  get(kind: ValuesObjectKind, namespace: string, name: string): Promise<ValuesObject | undefined>;
}


/** Reads Secret `data` (base64) and ConfigMap `data` (Flux ignores `binaryData`) through the Cluster client. */
export function clusterValuesSource(cluster: Cluster): ValuesObjectSource {
  return {
    async get(kind, namespace, name) {
      const obj = await cluster.tryGet<KubeObject>(kind === 'Secret' ? SECRETS : CONFIGMAPS, name, namespace);
      if (!obj) return undefined;
      return kind === 'Secret' ? secretValuesObject(obj) : configMapValuesObject(obj);
    },
  };
}

export function secretValuesObject(obj: KubeObject): ValuesObject {
  const data: Record<string, string> = {};
  const raw = obj['data'];
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof v === 'string') data[k] = Buffer.from(v, 'base64').toString('utf8');
    }
  }
  // stringData only exists in manifests (the API server folds it into data).
  const sd = obj['stringData'];
  if (sd && typeof sd === 'object') {
    for (const [k, v] of Object.entries(sd as Record<string, unknown>)) if (typeof v === 'string') data[k] = v;
  }
  return { data };
}

export function configMapValuesObject(obj: KubeObject): ValuesObject {
  const data: Record<string, string> = {};
  const raw = obj['data'];
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string') data[k] = v;
  }
  return { data };
}

/** Kubernetes' NotFound message, which Flux wraps into the values reference error. */
export function notFoundMessage(kind: ValuesObjectKind, name: string): string {
  return `${kind === 'Secret' ? 'secrets' : 'configmaps'} "${name}" not found`;
}
