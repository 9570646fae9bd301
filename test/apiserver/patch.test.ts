import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call, HR, helmRelease } from './http.js';

type Obj = Record<string, any>;

const MERGE = { contentType: 'application/merge-patch+json' };
const JSONP = { contentType: 'application/json-patch+json' };
const SMP = { contentType: 'application/strategic-merge-patch+json' };
const APPLY = { contentType: 'application/apply-patch+yaml' };

let server: TestApiServer;
beforeAll(async () => {
  server = await startApiServer({ objects: loadFluxCrds() });
});
afterAll(() => server.close());

const hr = (name: string): string => `${HR}/namespaces/default/helmreleases/${name}`;
const deploy = (name: string): string => `/apis/apps/v1/namespaces/default/deployments/${name}`;

function deployment(name: string, containers: Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } }, ...extra },
  };
}

describe('merge patch', () => {
  it('sets an annotation as flux reconcile does, without bumping generation', async () => {
    const created = (await call<Obj>(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('mp'))).body;
    const r = await call<Obj>(server.url, 'PATCH', hr('mp'), { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': '2025-01-01T00:00:00Z' } } }, MERGE);
    expect(r.status).toBe(200);
    expect(r.body.metadata.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': '2025-01-01T00:00:00Z' });
    expect(r.body.metadata.generation).toBe(1);
    expect(r.body.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    const suspended = await call<Obj>(server.url, 'PATCH', hr('mp'), { spec: { suspend: true } }, MERGE);
    expect(suspended.body.metadata.generation).toBe(2);
  });

  it('patches status through /status only', async () => {
    await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('mps'));
    const st = await call<Obj>(server.url, 'PATCH', `${hr('mps')}/status`, { status: { observedGeneration: 1, lastHandledReconcileAt: 'x' }, spec: { suspend: true } }, MERGE);
    expect(st.body.status).toEqual({ observedGeneration: 1, lastHandledReconcileAt: 'x' });
    expect(st.body.spec.suspend).toBeUndefined();
    const main = await call<Obj>(server.url, 'PATCH', hr('mps'), { status: { observedGeneration: 5 } }, MERGE);
    expect(main.body.status.observedGeneration).toBe(1);
  });

  it('answers 409 when the patch carries a stale resourceVersion', async () => {
    const created = (await call<Obj>(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('mprv'))).body;
    await call(server.url, 'PATCH', hr('mprv'), { spec: { suspend: true } }, MERGE);
    const r = await call<Obj>(server.url, 'PATCH', hr('mprv'), { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { suspend: false } }, MERGE);
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe('Conflict');
  });

  it('answers 404 for a missing object', async () => {
    const r = await call<Obj>(server.url, 'PATCH', hr('missing'), { spec: {} }, MERGE);
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('helmreleases.helm.toolkit.fluxcd.io "missing" not found');
  });
});

describe('JSON patch', () => {
  it('applies operations in order and fails on a failed test', async () => {
    await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('jp'));
    const r = await call<Obj>(server.url, 'PATCH', hr('jp'), [
      { op: 'test', path: '/spec/interval', value: '5m' },
      { op: 'replace', path: '/spec/interval', value: '10m' },
      { op: 'add', path: '/metadata/labels', value: { a: 'b' } },
    ], JSONP);
    expect(r.status).toBe(200);
    expect(r.body.spec.interval).toBe('10m');
    expect(r.body.metadata.labels).toEqual({ a: 'b' });
    const bad = await call<Obj>(server.url, 'PATCH', hr('jp'), [{ op: 'test', path: '/spec/interval', value: '5m' }], JSONP);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ reason: 'Invalid', message: 'the server rejected our request due to an error in our request', details: { causes: [{ message: 'testing value /spec/interval failed: test failed' }] } });
  });
});

