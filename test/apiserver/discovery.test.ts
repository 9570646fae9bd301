import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';

type Obj = Record<string, any>;

let server: TestApiServer;
beforeAll(async () => {
  server = await startApiServer({ objects: loadFluxCrds() });
});
afterAll(() => server.close());

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery', () => {
  it('serves /version like a v1.35 apiserver', async () => {
    const r = await call<Obj>(server.url, 'GET', '/version');
    expect(r.status).toBe(200);
    expect(r.body.gitVersion).toBe('v1.35.0');
    expect(r.body.major).toBe('1');
  });

  it('lists the core group at /api and /api/v1 with short names and subresources', async () => {
    expect((await call<Obj>(server.url, 'GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const v1 = await call<Obj>(server.url, 'GET', '/api/v1');
    const names = v1.body.resources.map((r: Obj) => r.name);
    expect(names).toEqual(expect.arrayContaining(['configmaps', 'secrets', 'namespaces', 'namespaces/status', 'pods', 'pods/status', 'services', 'events', 'serviceaccounts', 'persistentvolumeclaims', 'endpoints']));
    const ns = v1.body.resources.find((r: Obj) => r.name === 'namespaces');
    expect(ns).toMatchObject({ namespaced: false, kind: 'Namespace', shortNames: ['ns'] });
  });

  it('lists the Flux groups with their preferred versions', async () => {
    const r = await call<Obj>(server.url, 'GET', '/apis');
    expect(r.body.kind).toBe('APIGroupList');
    const helm = r.body.groups.find((g: Obj) => g.name === 'helm.toolkit.fluxcd.io');
    expect(helm.preferredVersion).toEqual({ groupVersion: 'helm.toolkit.fluxcd.io/v2', version: 'v2' });
    expect(helm.versions.map((v: Obj) => v.version)).toEqual(['v2', 'v2beta2', 'v2beta1']);
    const source = r.body.groups.find((g: Obj) => g.name === 'source.toolkit.fluxcd.io');
    expect(source.versions.map((v: Obj) => v.version)).toEqual(['v1', 'v1beta2']);
    expect((await call<Obj>(server.url, 'GET', '/apis/source.toolkit.fluxcd.io')).body).toMatchObject({ kind: 'APIGroup', name: 'source.toolkit.fluxcd.io' });
  });

  it('describes the Flux resources with their short names', async () => {
    const hr = await call<Obj>(server.url, 'GET', '/apis/helm.toolkit.fluxcd.io/v2');
    expect(hr.body.resources).toEqual([
      { name: 'helmreleases', singularName: 'helmrelease', namespaced: true, kind: 'HelmRelease', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['hr'] },
      { name: 'helmreleases/status', singularName: '', namespaced: true, kind: 'HelmRelease', verbs: ['get', 'patch', 'update'] },
    ]);
    const src = await call<Obj>(server.url, 'GET', '/apis/source.toolkit.fluxcd.io/v1');
    const short = Object.fromEntries(src.body.resources.filter((r: Obj) => !r.name.includes('/')).map((r: Obj) => [r.name, r.shortNames]));
    expect(short).toEqual({ gitrepositories: ['gitrepo'], helmcharts: ['hc'], helmrepositories: ['helmrepo'], ocirepositories: ['ocirepo'] });
  });

  it('answers aggregated discovery only when the Accept header asks, with its content type', async () => {
    const agg = await call<Obj>(server.url, 'GET', '/apis', undefined, { accept: AGGREGATED });
    expect(agg.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(agg.body.kind).toBe('APIGroupDiscoveryList');
    const helm = agg.body.items.find((i: Obj) => i.metadata.name === 'helm.toolkit.fluxcd.io');
    expect(helm.versions[0].version).toBe('v2');
    expect(helm.versions[0].resources[0]).toMatchObject({
      resource: 'helmreleases',
      responseKind: { group: 'helm.toolkit.fluxcd.io', version: 'v2', kind: 'HelmRelease' },
      scope: 'Namespaced',
      singularResource: 'helmrelease',
      shortNames: ['hr'],
      subresources: [{ subresource: 'status', verbs: ['get', 'patch', 'update'] }],
    });
    const core = await call<Obj>(server.url, 'GET', '/api', undefined, { accept: AGGREGATED });
    expect(core.body.items).toHaveLength(1);
    expect(core.body.items[0].versions[0].version).toBe('v1');
    const plain = await call<Obj>(server.url, 'GET', '/apis', undefined, { accept: 'application/json' });
    expect(plain.headers.get('content-type')).toBe('application/json');
  });

  it('answers unknown paths with the apiserver 404 Status', async () => {
    const r = await call<Obj>(server.url, 'GET', '/apis/example.com/v1/widgets');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'the server could not find the requested resource', code: 404 });
  });

  it('publishes OpenAPI v3 with a PATCH operation that takes fieldValidation for every kind', async () => {
    const root = await call<Obj>(server.url, 'GET', '/openapi/v3');
    const url = root.body.paths['apis/helm.toolkit.fluxcd.io/v2'].serverRelativeURL as string;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/helm.toolkit.fluxcd.io\/v2\?hash=[0-9A-F]+$/);
    expect(root.body.paths['api/v1']).toBeDefined();
    const doc = await call<Obj>(server.url, 'GET', url);
    const item = doc.body.paths['/apis/helm.toolkit.fluxcd.io/v2/namespaces/{namespace}/helmreleases/{name}'];
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'helm.toolkit.fluxcd.io', version: 'v2', kind: 'HelmRelease' });
    expect(item.patch.parameters.map((p: Obj) => p.name)).toContain('fieldValidation');
    expect(doc.body.components.schemas['io.fluxcd.toolkit.helm.v2.HelmRelease'].properties.spec.required).toEqual(['interval']);
  });
});

