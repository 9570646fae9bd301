// The run Lease of a HelmRelease against the API test server: one holder at a time, taken over
// once expired or when its holder's process on this host is gone, released at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../../src/cluster/types.js';
import { acquireRunLock, runLockName, RunInProgressError } from '../../../src/reconcile/run/index.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { namespace } from './support.js';

const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true };

describe('run lock', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  const lease = () => server.store.get('coordination.k8s.io/v1', 'Lease', runLockName('grade'), 'apps') as unknown as (KubeObject & { spec: { holderIdentity: string; renewTime: string } }) | undefined;

  beforeAll(async () => {
    server = await startApiServer({ objects: [namespace('apps')] });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
  });
  afterAll(async () => {
    cluster.close?.();
    await server.close();
  });

  it('is held by one run at a time and gone once released', async () => {
    const first = await acquireRunLock(cluster, 'apps', 'grade');
    expect(lease()?.spec.holderIdentity).toMatch(new RegExp(`^flux-ts/.+/${process.pid}/[0-9a-f]{8}$`));
    await expect(acquireRunLock(cluster, 'apps', 'grade')).rejects.toBeInstanceOf(RunInProgressError);
    await first.release();
    expect(lease()).toBeUndefined();
    const again = await acquireRunLock(cluster, 'apps', 'grade');
    await again.release();
  });

  it('is taken over when expired, or when its holder on this host is no longer running', async () => {
    const put = (holderIdentity: string, renewTime: string) =>
      server.store.put({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: runLockName('grade'), namespace: 'apps' }, spec: { holderIdentity, leaseDurationSeconds: 15, renewTime } } as never);
    put('flux-ts/elsewhere/1/abcdef01', new Date().toISOString());
    await expect(acquireRunLock(cluster, 'apps', 'grade')).rejects.toThrow('another operation (install/upgrade/rollback) is in progress');
    put('flux-ts/elsewhere/1/abcdef01', new Date(Date.now() - 60_000).toISOString());
    const expired = await acquireRunLock(cluster, 'apps', 'grade');
    await expired.release();
    // A pid that cannot exist on this host (beyond the kernel's pid_max).
    put(`flux-ts/${(await import('node:os')).hostname()}/99999999/abcdef01`, new Date().toISOString());
    const orphaned = await acquireRunLock(cluster, 'apps', 'grade');
    await orphaned.release();
    expect(await cluster.tryGet(LEASES, runLockName('grade'), 'apps')).toBeUndefined();
  });
});
