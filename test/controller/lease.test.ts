// Leader election over a Lease on the API test server: create, renew, respect a live holder,
// take over an expired one, lose a race through the resourceVersion, release.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/types.js';
import { microTime } from '../../src/cluster/micro-time.js';
import { LeaderElector, type Lease } from '../../src/controller/lease.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { newCluster } from './support/rig.js';

const opts = { name: 'test-lock', namespace: 'default', leaseDurationMs: 15_000 };

describe('LeaderElector', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  let now = Date.parse('2026-01-01T00:00:00Z');
  const clock = () => now;
  beforeEach(async () => {
    server = await startApiServer({});
    cluster = await newCluster(server);
  });
  afterEach(async () => {
    cluster.close?.();
    await server.close();
  });
  const lease = () => server.store.get('coordination.k8s.io/v1', 'Lease', 'test-lock', 'default') as unknown as Lease;

  it('creates the Lease, renews it, and keeps others out until it expires', async () => {
    const a = new LeaderElector(cluster, { ...opts, identity: 'a', now: clock });
    const b = new LeaderElector(cluster, { ...opts, identity: 'b', now: clock });
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(lease().spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0, renewTime: '2026-01-01T00:00:00.000000Z' });
    now += 10_000;
    expect(await b.tryAcquireOrRenew()).toBe(false);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    now += 14_000;
    expect(await b.tryAcquireOrRenew()).toBe(false);
    now += 2_000;
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(lease().spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('of two candidates racing for an expired Lease only one wins', async () => {
    const a = new LeaderElector(cluster, { ...opts, identity: 'a', now: clock });
    expect(await a.tryAcquireOrRenew()).toBe(true);
    now += 60_000;
    const others = ['b', 'c', 'd', 'e'].map((id) => new LeaderElector(cluster, { ...opts, identity: id, now: clock }));
    const won = await Promise.all(others.map((e) => e.tryAcquireOrRenew()));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('release empties the holder so a standby takes over at once', async () => {
    const a = new LeaderElector(cluster, { ...opts, identity: 'a', now: clock });
    const ac = new AbortController();
    expect(await a.acquire(ac.signal)).toBe(true);
    await a.release();
    expect(lease().spec?.holderIdentity ?? '').toBe('');
    const b = new LeaderElector(cluster, { ...opts, identity: 'b', now: clock });
    expect(await b.tryAcquireOrRenew()).toBe(true);
  });

  it('holdLeadership reports lost when renewals fail past the renew deadline', async () => {
    const a = new LeaderElector(cluster, { ...opts, identity: 'a', leaseDurationMs: 600, renewDeadlineMs: 300, retryPeriodMs: 50 });
    expect(await a.tryAcquireOrRenew()).toBe(true);
    const l = lease();
    // Another holder with a fresh renewTime: every renewal of `a` is refused.
    server.store.put({ ...l, spec: { ...l.spec, holderIdentity: 'intruder', renewTime: microTime(Date.now() + 60_000) } } as never);
    expect(await a.holdLeadership(new AbortController().signal)).toBe('lost');
    expect(a.isLeader).toBe(false);
  });
});
