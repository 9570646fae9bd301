// KubeClient against the API test server: every verb of the Cluster interface, discovery,
// pagination, and watches that survive dropped connections and expired resourceVersions.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import { isConflict, isNotFound, NoKindMatchError } from '../../src/cluster/errors.js';
import type { KubeClient } from '../../src/cluster/kube-client.js';
import type { KubeObject, WatchEvent } from '../../src/cluster/types.js';
import { helmReleaseKind } from '../../src/kinds/registry.js';
import type { TestApiServer } from '../support/apiserver/index.js';
import { startFluxServer } from '../commands/get/harness.js';

const HR = helmReleaseKind.resource;
const hr = (name: string, namespace = 'apps', extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name, namespace },
  spec: { interval: '5m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } } },
  ...extra,
});

let server: TestApiServer;
let client: KubeClient;

beforeAll(async () => {
  server = await startFluxServer();
  for (const name of ['apps', 'watched', 'gone', 'gap', 'gap-resume']) server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  ({ cluster: client } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {}, transport: { sleep: async () => {} } }));
});
afterAll(async () => {
  client.close();
  await server.close();
});
afterEach(() => server.faults.clear());

describe('KubeClient verbs', () => {
  it('creates, gets, replaces, merge-patches, status-patches and deletes', async () => {
    const created = await client.create(HR, hr('crud'));
    expect(created.metadata.resourceVersion).toBeTruthy();
    expect(created.metadata.generation).toBe(1);

    const got = await client.get(HR, 'crud', 'apps');
    expect(got.kind).toBe('HelmRelease');

    const patched = await client.mergePatch(HR, 'crud', 'apps', { spec: { suspend: true } });
    expect((patched.spec as { suspend?: boolean }).suspend).toBe(true);
    expect(patched.metadata.generation).toBe(2);

    const withStatus = await client.statusPatch(HR, 'crud', 'apps', { status: { lastHandledReconcileAt: 'now' } });
    expect(helmReleaseKind.lastHandledReconcileAt(withStatus)).toBe('now');
    expect(withStatus.metadata.generation).toBe(2);

    const stale = { ...got };
    await expect(client.replace(HR, stale)).rejects.toSatisfy(isConflict);
    const replaced = await client.replace(HR, { ...withStatus, metadata: { ...withStatus.metadata, labels: { a: 'b' } } });
    expect(replaced.metadata.labels).toEqual({ a: 'b' });

    await client.delete(HR, 'crud', 'apps');
    expect(await client.tryGet(HR, 'crud', 'apps')).toBeUndefined();
  });

  it('reports a missing object with the server message', async () => {
    const err = await client.get(HR, 'nope', 'apps').catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe('helmreleases.helm.toolkit.fluxcd.io "nope" not found');
  });

  it('server-side applies with a field manager, force and dry run', async () => {
    const dry = await client.apply(HR, hr('ssa'), { fieldManager: 'flux-ts', dryRun: true });
    expect(dry.metadata.name).toBe('ssa');
    expect(await client.tryGet(HR, 'ssa', 'apps')).toBeUndefined();
    const applied = await client.apply(HR, hr('ssa'), { fieldManager: 'flux-ts' });
    const managers = (applied.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('flux-ts/Apply');
    const forced = await client.apply(HR, hr('ssa', 'apps', { spec: { interval: '1m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } } } }), { fieldManager: 'other', force: true });
    expect((forced.spec as { interval: string }).interval).toBe('1m');
  });

  it('lists with label and field selectors across pages and namespaces', async () => {
    for (let i = 0; i < 7; i++) await client.create(HR, hr(`page-${i}`, i % 2 ? 'apps' : 'default', { metadata: { name: `page-${i}`, namespace: i % 2 ? 'apps' : 'default', labels: { tier: i < 4 ? 'low' : 'high' } } }));
    server.clearRequests();
    const all = await client.list(HR, { limit: 2, labelSelector: 'tier in (low,high)' });
    expect(all.items.map((o) => o.metadata.name).sort()).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
    expect(all.metadata.continue).toBeUndefined();
    expect(server.requests.filter((r) => r.path.endsWith('/helmreleases'))).toHaveLength(4);
    const high = await client.list(HR, { namespace: 'apps', labelSelector: 'tier=high' });
    expect(high.items.map((o) => o.metadata.name)).toEqual(['page-5']);
    const byName = await client.list(HR, { namespace: 'default', fieldSelector: 'metadata.name=page-2' });
    expect(byName.items.map((o) => o.metadata.name)).toEqual(['page-2']);
    const first = await client.list(HR, { limit: 3, singlePage: true });
    expect(first.items).toHaveLength(3);
    expect(first.metadata.continue).toBeTruthy();
  });

  it('maps kinds through discovery and reports a missing API', async () => {
    expect(await client.resourceFor('helm.toolkit.fluxcd.io/v2', 'HelmRelease')).toEqual(HR);
    expect(await client.resourceFor('v1', 'ConfigMap')).toEqual({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true });
    await expect(client.resourceFor('helm.toolkit.fluxcd.io/v9', 'HelmRelease')).rejects.toThrow(new NoKindMatchError('HelmRelease', 'helm.toolkit.fluxcd.io', 'v9'));
    await expect(client.resourceFor('apps/v1', 'Nope')).rejects.toThrow('no matches for kind "Nope" in version "apps/v1"');
    expect(await client.serverVersion()).toMatch(/^v1\.\d+\.\d+/);
  });

  it('retries a list through 429 and 503', async () => {
    server.faults.failNext({ status: 429, path: /helmreleases/ });
    server.faults.failNext({ status: 503, path: /helmreleases/ });
    const list = await client.list(HR, { namespace: 'apps' });
    expect(list.items.length).toBeGreaterThan(0);
  });
});

describe('KubeClient watch', () => {
  async function collect(events: AsyncIterable<WatchEvent>, until: (seen: WatchEvent[]) => boolean, act: (seen: WatchEvent[]) => void): Promise<WatchEvent[]> {
    const seen: WatchEvent[] = [];
    for await (const ev of events) {
      seen.push(ev);
      act(seen);
      if (until(seen)) break;
    }
    return seen;
  }

  it('replays existing objects, then follows changes across a dropped connection', async () => {
    await client.create(HR, hr('w1', 'watched'));
    const ac = new AbortController();
    let step = 0;
    const seen = await collect(
      client.watch(HR, { namespace: 'watched', signal: ac.signal }),
      (s) => s.some((e) => e.type === 'DELETED'),
      (s) => {
        if (step === 0 && s.length === 1) {
          step = 1;
          server.faults.closeWatches();
          setTimeout(() => void client.mergePatch(HR, 'w1', 'watched', { metadata: { labels: { x: 'y' } } }), 100);
        } else if (step === 1 && s.length === 2) {
          step = 2;
          void client.delete(HR, 'w1', 'watched');
        }
      },
    );
    ac.abort();
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
  });

  it('re-lists when the resourceVersion has expired (410 Gone)', async () => {
    await client.create(HR, hr('g1', 'gone'));
    const rv = server.store.resourceVersion();
    await client.create(HR, hr('g2', 'gone'));
    server.store.compact();
    const ac = new AbortController();
    const seen = await collect(client.watch(HR, { namespace: 'gone', resourceVersion: rv, signal: ac.signal }), (s) => s.length >= 2, () => {});
    ac.abort();
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual(['ADDED g1', 'ADDED g2']);
  });

  it('after a gap that expired its resourceVersion, reports what changed in the gap, deletions included', async () => {
    for (const name of ['a1', 'a2', 'a3']) await client.create(HR, hr(name, 'gap'));
    const ac = new AbortController();
    const seen = await collect(
      client.watch(HR, { namespace: 'gap', signal: ac.signal }),
      (s) => s.some((e) => e.object.metadata.name === 'a5'),
      (s) => {
        if (s.length === 3) {
          // The connection drops; while the client is away a2 is deleted, a3 changes, a4 appears,
          // and the server forgets the history the client would resume from (410 on reconnect).
          server.faults.closeWatches();
          server.store.delete('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'a2', 'gap');
          const a3 = server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'a3', 'gap')!;
          server.store.put({ ...a3, metadata: { ...a3.metadata, labels: { changed: 'yes' } } });
          server.store.put(hr('a4', 'gap'));
          server.store.compact();
        } else if (s.some((e) => e.type === 'DELETED')) {
          if (!s.some((e) => e.object.metadata.name === 'a5')) void client.create(HR, hr('a5', 'gap'));
        }
      },
    );
    ac.abort();
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED a1',
      'ADDED a2',
      'ADDED a3',
      'MODIFIED a1',
      'MODIFIED a3',
      'ADDED a4',
      'DELETED a2',
      'ADDED a5',
    ]);
    const a3 = seen.find((e) => e.type === 'MODIFIED' && e.object.metadata.name === 'a3')!;
    expect(a3.object.metadata.labels).toEqual({ changed: 'yes' });
    // The deleted object is reported with its last known state, as client-go's DeletedFinalStateUnknown.
    expect(seen.find((e) => e.type === 'DELETED')!.object.metadata.uid).toBe(seen[1]!.object.metadata.uid);
    // Two lists: the start, and the re-list after the expired resume.
    expect(server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/gap/helmreleases') && r.query['watch'] !== 'true')).toHaveLength(2);
  });

  it('a resumed watch told what the caller listed reports those objects too after an expired gap', async () => {
    await client.create(HR, hr('k1', 'gap-resume'));
    await client.create(HR, hr('k2', 'gap-resume'));
    const listed = await client.list(HR, { namespace: 'gap-resume' });
    server.store.delete('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'k2', 'gap-resume');
    server.store.compact();
    const ac = new AbortController();
    const seen = await collect(
      client.watch(HR, { namespace: 'gap-resume', resourceVersion: listed.metadata.resourceVersion!, knownObjects: listed.items, signal: ac.signal }),
      (s) => s.length >= 2,
      () => {},
    );
    ac.abort();
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['MODIFIED k1', 'DELETED k2']);
  });

  it('ends quietly when its signal aborts', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const seen: WatchEvent[] = [];
    for await (const ev of client.watch(HR, { namespace: 'empty-ns', signal: ac.signal })) seen.push(ev);
    expect(seen).toEqual([]);
  });
});
