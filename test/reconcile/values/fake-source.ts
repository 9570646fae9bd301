import type { ValuesObject, ValuesObjectKind, ValuesObjectSource } from '../../../src/reconcile/values/index.js';

/** An in-memory set of ConfigMaps and Secrets that counts reads. */
export function fakeSource(objects: Array<{ kind: ValuesObjectKind; name: string; namespace?: string; data?: Record<string, string> }>) {
  const reads: string[] = [];
  const source: ValuesObjectSource = {
    async get(kind, namespace, name): Promise<ValuesObject | undefined> {
      reads.push(`${kind}/${namespace}/${name}`);
      const o = objects.find((x) => x.kind === kind && x.name === name && (x.namespace ?? '') === namespace);
      return o ? { data: { ...(o.data ?? {}) } } : undefined;
    },
  };
  return { source, reads };
}
