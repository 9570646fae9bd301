// What controllers do after deletions: the garbage collector (ownerReferences), the CRD
// cleanup of its custom resources, and the namespace controller emptying terminating namespaces.
import type { KubeObject } from '../../../src/cluster/types.js';
import type { Api } from './api.js';
import { isCrd } from './crd.js';
import { clone } from './json.js';
import { type ResourceDef, resourceKey, splitResourceKey, storageVersion, storeKey } from './resources.js';

/** The finalizer that holds an owner during foreground deletion. */
export const FOREGROUND = 'foregroundDeletion';

export class Lifecycle {
  constructor(private readonly api: Api) {}

  /** Garbage collection, CRD storage removal and namespace completion after an object is gone. */
  afterDelete(def: ResourceDef, gone: KubeObject, propagation = 'Background'): void {
    if (def.group === 'apiextensions.k8s.io' && def.plural === 'customresourcedefinitions' && isCrd(gone)) {
      const key = resourceKey(gone.spec.group, gone.spec.names.plural);
      for (const o of this.api.store.list(key)) this.api.store.remove(key, o.metadata.namespace, o.metadata.name);
      this.api.store.dropResource(key);
    }
    const uid = gone.metadata.uid;
    if (uid) setImmediate(() => this.collectDependents(uid, propagation));
    // The last object of a terminating namespace gone: the namespace goes.
    const ns = gone.metadata.namespace;
    if (ns) {
      const nsObj = this.api.store.get('/namespaces', undefined, ns);
      if (nsObj?.metadata.deletionTimestamp && this.api.store.resourcesWithObjectsIn(ns).length === 0) {
        setImmediate(() => {
          const still = this.api.store.get('/namespaces', undefined, ns);
          if (still?.metadata.deletionTimestamp && this.api.store.resourcesWithObjectsIn(ns).length === 0) this.api.store.remove('/namespaces', undefined, ns);
        });
      }
    }
  }

  /** Objects whose ownerReferences name this uid. */
  private dependentsOf(ownerUid: string): Array<{ res: string; obj: KubeObject }> {
    const out: Array<{ res: string; obj: KubeObject }> = [];
    for (const res of this.api.store.allResources()) {
      for (const obj of this.api.store.list(res)) if ((obj.metadata.ownerReferences ?? []).some((r) => r.uid === ownerUid)) out.push({ res, obj });
    }
    return out;
  }

  /**
   * Foreground deletion: delete the dependents, wait until they are gone, then drop the owner's
   * foregroundDeletion finalizer (which deletes it, unless other finalizers remain).
   */
  deleteForeground(def: ResourceDef, owner: KubeObject): void {
    const uid = owner.metadata.uid;
    if (!uid) return;
    this.collectDependents(uid, 'Foreground');
    const check = (): void => {
      const cur = this.api.store.get(storeKey(def), owner.metadata.namespace, owner.metadata.name);
      if (!cur || cur.metadata.uid !== uid) return;
      if (this.dependentsOf(uid).length > 0) {
        setTimeout(check, 25).unref();
        return;
      }
      const next = clone(cur);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND);
      if (next.metadata.finalizers.length > 0) {
        this.api.store.put(storeKey(def), next);
        return;
      }
      const gone = this.api.store.remove(storeKey(def), cur.metadata.namespace, cur.metadata.name);
      this.afterDelete(def, gone ?? cur, 'Background');
    };
    setImmediate(check);
  }

  private collectDependents(ownerUid: string, propagation: string): void {
    for (const res of this.api.store.allResources()) {
      const [group, plural] = splitResourceKey(res);
      const def = this.api.registry.get(group, plural);
      if (!def) continue;
      for (const o of this.api.store.list(res)) {
        const refs = o.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === ownerUid)) continue;
        if (propagation === 'Orphan') {
          const next = clone(o);
          next.metadata.ownerReferences = refs.filter((r) => r.uid !== ownerUid);
          if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
          this.api.store.put(res, next);
          continue;
        }
        // Only the last owner going away deletes a dependent.
        if (refs.length > 1) continue;
        try {
          this.api.delete(def, storageVersion(def).name, o.metadata.namespace, o.metadata.name, { propagationPolicy: propagation });
        } catch {
          // Already gone.
        }
      }
    }
  }

  /** The namespace controller: deletes the content of a terminating namespace, then the namespace. */
  finalizeNamespace(ns: string): void {
    const nsObj = this.api.store.get('/namespaces', undefined, ns);
    if (!nsObj?.metadata.deletionTimestamp) return;
    for (const res of this.api.store.resourcesWithObjectsIn(ns)) {
      const [group, plural] = splitResourceKey(res);
      const def = this.api.registry.get(group, plural);
      for (const o of this.api.store.list(res, ns)) {
        if (!def) {
          this.api.store.remove(res, ns, o.metadata.name);
          continue;
        }
        try {
          this.api.delete(def, storageVersion(def).name, ns, o.metadata.name, {});
        } catch {
          // Deleted meanwhile.
        }
      }
    }
    if (this.api.store.resourcesWithObjectsIn(ns).length === 0) this.api.store.remove('/namespaces', undefined, ns);
  }
}
