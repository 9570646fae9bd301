// @kubernetes/client-node 1.4 (what flux-ts builds on) against the test server.
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';

type Obj = Record<string, any>;

let server: TestApiServer;
let kc: KubeConfig;
const group = 'helm.toolkit.fluxcd.io';
const version = 'v2';
const plural = 'helmreleases';

function release(name: string): Obj {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: 'flux-system' },
    spec: { interval: '5m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } } },
  };
}

beforeAll(async () => {
  server = await startApiServer({ objects: loadFluxCrds(), token: 'tok' });
  server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
  for (const n of ['a', 'b', 'c']) server.store.put(release(n) as never);
  kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
});
afterAll(() => server.close());

describe('client-node 1.4', () => {
  it('lists custom objects, page by page, with the bearer token', async () => {
    const co = kc.makeApiClient(CustomObjectsApi);
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const r = (await co.listNamespacedCustomObject({ group, version, namespace: 'flux-system', plural, limit: 2, _continue: cont })) as Obj;
      names.push(...r.items.map((i: Obj) => i.metadata.name));
      cont = r.metadata.continue;
      pages++;
    } while (cont);
    expect(names).toEqual(['a', 'b', 'c']);
    expect(pages).toBe(2);
    expect(server.requests.at(-1)?.query).toMatchObject({ limit: '2' });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer tok');
  });

  it('merge-patches an annotation and reads it back', async () => {
    const co = kc.makeApiClient(CustomObjectsApi);
    const patched = (await co.patchNamespacedCustomObject(
      { group, version, namespace: 'flux-system', plural, name: 'a', body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as Obj;
    expect(patched.metadata.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': 'now' });
    expect(server.requests.at(-1)?.contentType).toBe('application/merge-patch+json');
    const got = (await co.getNamespacedCustomObject({ group, version, namespace: 'flux-system', plural, name: 'a' })) as Obj;
    expect(got.metadata.annotations['reconcile.fluxcd.io/requestedAt']).toBe('now');
  });

  it('sees the Status of a 404 in ApiException', async () => {
    const co = kc.makeApiClient(CustomObjectsApi);
    const err = await co.getNamespacedCustomObject({ group, version, namespace: 'flux-system', plural, name: 'missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    const e = err as ApiException<string>;
    expect(e.code).toBe(404);
    expect(JSON.parse(e.body)).toMatchObject({ reason: 'NotFound', message: 'helmreleases.helm.toolkit.fluxcd.io "missing" not found' });
  });

  it('server-side applies through KubernetesObjectApi (which maps the kind by discovery)', async () => {
    const api = KubernetesObjectApi.makeApiClient(kc);
    const applied = (await api.patch(release('ssa') as never, undefined, undefined, 'flux-ts', true, PatchStrategy.ServerSideApply)) as Obj;
    expect(applied.metadata.managedFields[0]).toMatchObject({ manager: 'flux-ts', operation: 'Apply' });
    expect(server.requests.some((r) => r.path === '/apis/helm.toolkit.fluxcd.io/v2' && r.method === 'GET')).toBe(true);
  });

  it('reads core objects with typed clients', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const ns = await core.readNamespace({ name: 'flux-system' });
    expect(ns.status?.phase).toBe('Active');
    expect(ns.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });

  it('watches: ADDED for existing objects, then live events, ERROR for an expired resourceVersion', async () => {
    const w = new Watch(kc);
    const seen: string[] = [];
    let done!: (e: unknown) => void;
    const ended = new Promise((r) => (done = r));
    const ac = await w.watch(`/apis/${group}/${version}/namespaces/flux-system/${plural}`, {}, (phase: string, obj: Obj) => seen.push(`${phase} ${obj.metadata.name}`), (e: unknown) => done(e));
    const co = kc.makeApiClient(CustomObjectsApi);
    await co.createNamespacedCustomObject({ group, version, namespace: 'flux-system', plural, body: release('d') });
    for (let i = 0; i < 100 && !seen.includes('ADDED d'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen.slice(0, 3)).toEqual(['ADDED a', 'ADDED b', 'ADDED c']);
    expect(seen).toContain('ADDED d');
    ac.abort();
    await ended;

    const rv = server.store.resourceVersion();
    server.store.put(release('e') as never);
    server.store.compact();
    const errors: Obj[] = [];
    let closed!: (e: unknown) => void;
    const end2 = new Promise((r) => (closed = r));
    await w.watch(`/apis/${group}/${version}/namespaces/flux-system/${plural}`, { resourceVersion: rv }, (phase: string, obj: Obj) => phase === 'ERROR' && errors.push(obj), (e: unknown) => closed(e));
    expect(await end2).toBeNull();
    expect(errors[0]).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });
});
