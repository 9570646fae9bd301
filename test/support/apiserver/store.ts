// The object store: objects kept in their storage version, keyed as etcd keys them
// (resource, namespace, name), a global resourceVersion counter and a bounded event history
// that watches replay from.
import type { KubeObject } from '../../../src/cluster/types.js';
import { clone } from './json.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  rv: number;
  /** `group/plural` */
  resource: string;
  type: EventType;
  object: KubeObject;
  /** The object before this change (MODIFIED/DELETED), so watches can tell selector transitions. */
  prev?: KubeObject;
}

export function objectKey(namespace: string | undefined, name: string): string {
  // etcd orders /registry/<resource>/<namespace>/<name>; cluster-scoped keys have no namespace.
  return namespace ? `${namespace}/${name}` : name;
}

export class ObjectStore {
  private rv: number;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  /** The oldest resourceVersion still replayable: events with rv > compactedRv are in history. */
  private compactedRv: number;

  constructor(private readonly historyLimit = 10_000, startRv = 1000) {
    this.rv = startRv;
    this.compactedRv = startRv;
  }

  currentRv(): number {
    return this.rv;
  }

  /** Events after this rv are replayable; older starting points are expired. */
  oldestReplayableRv(): number {
    return this.compactedRv;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.data.get(resource)?.get(objectKey(namespace, name));
  }

  /** Objects of a resource (optionally one namespace), ordered as etcd lists them. */
  list(resource: string, namespace?: string): KubeObject[] {
    const m = this.data.get(resource);
    if (!m) return [];
    const keys = [...m.keys()].sort(byteCompare);
    const out: KubeObject[] = [];
    for (const k of keys) {
      const o = m.get(k)!;
      if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
      out.push(o);
    }
    return out;
  }

  /** Objects in a namespace across all resources (for namespace deletion). */
  resourcesWithObjectsIn(namespace: string): string[] {
    const out: string[] = [];
    for (const [res, m] of this.data) {
      for (const o of m.values()) {
        if (o.metadata.namespace === namespace) {
          out.push(res);
          break;
        }
      }
    }
    return out;
  }

  allResources(): string[] {
    return [...this.data.keys()];
  }

  /** Stores a new or changed object with the next resourceVersion and notifies watchers. */
  put(resource: string, obj: KubeObject): KubeObject {
    const stored = clone(obj);
    const key = objectKey(stored.metadata.namespace, stored.metadata.name);
    let m = this.data.get(resource);
    if (!m) {
      m = new Map();
      this.data.set(resource, m);
    }
    const prev = m.get(key);
    this.rv++;
    stored.metadata.resourceVersion = String(this.rv);
    m.set(key, stored);
    this.emit({ rv: this.rv, resource, type: prev ? 'MODIFIED' : 'ADDED', object: stored, prev });
    return stored;
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const m = this.data.get(resource);
    const key = objectKey(namespace, name);
    const prev = m?.get(key);
    if (!m || !prev) return undefined;
    m.delete(key);
    this.rv++;
    // The DELETED event carries the object as last stored, with the deletion's resourceVersion.
    const gone = clone(prev);
    gone.metadata.resourceVersion = String(this.rv);
    this.emit({ rv: this.rv, resource, type: 'DELETED', object: gone, prev });
    return gone;
  }

  /** Drops every object of a resource without events (a CRD's storage going away). */
  dropResource(resource: string): void {
    this.data.delete(resource);
  }

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Events with rv > since, or undefined if that point was compacted away. */
  eventsSince(since: number): StoreEvent[] | undefined {
    if (since < this.compactedRv) return undefined;
    // History is ordered by rv; binary search the first event after `since`.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid]!.rv <= since) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** Forgets history up to now (tests use it to force 410 Expired). */
  compact(): void {
    this.history.length = 0;
    this.compactedRv = this.rv;
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedRv = dropped[dropped.length - 1]!.rv;
    }
    for (const fn of [...this.listeners]) fn(e);
  }
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
