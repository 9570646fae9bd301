// One reconcile of a HelmRelease at a time, across processes (`reconcile hr --local` runs, the
// controller): a coordination.k8s.io/v1 Lease per HelmRelease, held and renewed for the run.
// Without it a second run would take the first one's pending-* release for stale and unlock it
// under its feet. helm-controller needs no such Lease because controller-runtime never runs two
// reconciles of one object; flux-ts has several entry points.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isConflict, isForbidden, isNotFound } from '../../cluster/errors.js';
import { microTime } from '../../cluster/micro-time.js';
import type { Cluster, KubeObject, ResourceRef } from '../../cluster/types.js';

const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true };

/** Held for this long without renewal before another run may take over. */
const LEASE_SECONDS = 15;
const RENEW_MS = 5_000;

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string | null; leaseDurationSeconds?: number; acquireTime?: string | null; renewTime?: string | null };
}

/** Helm's errPending wording: what the second of two runs reports. */
export class RunInProgressError extends Error {
  constructor(readonly holder: string) {
    super('another operation (install/upgrade/rollback) is in progress');
    this.name = 'RunInProgressError';
  }
}

export interface RunLock {
  release(): Promise<void>;
}

/** The Lease of a HelmRelease's runs (a DNS subdomain next to the object). */
export function runLockName(helmReleaseName: string): string {
  return `flux-ts.helmrelease.${helmReleaseName}`;
}

const IDENTITY = /^flux-ts\/(.+)\/(\d+)\/[0-9a-f]+$/;

/** A holder on this host whose process is gone (killed outright) holds nothing any more. */
function holderIsDead(holder: string): boolean {
  const m = IDENTITY.exec(holder);
  if (!m || m[1] !== hostname()) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the run Lease of a HelmRelease or throws RunInProgressError while another live run
 * holds it. Renewed in the background until released.
 */
export async function acquireRunLock(cluster: Cluster, namespace: string, name: string, now: () => number = Date.now): Promise<RunLock> {
  const identity = `flux-ts/${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  const leaseName = runLockName(name);
  const spec = () => ({ holderIdentity: identity, leaseDurationSeconds: LEASE_SECONDS, acquireTime: microTime(now()), renewTime: microTime(now()) });

  // The common case in one request: nobody holds the Lease, create it.
  try {
    await cluster.create(LEASES, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: leaseName, namespace }, spec: spec() } as Lease);
  } catch (e) {
    // No namespace (the HelmRelease read reports it) or no RBAC for Leases: run unguarded.
    if (isForbidden(e) || isNotFound(e)) return { release: async () => {} };
    // A create's 409 is AlreadyExists: someone holds (or held) the Lease.
    if (!isConflict(e)) throw e;
    const current = await cluster.tryGet<Lease>(LEASES, leaseName, namespace);
    if (!current) throw new RunInProgressError('');
    const holder = current.spec?.holderIdentity ?? '';
    const renewed = current.spec?.renewTime ? Date.parse(current.spec.renewTime) : 0;
    const live = holder !== '' && renewed + (current.spec?.leaseDurationSeconds ?? LEASE_SECONDS) * 1000 > now();
    if (live && !holderIsDead(holder)) throw new RunInProgressError(holder);
    try {
      // The resourceVersion read makes two runs racing for a stale Lease conflict.
      await cluster.replace(LEASES, { ...current, spec: spec() } as Lease);
    } catch (err) {
      if (isConflict(err)) throw new RunInProgressError(holder);
      throw err;
    }
  }
  let renewedAt = now();

  const timer = setInterval(() => {
    void (async () => {
      const lease = await cluster.tryGet<Lease>(LEASES, leaseName, namespace);
      if (lease?.spec?.holderIdentity !== identity) return;
      const at = now();
      await cluster.replace(LEASES, { ...lease, spec: { ...lease.spec, renewTime: microTime(at) } } as Lease);
      renewedAt = at;
    })().catch(() => {
      // A missed renewal is retried at the next tick; the Lease outlives it by design.
    });
  }, RENEW_MS);
  timer.unref();

  return {
    async release() {
      clearInterval(timer);
      // Renewed within the Lease duration: nobody can have taken it over, delete it outright.
      // Otherwise (this run stalled past the Lease) the new holder keeps it.
      if (now() - renewedAt > (LEASE_SECONDS - 2) * 1000) {
        const lease = await cluster.tryGet<Lease>(LEASES, leaseName, namespace).catch(() => undefined);
        if (lease?.spec?.holderIdentity !== identity) return;
      }
      // Best effort: a Lease left behind expires on its own.
      await cluster.delete(LEASES, leaseName, namespace).catch(() => {});
    },
  };
}
