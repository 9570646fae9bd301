// Helm's "secret" storage driver over the Cluster interface: one Secret per release
// revision, `sh.helm.release.v1.<name>.v<version>`, type helm.sh/release.v1, with the labels
// Helm queries by. Records written here are read by the real `helm` CLI and vice versa.
import type { Cluster, KubeObject } from '../../cluster/types.js';
import { SECRETS } from '../../cluster/core-resources.js';
import { decodeRelease, encodeRelease } from './codec.js';
import type { Release, ReleaseStatus } from './types.js';

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
const SYSTEM_LABELS = new Set(['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt']);

export class ReleaseNotFoundError extends Error {
  constructor() {
    super('release: not found');
  }
}

export class ReleaseExistsError extends Error {
  constructor() {
    super('release: already exists');
  }
}

interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export function releaseKey(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}

export interface StorageOptions {
  /** The clock, injectable for tests. */
  now?: () => Date;
}

export class ReleaseStorage {
  private readonly now: () => Date;

  constructor(
    private readonly cluster: Cluster,
    /** The storage namespace (Flux: spec.storageNamespace or the HelmRelease namespace). */
    readonly namespace: string,
    opts: StorageOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  async get(name: string, version: number): Promise<Release> {
    const obj = await this.cluster.tryGet<SecretObject>(SECRETS, releaseKey(name, version), this.namespace);
    if (!obj) throw new ReleaseNotFoundError();
    return this.fromSecret(obj);
  }

  /** Every revision of a release, oldest first. Records that fail to decode are an error here. */
  async history(name: string): Promise<Release[]> {
    const list = await this.cluster.list<SecretObject>(SECRETS, { namespace: this.namespace, labelSelector: `name=${name},owner=helm` });
    return list.items.map((s) => this.fromSecret(s)).sort((a, b) => a.version - b.version);
  }

  /** The highest revision, or undefined when the release has no history. */
  async last(name: string): Promise<Release | undefined> {
    const all = await this.history(name);
    return all[all.length - 1];
  }

  /** The highest revision with status deployed. */
  async deployed(name: string): Promise<Release | undefined> {
    const list = await this.cluster.list<SecretObject>(SECRETS, {
      namespace: this.namespace,
      labelSelector: `name=${name},owner=helm,status=deployed`,
    });
    const rels = list.items.map((s) => this.fromSecret(s)).sort((a, b) => a.version - b.version);
    return rels[rels.length - 1];
  }

  /** Every release record in the namespace (as `helm list` sees them). */
  async listAll(): Promise<Release[]> {
    const list = await this.cluster.list<SecretObject>(SECRETS, { namespace: this.namespace, labelSelector: 'owner=helm' });
    return list.items.map((s) => this.fromSecret(s));
  }

  /**
   * Creates a new revision. With maxHistory > 0 the history is first trimmed to
   * maxHistory-1 records, oldest first, never removing the latest deployed one (as Helm does).
   */
  async create(rel: Release, maxHistory = 0): Promise<void> {
    if (maxHistory > 0) await this.prune(rel.name, maxHistory - 1);
    const secret = this.toSecret(rel, { createdAt: String(Math.floor(this.now().getTime() / 1000)) });
    try {
      await this.cluster.create(SECRETS, secret);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 409) throw new ReleaseExistsError();
      throw err;
    }
  }

  /** Rewrites an existing revision (an unconditional PUT, as Helm does). */
  async update(rel: Release): Promise<void> {
    const secret = this.toSecret(rel, { modifiedAt: String(Math.floor(this.now().getTime() / 1000)) });
    try {
      await this.cluster.replace(SECRETS, secret);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) throw new ReleaseNotFoundError();
      throw err;
    }
  }

  async delete(name: string, version: number): Promise<void> {
    await this.cluster.delete(SECRETS, releaseKey(name, version), this.namespace);
  }

  private async prune(name: string, keep: number): Promise<void> {
    const history = await this.history(name);
    if (history.length <= keep) return;
    const lastDeployed = [...history].reverse().find((r) => r.info.status === 'deployed');
    const errors: string[] = [];
    let count = history.length;
    for (const rel of history) {
      if (count <= keep) break;
      if (lastDeployed && rel.version === lastDeployed.version) continue;
      try {
        await this.delete(name, rel.version);
        count -= 1;
      } catch (err) {
        errors.push(`${releaseKey(name, rel.version)}: ${(err as Error).message}`);
      }
    }
    if (errors.length > 0) throw new Error(`error pruning release history: ${errors.join('; ')}`);
  }

  private toSecret(rel: Release, timeLabel: Record<string, string>): SecretObject {
    const status: ReleaseStatus = rel.info.status ?? 'unknown';
    const labels: Record<string, string> = {
      ...filterSystemLabels(rel.labels ?? {}),
      name: rel.name,
      owner: 'helm',
      status,
      version: String(rel.version),
      ...timeLabel,
    };
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: releaseKey(rel.name, rel.version), namespace: this.namespace, labels },
      type: RELEASE_SECRET_TYPE,
      // Secret data is base64 on the wire; the stored bytes are Helm's own base64 text.
      data: { release: Buffer.from(encodeRelease(rel), 'utf8').toString('base64') },
    };
  }

  private fromSecret(obj: SecretObject): Release {
    const raw = obj.data?.release;
    if (raw === undefined) throw new Error(`Secret ${this.namespace}/${obj.metadata.name}: no "release" key`);
    const rel = decodeRelease(Buffer.from(raw, 'base64').toString('utf8'));
    rel.labels = filterSystemLabels(obj.metadata.labels ?? {});
    return rel;
  }
}

function filterSystemLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!SYSTEM_LABELS.has(k)) out[k] = v;
  return out;
}
