import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call, HR, helmRelease } from './http.js';
import { openWatch, type WatchStream } from './watch-stream.js';

type Obj = Record<string, any>;

let server: TestApiServer;
const open: WatchStream[] = [];
beforeAll(async () => {
  server = await startApiServer({ objects: loadFluxCrds(), bookmarkIntervalMs: 100, historyLimit: 50 });
});
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});
afterAll(() => server.close());

async function watch(path: string): Promise<WatchStream> {
  const w = await openWatch(server.url + path);
  open.push(w);
  return w;
}

const CM = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

describe('watch', () => {
  it('without a resourceVersion sends the current objects as ADDED, then live events', async () => {
    server.store.put({ ...CM('w-existing'), metadata: { name: 'w-existing', namespace: 'wa' } } as never);
    const w = await watch('/api/v1/namespaces/wa/configmaps?watch=true');
    expect(w.status).toBe(200);
    const first = await w.next();
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'w-existing' } } });
    await call(server.url, 'POST', '/api/v1/namespaces/wa/configmaps', CM('w-new'));
    await call(server.url, 'PATCH', '/api/v1/namespaces/wa/configmaps/w-new', { data: { a: '1' } }, { contentType: 'application/merge-patch+json' });
    await call(server.url, 'DELETE', '/api/v1/namespaces/wa/configmaps/w-new');
    const events = await w.take(3);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w-new', 'MODIFIED w-new', 'DELETED w-new']);
    expect(events[1]!.object.data).toEqual({ a: '1' });
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs[0]! < rvs[1]! && rvs[1]! < rvs[2]!).toBe(true);
  });

  it('from a resourceVersion still to come sends only the events after it', async () => {
    server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'wf' } });
    const now = Number(server.store.resourceVersion());
    const w = await watch(`/api/v1/namespaces/wf/configmaps?watch=true&resourceVersion=${now + 2}`);
    for (const n of ['f1', 'f2', 'f3']) await call(server.url, 'POST', '/api/v1/namespaces/wf/configmaps', CM(n));
    const events = await w.take(1);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED f3']);
    expect(await w.next(200)).toBeUndefined();
  });

  it('from a resourceVersion replays only the later events', async () => {
    const created = (await call<Obj>(server.url, 'POST', '/api/v1/namespaces/default/configmaps', CM('w-rv'))).body;
    await call(server.url, 'PATCH', '/api/v1/namespaces/default/configmaps/w-rv', { data: { b: '2' } }, { contentType: 'application/merge-patch+json' });
    const w = await watch(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${created.metadata.resourceVersion}`);
    const e = await w.next();
    expect(e).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'w-rv' }, data: { b: '2' } } });
    expect(await w.next(200)).toBeUndefined();
  });

  it('answers a compacted resourceVersion with an in-stream 410 Expired ERROR', async () => {
    const rv = server.store.resourceVersion();
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w-compact', namespace: 'default' } });
    server.store.compact();
    const w = await watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`);
    expect(w.status).toBe(200);
    const e = await w.next();
    expect(e?.type).toBe('ERROR');
    expect(e?.object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    expect(e?.object.message).toMatch(new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
    expect(await w.ended).toBe('end');
  });

  it('keeps only a bounded history', async () => {
    const rv = server.store.resourceVersion();
    for (let i = 0; i < 60; i++) server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-h${i}`, namespace: 'default' } });
    const w = await watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`);
    expect((await w.next())?.object.reason).toBe('Expired');
  });

  it('filters by label selector, reporting objects entering and leaving it as ADDED and DELETED', async () => {
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', CM('w-sel', { app: 'x' }));
    const w = await watch(`/api/v1/namespaces/default/configmaps?watch=true&labelSelector=app%3Dy&resourceVersion=${server.store.resourceVersion()}`);
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', CM('w-other', { app: 'x' }));
    await call(server.url, 'PATCH', '/api/v1/namespaces/default/configmaps/w-sel', { metadata: { labels: { app: 'y' } } }, { contentType: 'application/merge-patch+json' });
    await call(server.url, 'PATCH', '/api/v1/namespaces/default/configmaps/w-sel', { data: { k: 'v' } }, { contentType: 'application/merge-patch+json' });
    await call(server.url, 'PATCH', '/api/v1/namespaces/default/configmaps/w-sel', { metadata: { labels: { app: 'z' } } }, { contentType: 'application/merge-patch+json' });
    const events = await w.take(3);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w-sel', 'MODIFIED w-sel', 'DELETED w-sel']);
  });

  it('filters by field selector (one object)', async () => {
    const w = await watch(`${HR}/namespaces/default/helmreleases?watch=true&fieldSelector=metadata.name%3Dpodinfo`);
    await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('not-podinfo'));
    await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('podinfo'));
    const e = await w.next();
    expect(e).toMatchObject({ type: 'ADDED', object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', metadata: { name: 'podinfo' } } });
  });

  it('rejects a bad selector before the stream starts', async () => {
    const r = await call<Obj>(server.url, 'GET', `${HR}/helmreleases?watch=true&fieldSelector=spec.x%3D1`);
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('field label not supported: spec.x');
  });

  it('sends BOOKMARK events carrying the current resourceVersion when allowed', async () => {
    const w = await watch(`/api/v1/namespaces/kube-public/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=${server.store.resourceVersion()}`);
    const e = await w.next(2000);
    expect(e?.type).toBe('BOOKMARK');
    expect(e?.object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: server.store.resourceVersion() } });
  });

  it('ends the stream after timeoutSeconds', async () => {
    const w = await watch('/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=1');
    expect(await w.ended).toBe('end');
  });

  it('serves the legacy /watch/ path', async () => {
    const w = await watch('/api/v1/watch/namespaces/default/configmaps?fieldSelector=metadata.name%3Dw-legacy');
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', CM('w-legacy'));
    expect((await w.next())?.object.metadata.name).toBe('w-legacy');
  });

  it('ends watches on a custom resource when its CRD is deleted', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Gadget', plural: 'gadgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    };
    await call(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    const w = await watch('/apis/example.com/v1/gadgets?watch=true');
    await call(server.url, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com');
    expect(await w.ended).toBe('end');
  });

  it('fault: closeWatches ends every open watch', async () => {
    const a = await watch('/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=' + server.store.resourceVersion());
    const b = await watch(`${HR}/helmreleases?watch=true&resourceVersion=${server.store.resourceVersion()}`);
    expect(server.faults.closeWatches()).toBeGreaterThanOrEqual(2);
    expect(await a.ended).toBe('end');
    expect(await b.ended).toBe('end');
  });

  it('fault: dropWatchAfter cuts the next watch after K events', async () => {
    server.faults.dropWatchAfter(2, { path: /configmaps/ });
    const w = await watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${server.store.resourceVersion()}`);
    for (const n of ['d1', 'd2', 'd3']) await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', CM(n));
    const events = await w.take(3, 1000);
    expect(events.map((e) => e.object.metadata.name)).toEqual(['d1', 'd2']);
    expect(await w.ended).toBe('error');
  });
});
