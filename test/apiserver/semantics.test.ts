// Smaller write semantics: dry runs on every verb, field validation modes, built-in status
// subresources, writes through an older served version, delete options.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call, eventually, HR, helmRelease } from './http.js';
import { openWatch } from './watch-stream.js';

type Obj = Record<string, any>;
const MERGE = { contentType: 'application/merge-patch+json' };

let server: TestApiServer;
beforeAll(async () => {
  server = await startApiServer({ objects: loadFluxCrds() });
});
afterAll(() => server.close());

describe('dry runs', () => {
  it('PUT and PATCH with dryRun=All answer the result and store nothing', async () => {
    const created = (await call<Obj>(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('dry'))).body;
    const put = structuredClone(created);
    put.spec.suspend = true;
    const r1 = await call<Obj>(server.url, 'PUT', `${HR}/namespaces/default/helmreleases/dry?dryRun=All`, put);
    expect(r1.body.spec.suspend).toBe(true);
    expect(r1.body.metadata.generation).toBe(2);
    const r2 = await call<Obj>(server.url, 'PATCH', `${HR}/namespaces/default/helmreleases/dry?dryRun=All`, { spec: { interval: '1h' } }, MERGE);
    expect(r2.body.spec.interval).toBe('1h');
    const now = (await call<Obj>(server.url, 'GET', `${HR}/namespaces/default/helmreleases/dry`)).body;
    expect(now.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(now.spec).toEqual(created.spec);
  });
});

describe('field validation', () => {
  it('Ignore drops unknown fields silently', async () => {
    const r = await call<Obj>(server.url, 'POST', `${HR}/namespaces/default/helmreleases?fieldValidation=Ignore`, helmRelease('ignored', 'default', { spec: { extra: 1 } }));
    expect(r.status).toBe(201);
    expect(r.headers.get('warning')).toBeNull();
    expect(r.body.spec.extra).toBeUndefined();
  });
});

describe('versions', () => {
  it('writes through an older served version are stored in the storage version', async () => {
    const obj = { ...helmRelease('old-api'), apiVersion: 'helm.toolkit.fluxcd.io/v2beta2' };
    const r = await call<Obj>(server.url, 'POST', '/apis/helm.toolkit.fluxcd.io/v2beta2/namespaces/default/helmreleases', obj);
    expect(r.status).toBe(201);
    expect(r.body.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta2');
    expect(r.headers.get('warning')).toBe('299 - "v2beta2 HelmRelease is deprecated, upgrade to v2"');
    const v2 = (await call<Obj>(server.url, 'GET', `${HR}/namespaces/default/helmreleases/old-api`)).body;
    expect(v2.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
    expect(v2.spec.interval).toBe('5m');
  });

  it('rejects a body whose apiVersion belongs to another group', async () => {
    const r = await call<Obj>(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, { ...helmRelease('wrong'), apiVersion: 'example.com/v1' });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('the API version in the data (example.com/v1) does not match the expected API version (helm.toolkit.fluxcd.io/v2)');
  });
});

describe('built-in status subresource', () => {
  it('a Deployment status write changes only status; a main write keeps status', async () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'st' },
      spec: { selector: { matchLabels: { app: 'st' } }, template: { metadata: { labels: { app: 'st' } }, spec: { containers: [{ name: 'a', image: 'a:1' }] } } },
    };
    const created = (await call<Obj>(server.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', { ...d, status: { replicas: 9 } })).body;
    expect(created.status).toEqual({});
    const st = await call<Obj>(server.url, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/st/status', { status: { replicas: 1 }, spec: { replicas: 5 } }, MERGE);
    expect(st.body.status).toEqual({ replicas: 1 });
    expect(st.body.spec.replicas).toBe(1);
    const main = await call<Obj>(server.url, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/st', { status: { replicas: 7 }, spec: { replicas: 2 } }, MERGE);
    expect(main.body.status).toEqual({ replicas: 1 });
    expect(main.body.spec.replicas).toBe(2);
    expect(main.body.metadata.generation).toBe(2);
  });
});

describe('delete options', () => {
  it('accepts gracePeriodSeconds and an Orphan policy, which keeps dependents and drops their owner reference', async () => {
    const owner = (await call<Obj>(server.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'orphan-owner' } })).body;
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'orphan', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'orphan-owner', uid: owner.metadata.uid }] },
    });
    const r = await call<Obj>(server.url, 'DELETE', '/api/v1/namespaces/default/configmaps/orphan-owner', { propagationPolicy: 'Orphan', gracePeriodSeconds: 0 });
    expect(r.status).toBe(200);
    await eventually(async () => expect((await call<Obj>(server.url, 'GET', '/api/v1/namespaces/default/configmaps/orphan')).body.metadata.ownerReferences).toBeUndefined());
  });

  it('refuses to delete the default namespaces', async () => {
    const r = await call<Obj>(server.url, 'DELETE', '/api/v1/namespaces/kube-system');
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });

  it('checks preconditions', async () => {
    const cm = (await call<Obj>(server.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pre' } })).body;
    const r = await call<Obj>(server.url, 'DELETE', '/api/v1/namespaces/default/configmaps/pre', { preconditions: { uid: 'not-the-uid' } });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(`Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${cm.metadata.uid}`);
  });
});

describe('watch with sendInitialEvents', () => {
  it('sends the current objects, then a bookmark marking the end of the initial events', async () => {
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'init', namespace: 'initial' } });
    const w = await openWatch(`${server.url}/api/v1/namespaces/initial/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    try {
      const [added, bookmark] = await w.take(2);
      expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'init' } } });
      expect(bookmark).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    } finally {
      w.close();
    }
  });
});

describe('serialization', () => {
  it('encodes custom resources with sorted keys (unstructured) and built-ins in struct order', async () => {
    await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('order'));
    const cr = await call(server.url, 'GET', `${HR}/namespaces/default/helmreleases/order`);
    expect(cr.text).toMatch(/^\{"apiVersion":"helm\.toolkit\.fluxcd\.io\/v2","kind":"HelmRelease","metadata":\{"creationTimestamp":/);
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'order' }, data: { a: '1' } });
    const cm = await call(server.url, 'GET', '/api/v1/namespaces/default/configmaps/order');
    expect(cm.text).toMatch(/^\{"kind":"ConfigMap","apiVersion":"v1","metadata":\{"name":"order","namespace":"default","uid":/);
    const list = await call(server.url, 'GET', `${HR}/namespaces/default/helmreleases`);
    expect(list.text).toMatch(/^\{"apiVersion":"helm\.toolkit\.fluxcd\.io\/v2","items":\[/);
    const cms = await call(server.url, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(cms.text).toMatch(/^\{"kind":"ConfigMapList","apiVersion":"v1","metadata":\{"resourceVersion":"\d+"\},"items":\[/);
  });
});
