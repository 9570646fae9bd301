// A fake Flux controller for command tests: it watches the test API server's store (in process,
// so the faults injected into the HTTP front never hit it) and answers reconcile requests and
// resumes by writing status the way helm-controller and source-controller do. Each object gets a
// behaviour: success, failure, stall, slow (Reconciling first, success later), retry (a failed
// attempt that will be retried: Ready=False with Reconciling=True/ProgressingWithRetry, success
// later) or never.
import type { KubeObject } from '../../../src/cluster/types.js';
import type { FailOptions, TestApiServer } from '../apiserver/index.js';

export type Behaviour = 'success' | 'failure' | 'stall' | 'slow' | 'retry' | 'never';

export interface ObjectBehaviour {
  behaviour: Behaviour;
  /** Delay before the first status write (ms, default 0). */
  delayMs?: number;
  /** 'slow' / 'retry': time before the final status (ms, default 300). */
  slowMs?: number;
  /** Revision reported on success: chart version (HelmRelease) or artifact revision (sources). */
  revision?: string;
  /** Ready/Stalled message on failure or stall. */
  message?: string;
  /**
   * Just before the final status write: close every open watch (and, with `expireWatches`,
   * forget the watch history so resuming gets 410 and must re-list), so the answer lands while
   * the CLI is reconnecting.
   */
  dropWatches?: boolean;
  expireWatches?: boolean;
  /** API faults armed just before the final status write (e.g. 500s on the CLI's next requests). */
  faults?: FailOptions[];
  /** Called right after a status write (the benchmark timestamps it). */
  onStatus?: (obj: KubeObject) => void;
}

const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';

const KINDS: Record<string, string> = {
  'helm.toolkit.fluxcd.io/helmreleases': 'HelmRelease',
  'source.toolkit.fluxcd.io/gitrepositories': 'GitRepository',
  'source.toolkit.fluxcd.io/helmrepositories': 'HelmRepository',
  'source.toolkit.fluxcd.io/helmcharts': 'HelmChart',
  'source.toolkit.fluxcd.io/ocirepositories': 'OCIRepository',
};

interface StoreEventLike {
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  prev?: KubeObject;
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function condition(type: string, status: string, reason: string, message: string, generation: number | undefined) {
  return { type, status, reason, message, observedGeneration: generation ?? 1, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
}

export class FakeController {
  private readonly behaviours = new Map<string, ObjectBehaviour>();
  private readonly handled = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribe: () => void;
  /** Status writes done so far, `<Kind>/<ns>/<name> <state>`, in order. */
  readonly log: string[] = [];

  constructor(private readonly server: TestApiServer) {
    this.unsubscribe = server.api.store.subscribe((e) => this.onEvent(e));
  }

  /** Sets how the controller answers for one object (default for unknown objects: never). */
  set(kind: string, namespace: string, name: string, behaviour: ObjectBehaviour | Behaviour): void {
    this.behaviours.set(key(kind, namespace, name), typeof behaviour === 'string' ? { behaviour } : behaviour);
  }

  stop(): void {
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private onEvent(e: StoreEventLike): void {
    const kind = KINDS[e.resource];
    if (!kind || e.type === 'DELETED') return;
    const obj = e.object;
    const k = key(kind, obj.metadata.namespace, obj.metadata.name);
    const b = this.behaviours.get(k);
    if (!b || b.behaviour === 'never') return;
    const spec = record(obj['spec']);
    if (spec['suspend'] === true) return;
    const token = obj.metadata.annotations?.[REQUESTED_AT];
    const wasSuspended = record(e.prev?.['spec'])['suspend'] === true;
    // A new request token, or a resume (suspend removed): reconcile once for it.
    const trigger = wasSuspended ? `resume@${obj.metadata.generation ?? 0}` : token !== undefined ? `token@${token}` : undefined;
    if (!trigger || this.handled.has(`${k}|${trigger}`)) return;
    this.handled.add(`${k}|${trigger}`);
    this.later(b.delayMs ?? 0, () => this.reconcile(kind, obj, b, token));
  }

  private reconcile(kind: string, seen: KubeObject, b: ObjectBehaviour, token: string | undefined): void {
    const apiVersion = seen.apiVersion;
    const current = this.server.store.get(apiVersion, kind, seen.metadata.name, seen.metadata.namespace);
    if (!current) return;
    if (b.behaviour === 'slow' || b.behaviour === 'retry') {
      this.write(current, token, b.behaviour === 'slow' ? 'reconciling' : 'retrying', b);
      this.later(b.slowMs ?? 300, () => {
        const now = this.server.store.get(apiVersion, kind, seen.metadata.name, seen.metadata.namespace);
        if (now) this.write(now, token, 'success', b);
      });
      return;
    }
    this.write(current, token, b.behaviour as 'success' | 'failure' | 'stall', b);
  }

  private write(obj: KubeObject, token: string | undefined, state: 'success' | 'failure' | 'stall' | 'reconciling' | 'retrying', b: ObjectBehaviour): void {
    const generation = obj.metadata.generation;
    const status: Record<string, unknown> = { ...record(obj['status']), observedGeneration: generation };
    if (token !== undefined) status['lastHandledReconcileAt'] = token;
    const isRelease = obj.kind === 'HelmRelease';
    const revision = b.revision ?? (isRelease ? '6.3.5' : '6.3.5@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9');
    const message = b.message ?? (state === 'stall' ? 'install retries exhausted' : 'install failed: context deadline exceeded');
    switch (state) {
      case 'success':
        status['conditions'] = [condition('Ready', 'True', isRelease ? 'UpgradeSucceeded' : 'Succeeded', isRelease ? `Helm upgrade succeeded with chart podinfo@${revision}` : `stored artifact for revision '${revision}'`, generation)];
        if (isRelease) {
          status['lastAttemptedRevision'] = revision;
          status['history'] = [{ name: obj.metadata.name, namespace: obj.metadata.namespace, version: 1, chartName: 'podinfo', chartVersion: revision, appVersion: revision, status: 'deployed', digest: 'sha256:0000', configDigest: 'sha256:0000', firstDeployed: '2026-01-01T00:00:00Z', lastDeployed: '2026-01-01T00:00:00Z' }];
        } else {
          status['artifact'] = { revision, path: 'x.tar.gz', url: 'http://source-controller/x.tar.gz', digest: 'sha256:0000', lastUpdateTime: '2026-01-01T00:00:00Z' };
        }
        break;
      case 'failure':
        status['conditions'] = [condition('Ready', 'False', 'InstallFailed', message, generation)];
        break;
      case 'stall':
        status['conditions'] = [condition('Stalled', 'True', 'RetriesExceeded', message, generation), condition('Ready', 'False', 'InstallFailed', message, generation)];
        break;
      case 'retrying':
        status['conditions'] = [condition('Reconciling', 'True', 'ProgressingWithRetry', 'Running upgrade action', generation), condition('Ready', 'False', 'UpgradeFailed', message, generation)];
        break;
      case 'reconciling':
        status['conditions'] = [condition('Reconciling', 'True', 'Progressing', 'Running upgrade action', generation), condition('Ready', 'Unknown', 'Progressing', 'Running upgrade action', generation)];
        break;
    }
    if (state !== 'reconciling' && state !== 'retrying') {
      if (b.dropWatches) this.server.faults.closeWatches();
      if (b.expireWatches) this.server.store.compact();
      for (const f of b.faults ?? []) this.server.faults.failNext(f);
    }
    const saved = this.server.store.put({ ...obj, status });
    this.log.push(`${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name} ${state}`);
    b.onStatus?.(saved);
  }
}
