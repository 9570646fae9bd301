// Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection does:
// acquire when the Lease is free or expired, renew every retry period, give up leadership when
// renewals keep failing for the renew deadline. Writes carry the resourceVersion read, so two
// candidates racing for an expired Lease cannot both win (the loser gets 409).
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import { isAlreadyExists, isConflict } from './errors.js';
import { microTime } from '../cluster/micro-time.js';
import { sleepUnlessAborted } from '../cluster/sleep.js';

export const LEASE_RESOURCE: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true };

export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectionOptions {
  name: string;
  namespace: string;
  identity: string;
  /** controller-runtime defaults: 15s / 10s / 2s. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  now?: () => number;
}

export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly now: () => number;
  private leader = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly opts: LeaderElectionOptions,
  ) {
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    this.now = opts.now ?? Date.now;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** One acquire-or-renew attempt; true when we hold the Lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { name, namespace, identity } = this.opts;
    const now = this.now();
    const durationSeconds = Math.ceil(this.leaseDurationMs / 1000);
    const current = await this.cluster.tryGet<Lease>(LEASE_RESOURCE, name, namespace);
    if (!current) {
      const lease: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec: { holderIdentity: identity, leaseDurationSeconds: durationSeconds, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
      };
      try {
        await this.cluster.create(LEASE_RESOURCE, lease);
        return true;
      } catch (err) {
        if (isAlreadyExists(err)) return false;
        throw err;
      }
    }
    const spec = current.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const renewedAt = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expiresAt = renewedAt + (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (holder !== '' && holder !== identity && expiresAt > now) return false;
    const ours = holder === identity;
    const next: Lease = {
      ...current,
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds: durationSeconds,
        renewTime: microTime(now),
        acquireTime: ours ? (spec.acquireTime ?? microTime(now)) : microTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (ours || holder === '' ? 0 : 1),
      },
    };
    try {
      await this.cluster.replace(LEASE_RESOURCE, next);
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  /**
   * Waits until leader (resolves true) or the signal aborts (false). Errors reading the Lease
   * are retried: an unreachable API server must not crash a standby.
   */
  async acquire(signal: AbortSignal, onError: (err: unknown) => void = () => {}): Promise<boolean> {
    while (!signal.aborted) {
      try {
        if (await this.tryAcquireOrRenew()) {
          this.leader = true;
          return true;
        }
      } catch (err) {
        onError(err);
      }
      await sleepUnlessAborted(this.retryPeriodMs, signal);
    }
    return false;
  }

  /**
   * Renews every retry period until the signal aborts (resolves 'stopped') or renewals failed
   * for longer than the renew deadline (resolves 'lost'; the caller must stop reconciling).
   */
  async holdLeadership(signal: AbortSignal, onError: (err: unknown) => void = () => {}): Promise<'stopped' | 'lost'> {
    let lastRenew = this.now();
    while (!signal.aborted) {
      await sleepUnlessAborted(this.retryPeriodMs, signal);
      if (signal.aborted) break;
      let renewed = false;
      try {
        renewed = await this.tryAcquireOrRenew();
      } catch (err) {
        onError(err);
      }
      if (renewed) lastRenew = this.now();
      else if (this.now() - lastRenew >= this.renewDeadlineMs) {
        this.leader = false;
        return 'lost';
      }
    }
    return 'stopped';
  }

  /** Gives the Lease up at shutdown so a standby takes over without waiting for expiry. */
  async release(): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    const { name, namespace, identity } = this.opts;
    const current = await this.cluster.tryGet<Lease>(LEASE_RESOURCE, name, namespace);
    if (!current || current.spec?.holderIdentity !== identity) return;
    await this.cluster.replace(LEASE_RESOURCE, {
      ...current,
      spec: { ...current.spec, holderIdentity: null, leaseDurationSeconds: 1, renewTime: microTime(this.now()), acquireTime: null },
    });
  }
}
