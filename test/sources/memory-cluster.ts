// A Cluster over an in-memory object map: enough for source resolution (reads, apply and
// status patches). Calls the sources never make throw, so a test notices if that changes.
import type { Cluster, KubeObject, ObjectList, ResourceRef } from '../../src/cluster/types.js';

const key = (res: ResourceRef, ns: string | undefined, name: string): string => `${res.group}/${res.version}/${res.plural}/${ns ?? ''}/${name}`;

export class MemoryCluster implements Cluster {
  readonly server = 'memory://';
  readonly objects = new Map<string, KubeObject>();
  readonly reads: string[] = [];

  put(res: ResourceRef, obj: KubeObject): void {
    this.objects.set(key(res, obj.metadata.namespace, obj.metadata.name), structuredClone(obj));
  }

  async get<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T> {
    const obj = await this.tryGet<T>(res, name, namespace);
    if (obj === undefined) throw new Error(`${res.plural} "${name}" not found`);
    return obj;
  }
  async tryGet<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
    this.reads.push(`${res.kind} ${namespace}/${name}`);
    const obj = this.objects.get(key(res, namespace, name));
    return obj === undefined ? undefined : (structuredClone(obj) as T);
  }
  async apply<T extends KubeObject = KubeObject>(res: ResourceRef, obj: KubeObject): Promise<T> {
    const k = key(res, obj.metadata.namespace, obj.metadata.name);
    const prev = this.objects.get(k);
    const merged = { ...structuredClone(obj), ...(prev?.status !== undefined ? { status: prev.status } : {}) };
    this.objects.set(k, merged);
    return structuredClone(merged) as T;
  }
  async statusPatch<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace: string | undefined, patch: unknown): Promise<T> {
    const k = key(res, namespace, name);
    const obj = this.objects.get(k);
    if (obj === undefined) throw new Error(`${res.plural} "${name}" not found`);
    const next = { ...obj, status: (patch as { status: unknown }).status };
    this.objects.set(k, next);
    return structuredClone(next) as unknown as T;
  }
  async list<T extends KubeObject = KubeObject>(res: ResourceRef, opts: { namespace?: string } = {}): Promise<ObjectList<T>> {
    const prefix = `${res.group}/${res.version}/${res.plural}/`;
    const items = [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && (opts.namespace === undefined || o.metadata.namespace === opts.namespace))
      .map(([, o]) => structuredClone(o) as T);
    return { apiVersion: 'v1', kind: 'List', metadata: {}, items };
  }
  watch(): never {
    throw new Error('not used by sources');
  }
  create<T extends KubeObject = KubeObject>(): Promise<T> {
    throw new Error('not used by sources');
  }
  replace<T extends KubeObject = KubeObject>(): Promise<T> {
    throw new Error('not used by sources');
  }
  delete(): Promise<void> {
    throw new Error('not used by sources');
  }
  mergePatch<T extends KubeObject = KubeObject>(): Promise<T> {
    throw new Error('not used by sources');
  }
  resourceFor(): Promise<ResourceRef> {
    throw new Error('not used by sources');
  }
  serverVersion(): Promise<string> {
    return Promise.resolve('v1.35.0');
  }
}
