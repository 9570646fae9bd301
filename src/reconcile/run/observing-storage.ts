// helm-controller records the release records an action *wrote* (its observer on the storage
// driver), not what the action returned: a failed upgrade still wrote a `failed` record, and
// the snapshot of that write is what status.history must show.
import type { Cluster } from '../../cluster/types.js';
import { ReleaseStorage, type StorageOptions } from '../../helm/release/storage.js';
import type { Release } from '../../helm/release/types.js';

export class ObservingStorage extends ReleaseStorage {
  private observed = new Map<string, Release>();

  constructor(cluster: Cluster, namespace: string, opts: StorageOptions = {}) {
    super(cluster, namespace, opts);
  }

  override async create(rel: Release, maxHistory = 0): Promise<void> {
    await super.create(rel, maxHistory);
    this.observed.set(`${rel.name}.v${rel.version}`, structuredClone(rel));
  }

  override async update(rel: Release): Promise<void> {
    await super.update(rel);
    this.observed.set(`${rel.name}.v${rel.version}`, structuredClone(rel));
  }

  /** The last write of each record since the previous call, then forgets them. */
  takeObserved(): Release[] {
    const out = [...this.observed.values()];
    this.observed.clear();
    return out;
  }
}