describe('CustomResourceDefinitions registered at run time', () => {
  const widgetCrd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets', shortNames: ['wd'], categories: ['all'] },
      scope: 'Cluster',
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', default: 3 } } } } } } },
        { name: 'v1alpha1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  };

  it('appear in discovery once created, established, and go away when deleted', async () => {
    const created = await call<Obj>(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd);
    expect(created.status).toBe(201);
    const crd = await call<Obj>(server.url, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect(crd.body.status.acceptedNames).toEqual({ kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget', shortNames: ['wd'], categories: ['all'] });
    const conditions = Object.fromEntries(crd.body.status.conditions.map((c: Obj) => [c.type, c.status]));
    expect(conditions).toEqual({ NamesAccepted: 'True', Established: 'True' });
    expect(crd.body.status.storedVersions).toEqual(['v1']);

    const res = await call<Obj>(server.url, 'GET', '/apis/example.com/v1');
    expect(res.body.resources[0]).toMatchObject({ name: 'widgets', namespaced: false, kind: 'Widget', shortNames: ['wd'], categories: ['all'] });

    const w = await call<Obj>(server.url, 'POST', '/apis/example.com/v1/widgets', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: {} });
    expect(w.status).toBe(201);
    expect(w.body.spec).toEqual({ size: 3 });
    // Readable under every served version, apiVersion rewritten.
    const alpha = await call<Obj>(server.url, 'GET', '/apis/example.com/v1alpha1/widgets/w1');
    expect(alpha.body.apiVersion).toBe('example.com/v1alpha1');
    expect(alpha.body.spec).toEqual({ size: 3 });

    const del = await call<Obj>(server.url, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect(del.status).toBe(200);
    expect((await call(server.url, 'GET', '/apis/example.com/v1')).status).toBe(404);
    const groups = (await call<Obj>(server.url, 'GET', '/apis')).body.groups.map((g: Obj) => g.name);
    expect(groups).not.toContain('example.com');
    expect((await call(server.url, 'GET', '/apis/example.com/v1/widgets/w1')).status).toBe(404);
  });

  it('rejects a CRD whose name does not match its plural and group', async () => {
    const bad = { ...widgetCrd, metadata: { name: 'gadgets.example.com' } };
    const r = await call<Obj>(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', bad);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('CustomResourceDefinition.apiextensions.k8s.io "gadgets.example.com" is invalid: metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group');
  });
});