describe('strategic merge patch', () => {
  it('merges containers, env and ports by their keys on built-in kinds', async () => {
    await call(server.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('smp', [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'side:1' },
    ]));
    const r = await call<Obj>(server.url, 'PATCH', deploy('smp'), {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } } },
    }, SMP);
    expect(r.status).toBe(200);
    const cs = r.body.spec.template.spec.containers;
    expect(cs.map((c: Obj) => `${c.name}=${c.image}`)).toEqual(['app=app:2', 'sidecar=side:1']);
    expect(cs[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    expect(cs[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(r.body.metadata.generation).toBe(2);
    const del = await call<Obj>(server.url, 'PATCH', deploy('smp'), { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }, SMP);
    expect(del.body.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['app']);
  });

  it('a {$patch: replace} item makes the other items the whole list (and drops delete items)', async () => {
    await call(server.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('smp-replace', [
      { name: 'app', image: 'app:1' },
      { name: 'sidecar', image: 'side:1' },
    ]));
    const r = await call<Obj>(server.url, 'PATCH', deploy('smp-replace'), {
      spec: { template: { spec: { containers: [{ name: 'new', image: 'new:1' }, { $patch: 'replace' }, { name: 'app', $patch: 'delete' }] } } },
    }, SMP);
    expect(r.status).toBe(200);
    expect(r.body.spec.template.spec.containers.map((c: Obj) => `${c.name}=${c.image}`)).toEqual(['new=new:1']);
  });

  it('cannot change a workload selector or a Job template (field is immutable)', async () => {
    await call(server.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('immut', [{ name: 'app', image: 'app:1' }]));
    const r = await call<Obj>(server.url, 'PATCH', deploy('immut'), { spec: { selector: { matchLabels: { app: 'other', tier: 'web' } } } }, MERGE);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'Deployment.apps "immut" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } } } };
    await call(server.url, 'POST', '/apis/batch/v1/namespaces/default/jobs', job);
    const j = await call<Obj>(server.url, 'PATCH', '/apis/batch/v1/namespaces/default/jobs/migrate', { spec: { template: { spec: { containers: [{ name: 'm', image: 'm:2' }] } } } }, SMP);
    expect(j.status).toBe(422);
    expect(j.body.message).toMatch(/^Job\.batch "migrate" is invalid: spec\.template: Invalid value: core\.PodTemplateSpec\{.*\}: field is immutable$/);
  });

  it('is refused for custom resources with 415, as the real server does', async () => {
    await call(server.url, 'POST', `${HR}/namespaces/default/helmreleases`, helmRelease('smp-cr'));
    const r = await call<Obj>(server.url, 'PATCH', hr('smp-cr'), { spec: { suspend: true } }, SMP);
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({
      reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });
});

describe('server-side apply', () => {
  const cm = (data: Obj, labels?: Obj): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', ...(labels ? { labels } : {}) }, data });
  const path = '/api/v1/namespaces/default/configmaps/ssa';

  it('creates the object and records an Apply entry in managedFields', async () => {
    const r = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=flux-ts`, cm({ a: '1', b: '2' }, { app: 'x' }), APPLY);
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({ a: '1', b: '2' });
    expect(r.body.metadata.managedFields).toEqual([
      {
        manager: 'flux-ts',
        operation: 'Apply',
        apiVersion: 'v1',
        time: expect.any(String),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
    ]);
  });

  it('needs a field manager (and force only goes with apply)', async () => {
    const r = await call<Obj>(server.url, 'PATCH', path, cm({ a: '1' }), APPLY);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const f = await call<Obj>(server.url, 'PATCH', `${path}?force=true`, { data: { a: '1' } }, MERGE);
    expect(f.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it('reports a conflict with another manager, with the real message, unless forced', async () => {
    const r = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=other`, cm({ a: 'changed' }), APPLY);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "flux-ts": .data.a',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "flux-ts"', field: '.data.a' }] },
    });
    const two = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=other`, cm({ a: 'x', b: 'y' }), APPLY);
    expect(two.body.message).toBe('Apply failed with 2 conflicts: conflicts with "flux-ts":\n- .data.a\n- .data.b');
    const forced = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=other&force=true`, cm({ a: 'changed' }), APPLY);
    expect(forced.status).toBe(200);
    expect(forced.body.data.a).toBe('changed');
    const owners = Object.fromEntries(forced.body.metadata.managedFields.map((e: Obj) => [e.manager, e.fieldsV1]));
    expect(owners['other']).toEqual({ 'f:data': { 'f:a': {} } });
    expect(owners['flux-ts']).toEqual({ 'f:data': { 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } });
  });

  it('shares ownership when another manager applies the same value', async () => {
    const r = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=third`, cm({ b: '2' }), APPLY);
    expect(r.status).toBe(200);
    const owners = r.body.metadata.managedFields.filter((e: Obj) => e.fieldsV1['f:data']?.['f:b']).map((e: Obj) => e.manager);
    expect(owners.sort()).toEqual(['flux-ts', 'third']);
  });

  it('names an Update manager with its apiVersion in conflicts', async () => {
    await call(server.url, 'PATCH', `${path}?fieldManager=kubectl-edit`, { data: { c: '3' } }, MERGE);
    const r = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=flux-ts`, cm({ a: 'changed', b: '2', c: '4' }, { app: 'x' }), APPLY);
    expect(r.body.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.c');
  });

  it('removes fields a manager stops applying, unless someone else owns them', async () => {
    // flux-ts owns b (shared with third) and labels.app; it now applies only label app.
    const r = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=flux-ts`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', labels: { app: 'x' } } }, APPLY);
    expect(r.status).toBe(200);
    expect(r.body.data.b).toBe('2');
    const r2 = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=flux-ts`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' } }, APPLY);
    expect(r2.body.metadata.labels).toBeUndefined();
  });

  it('merges associative lists by key and keeps other managers\' items', async () => {
    const d = deployment('ssa-deploy', [{ name: 'app', image: 'app:1' }]);
    const first = await call<Obj>(server.url, 'PATCH', `${deploy('ssa-deploy')}?fieldManager=helm`, d, APPLY);
    expect(first.status).toBe(201);
    const entry = first.body.metadata.managedFields[0];
    expect(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']).toEqual({ 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } });
    await call(server.url, 'PATCH', `${deploy('ssa-deploy')}?fieldManager=injector`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa-deploy' }, spec: { template: { spec: { containers: [{ name: 'proxy', image: 'proxy:1' }] } } } }, APPLY);
    const again = await call<Obj>(server.url, 'PATCH', `${deploy('ssa-deploy')}?fieldManager=helm`, deployment('ssa-deploy', [{ name: 'app', image: 'app:2' }]), APPLY);
    expect(again.body.spec.template.spec.containers.map((c: Obj) => `${c.name}=${c.image}`)).toEqual(['app=app:2', 'proxy=proxy:1']);
    const conflict = await call<Obj>(server.url, 'PATCH', `${deploy('ssa-deploy')}?fieldManager=helm`, deployment('ssa-deploy', [{ name: 'app', image: 'app:2' }, { name: 'proxy', image: 'proxy:2' }]), APPLY);
    expect(conflict.body.message).toBe('Apply failed with 1 conflict: conflict with "injector": .spec.template.spec.containers[name="proxy"].image');
  });

  it('removes a whole associative list item its manager stops applying (no `{}` left behind)', async () => {
    const withSecret = { ...deployment('ssa-pull', [{ name: 'app', image: 'app:1' }]) } as Obj;
    withSecret.spec.template.spec.imagePullSecrets = [{ name: 'regcred' }];
    expect((await call<Obj>(server.url, 'PATCH', `${deploy('ssa-pull')}?fieldManager=flux-ts`, withSecret, APPLY)).status).toBe(201);
    const again = await call<Obj>(server.url, 'PATCH', `${deploy('ssa-pull')}?fieldManager=flux-ts`, deployment('ssa-pull', [{ name: 'app', image: 'app:1' }]), APPLY);
    expect(again.status).toBe(200);
    expect(again.body.spec.template.spec.imagePullSecrets).toBeUndefined();
    expect(again.body.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['app']);
  });

  it('with dryRun=All answers the merged object and stores nothing', async () => {
    const before = (await call<Obj>(server.url, 'GET', path)).body;
    const r = await call<Obj>(server.url, 'PATCH', `${path}?fieldManager=flux-ts&dryRun=All&force=true`, cm({ z: '26' }), APPLY);
    expect(r.status).toBe(200);
    expect(r.body.data.z).toBe('26');
    const after = (await call<Obj>(server.url, 'GET', path)).body;
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.data.z).toBeUndefined();
  });

  it('applies custom resources with their schema defaults', async () => {
    const r = await call<Obj>(server.url, 'PATCH', `${hr('applied')}?fieldManager=flux-ts`, helmRelease('applied'), APPLY);
    expect(r.status).toBe(201);
    expect(r.body.spec.chart.spec.reconcileStrategy).toBe('ChartVersion');
    expect(r.body.metadata.managedFields[0].operation).toBe('Apply');
  });

  it('fails an applied configuration with undeclared fields as the field manager does (500, no reason)', async () => {
    const r = await call<Obj>(server.url, 'PATCH', `${hr('applied')}?fieldManager=flux-ts`, helmRelease('applied', 'default', { spec: { unknown: 1 } }), APPLY);
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'failed to create typed patch object (default/applied; helm.toolkit.fluxcd.io/v2, Kind=HelmRelease): .spec.unknown: field not declared in schema',
      code: 500,
    });
  });
});
