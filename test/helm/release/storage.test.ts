import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import { ReleaseExistsError, ReleaseNotFoundError, ReleaseStorage, releaseKey } from '../../../src/helm/release/storage.js';
import type { Release, ReleaseStatus } from '../../../src/helm/release/types.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';

let server: TestApiServer;
let cluster: Cluster;
let storage: ReleaseStorage;
beforeAll(async () => {
  server = await startApiServer();
  ({ cluster } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} }));
  storage = new ReleaseStorage(cluster, 'default', { now: () => new Date('2026-01-02T03:04:05Z') });
});
afterAll(async () => {
  cluster?.close?.();
  await server?.close();
});

const rel = (name: string, version: number, status: ReleaseStatus): Release => ({
  name,
  version,
  namespace: 'default',
  info: { status, description: status },
  chart: { metadata: { name: 'c', version: '1.0.0' }, lock: null, templates: [], values: {}, schema: null, files: [] },
});

describe('release storage (Helm secret driver)', () => {
  it('writes a Secret named, typed and labelled as Helm does', async () => {
    await storage.create({ ...rel('a', 1, 'deployed'), labels: { team: 'x', owner: 'ignored' } });
    const s = server.store.get('v1', 'Secret', releaseKey('a', 1), 'default')!;
    expect(s['type']).toBe('helm.sh/release.v1');
    expect(s.metadata.labels).toEqual({ team: 'x', name: 'a', owner: 'helm', status: 'deployed', version: '1', createdAt: '1767323045' });
    expect((await storage.get('a', 1)).labels).toEqual({ team: 'x' });
  });

  it('keeps the status label in step on update and marks it modifiedAt', async () => {
    await storage.update(rel('a', 1, 'superseded'));
    const s = server.store.get('v1', 'Secret', releaseKey('a', 1), 'default')!;
    expect(s.metadata.labels).toMatchObject({ status: 'superseded', modifiedAt: '1767323045' });
    expect(await storage.deployed('a')).toBeUndefined();
  });

  it('refuses to create an existing revision and to update a missing one', async () => {
    await expect(storage.create(rel('a', 1, 'deployed'))).rejects.toBeInstanceOf(ReleaseExistsError);
    await expect(storage.update(rel('a', 9, 'deployed'))).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(storage.get('a', 9)).rejects.toThrow('release: not found');
  });

  it('prunes to maxHistory on create, oldest first, never the last deployed revision', async () => {
    await storage.create(rel('p', 1, 'superseded'));
    await storage.create(rel('p', 2, 'deployed'));
    await storage.create(rel('p', 3, 'failed'));
    await storage.create(rel('p', 4, 'failed'));
    await storage.create(rel('p', 5, 'pending-upgrade'), 3);
    expect((await storage.history('p')).map((r) => r.version)).toEqual([2, 4, 5]);
  });
});
