import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call, eventually, HR, helmRelease } from './http.js';

type Obj = Record<string, any>;

let server: TestApiServer;
beforeAll(async () => {
  server = await startApiServer({ objects: loadFluxCrds() });
  server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
});
afterAll(() => server.close());

const hrPath = (ns: string, name = ''): string => `${HR}/namespaces/${ns}/helmreleases${name ? `/${name}` : ''}`;

describe('create', () => {
  it('sets uid, creationTimestamp, generation 1, a resourceVersion, and applies the schema defaults', async () => {
    const r = await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('defaults'));
    expect(r.status).toBe(201);
    expect(r.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.body.metadata.generation).toBe(1);
    expect(Number(r.body.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(r.body.spec.chart.spec.reconcileStrategy).toBe('ChartVersion');
    expect(r.body.spec.chart.spec.version).toBe('*');
    expect(r.body.spec.uninstall).toBeUndefined();
    expect(r.body.status).toEqual({ observedGeneration: -1 });
  });

  it('drops status on create when the kind has a status subresource', async () => {
    const obj = { ...helmRelease('with-status'), status: { observedGeneration: 7 } };
    const r = await call<Obj>(server.url, 'POST', hrPath('default'), obj);
    expect(r.body.status).toEqual({ observedGeneration: -1 });
  });

  it('prunes unknown fields with a warning, or rejects them under fieldValidation=Strict', async () => {
    const obj = helmRelease('pruned', 'default', { spec: { bogus: true } });
    const warn = await call<Obj>(server.url, 'POST', hrPath('default'), obj);
    expect(warn.status).toBe(201);
    expect(warn.body.spec.bogus).toBeUndefined();
    expect(warn.headers.get('warning')).toBe('299 - "unknown field \\"spec.bogus\\""');
    const strict = await call<Obj>(server.url, 'POST', `${hrPath('default')}?fieldValidation=Strict`, helmRelease('strict', 'default', { spec: { bogus: true } }));
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('HelmRelease in version "v2" cannot be handled as a HelmRelease: strict decoding error: unknown field "spec.bogus"');
  });

  it('answers 409 AlreadyExists with the real message', async () => {
    await call(server.url, 'POST', hrPath('default'), helmRelease('dup'));
    const r = await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('dup'));
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'helmreleases.helm.toolkit.fluxcd.io "dup" already exists',
      details: { name: 'dup', group: 'helm.toolkit.fluxcd.io', kind: 'helmreleases' },
    });
  });

  it('needs the namespace to exist', async () => {
    const r = await call<Obj>(server.url, 'POST', hrPath('nowhere'), helmRelease('x', 'nowhere'));
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "nowhere" not found', details: { name: 'nowhere', kind: 'namespaces' } });
  });

  it('generates names from generateName', async () => {
    const obj = helmRelease('');
    (obj['metadata'] as Obj) = { generateName: 'gen-', namespace: 'default' };
    const r = await call<Obj>(server.url, 'POST', hrPath('default'), obj);
    expect(r.status).toBe(201);
    expect(r.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('rejects schema violations with 422 Invalid listing each field', async () => {
    const obj = helmRelease('invalid', 'default', { spec: { interval: 'soon', suspend: 'yes' } });
    const r = await call<Obj>(server.url, 'POST', hrPath('default'), obj);
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.message).toBe(
      'HelmRelease.helm.toolkit.fluxcd.io "invalid" is invalid: [spec.interval: Invalid value: "soon": spec.interval in body should match \'^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$\', spec.suspend: Invalid value: "string": spec.suspend in body must be of type boolean: "string"]',
    );
    const missing = helmRelease('no-interval');
    delete (missing['spec'] as Obj).interval;
    const m = await call<Obj>(server.url, 'POST', hrPath('default'), missing);
    expect(m.body.message).toBe('HelmRelease.helm.toolkit.fluxcd.io "no-interval" is invalid: spec.interval: Required value');
    expect(m.body.details.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.interval' }]);
  });

  it('evaluates the CRD validation rules (either chart or chartRef)', async () => {
    const both = helmRelease('both', 'default', { spec: { chartRef: { kind: 'OCIRepository', name: 'podinfo' } } });
    const r = await call<Obj>(server.url, 'POST', hrPath('default'), both);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('HelmRelease.helm.toolkit.fluxcd.io "both" is invalid: spec: Invalid value: "object": either chart or chartRef must be set');
    const ref = helmRelease('ref-only', 'default', { spec: { chartRef: { kind: 'OCIRepository', name: 'podinfo' } } });
    delete (ref['spec'] as Obj).chart;
    expect((await call(server.url, 'POST', hrPath('default'), ref)).status).toBe(201);
  });

  it('rejects invalid object names', async () => {
    const r = await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('Bad_Name'));
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('HelmRelease.helm.toolkit.fluxcd.io "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  it('turns stringData of Secrets into data', async () => {
    const r = await call<Obj>(server.url, 'POST', '/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { 'values.yaml': 'a: 1' } });
    expect(r.body.data).toEqual({ 'values.yaml': Buffer.from('a: 1').toString('base64') });
    expect(r.body.type).toBe('Opaque');
    expect(r.body.stringData).toBeUndefined();
  });
});

describe('get', () => {
  it('answers 404 with the qualified resource name', async () => {
    const r = await call<Obj>(server.url, 'GET', hrPath('default', 'x'));
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'helmreleases.helm.toolkit.fluxcd.io "x" not found',
      reason: 'NotFound',
      details: { name: 'x', group: 'helm.toolkit.fluxcd.io', kind: 'helmreleases' },
      code: 404,
    });
    const cm = await call<Obj>(server.url, 'GET', '/api/v1/namespaces/default/configmaps/nope');
    expect(cm.body.message).toBe('configmaps "nope" not found');
  });

  it('serves objects under every served version with apiVersion rewritten', async () => {
    await call(server.url, 'POST', hrPath('default'), helmRelease('versions'));
    const beta = await call<Obj>(server.url, 'GET', `/apis/helm.toolkit.fluxcd.io/v2beta2/namespaces/default/helmreleases/versions`);
    expect(beta.body.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta2');
    expect(beta.headers.get('warning')).toBe('299 - "v2beta2 HelmRelease is deprecated, upgrade to v2"');
    expect(beta.body.spec.interval).toBe('5m');
  });

  it('serves the namespace object itself', async () => {
    const r = await call<Obj>(server.url, 'GET', '/api/v1/namespaces/flux-system');
    expect(r.body).toMatchObject({ kind: 'Namespace', metadata: { name: 'flux-system', labels: { 'kubernetes.io/metadata.name': 'flux-system' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    for (const ns of ['default', 'kube-system', 'kube-public']) expect((await call(server.url, 'GET', `/api/v1/namespaces/${ns}`)).status).toBe(200);
  });
});

describe('update (PUT)', () => {
  it('bumps resourceVersion on every write and generation only on spec changes', async () => {
    const created = (await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('gen'))).body;
    const labelled = structuredClone(created);
    labelled.metadata.labels = { team: 'a' };
    const r1 = (await call<Obj>(server.url, 'PUT', hrPath('default', 'gen'), labelled)).body;
    expect(r1.metadata.generation).toBe(1);
    expect(Number(r1.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    r1.spec.suspend = true;
    const r2 = (await call<Obj>(server.url, 'PUT', hrPath('default', 'gen'), r1)).body;
    expect(r2.metadata.generation).toBe(2);
    expect(Number(r2.metadata.resourceVersion)).toBeGreaterThan(Number(r1.metadata.resourceVersion));
  });

  it('answers 409 on a stale resourceVersion with the real message', async () => {
    const created = (await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('stale'))).body;
    const a = structuredClone(created);
    a.spec.suspend = true;
    expect((await call(server.url, 'PUT', hrPath('default', 'stale'), a)).status).toBe(200);
    const b = structuredClone(created);
    b.spec.suspend = false;
    const r = await call<Obj>(server.url, 'PUT', hrPath('default', 'stale'), b);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on helmreleases.helm.toolkit.fluxcd.io "stale": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'stale', group: 'helm.toolkit.fluxcd.io', kind: 'helmreleases' },
    });
  });

  it('requires metadata.resourceVersion for custom resources but not for ConfigMaps', async () => {
    await call(server.url, 'POST', hrPath('default'), helmRelease('norv'));
    const r = await call<Obj>(server.url, 'PUT', hrPath('default', 'norv'), helmRelease('norv'));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('helmreleases.helm.toolkit.fluxcd.io "norv" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');
    expect(r.body.details).toMatchObject({ name: 'norv', group: 'helm.toolkit.fluxcd.io', kind: 'helmreleases' });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' } };
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', cm);
    const put = await call<Obj>(server.url, 'PUT', '/api/v1/namespaces/default/configmaps/cm', { ...cm, data: { a: '2' } });
    expect(put.status).toBe(200);
    expect(put.body.data).toEqual({ a: '2' });
    expect(put.body.metadata.generation).toBeUndefined();
  });

  it('keeps status on main-resource writes and only status on /status writes', async () => {
    const created = (await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('sub'))).body;
    const withStatus = structuredClone(created);
    withStatus.status = { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'InstallSucceeded', message: 'ok', lastTransitionTime: '2025-01-01T00:00:00Z' }] };
    withStatus.spec.suspend = true;
    withStatus.metadata.labels = { ignored: 'yes' };
    const st = (await call<Obj>(server.url, 'PUT', `${hrPath('default', 'sub')}/status`, withStatus)).body;
    expect(st.status.conditions[0].reason).toBe('InstallSucceeded');
    expect(st.spec.suspend).toBeUndefined();
    expect(st.metadata.labels).toBeUndefined();
    expect(st.metadata.generation).toBe(1);

    const main = structuredClone(st);
    main.status = { observedGeneration: 99 };
    main.spec.suspend = true;
    const m = (await call<Obj>(server.url, 'PUT', hrPath('default', 'sub'), main)).body;
    expect(m.status.observedGeneration).toBe(1);
    expect(m.spec.suspend).toBe(true);
    expect(m.metadata.generation).toBe(2);
  });

  it('keeps a Service\'s allocated cluster IP when a replacement leaves it out', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } };
    const created = (await call<Obj>(server.url, 'POST', '/api/v1/namespaces/default/services', svc)).body;
    expect(created.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(created.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    const put = (await call<Obj>(server.url, 'PUT', '/api/v1/namespaces/default/services/web', { ...svc, spec: { ports: [{ port: 8080 }] } })).body;
    expect(put.spec.clusterIP).toBe(created.spec.clusterIP);
  });

  it('does not write (nor bump resourceVersion) when nothing changes', async () => {
    const created = (await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('noop'))).body;
    const again = (await call<Obj>(server.url, 'PUT', hrPath('default', 'noop'), created)).body;
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });
});

describe('list', () => {
  beforeAll(async () => {
    for (const [ns, name, labels] of [
      ['team-b', 'b1', { app: 'web', tier: 'front' }],
      ['team-a', 'a2', { app: 'db' }],
      ['team-a', 'a1', { app: 'web' }],
      ['team-b', 'b0', {}],
    ] as const) {
      server.store.put({ ...helmRelease(name, ns), metadata: { name, namespace: ns, labels } } as never);
    }
  });

  const names = (r: Obj): string[] => r.items.map((i: Obj) => `${i.metadata.namespace}/${i.metadata.name}`);

  it('orders by namespace then name, like etcd keys', async () => {
    const r = await call<Obj>(server.url, 'GET', `${HR}/helmreleases`);
    expect(r.body.kind).toBe('HelmReleaseList');
    const ours = names(r.body).filter((n) => n.startsWith('team-'));
    expect(ours).toEqual(['team-a/a1', 'team-a/a2', 'team-b/b0', 'team-b/b1']);
    expect(Number(r.body.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('filters by label selector (=, ==, !=, in, notin, exists, !key)', async () => {
    const q = async (sel: string): Promise<string[]> =>
      names((await call<Obj>(server.url, 'GET', `${HR}/helmreleases?labelSelector=${encodeURIComponent(sel)}`)).body).filter((n) => n.startsWith('team-'));
    expect(await q('app=web')).toEqual(['team-a/a1', 'team-b/b1']);
    expect(await q('app==db')).toEqual(['team-a/a2']);
    expect(await q('app!=web')).toEqual(['team-a/a2', 'team-b/b0']);
    expect(await q('app in (db, web),tier')).toEqual(['team-b/b1']);
    expect(await q('app notin (web)')).toEqual(['team-a/a2', 'team-b/b0']);
    expect(await q('!app')).toEqual(['team-b/b0']);
  });

  it('rejects malformed label selectors with the parser\'s messages', async () => {
    const q = async (sel: string): Promise<Obj> => (await call<Obj>(server.url, 'GET', `${HR}/helmreleases?labelSelector=${encodeURIComponent(sel)}`)).body;
    expect(await q('app web')).toMatchObject({ code: 400, reason: 'BadRequest', message: "found 'web', expected: ',' or 'end of string'" });
    expect((await q('app in web')).message).toBe("unable to parse requirement: found 'web' expected: '('");
    expect((await q('app=bad value!')).message).toBe("found 'value', expected: ',' or 'end of string'");
    expect((await q('app=-x')).message).toMatch(/^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-x": a valid label must be an empty string/);
  });

  it('filters by field selector and rejects unknown fields with the real message', async () => {
    const r = await call<Obj>(server.url, 'GET', `${HR}/helmreleases?fieldSelector=metadata.name%3Da1`);
    expect(names(r.body)).toEqual(['team-a/a1']);
    const ns = await call<Obj>(server.url, 'GET', `${HR}/helmreleases?fieldSelector=metadata.namespace!%3Dteam-a,metadata.name%3Db1`);
    expect(names(ns.body)).toEqual(['team-b/b1']);
    const bad = await call<Obj>(server.url, 'GET', `${HR}/helmreleases?fieldSelector=spec.suspend%3Dtrue`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: spec.suspend' });
    const cm = await call<Obj>(server.url, 'GET', `/api/v1/configmaps?fieldSelector=data.x%3D1`);
    expect(cm.body.message).toBe('"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('selects Events by involvedObject fields', async () => {
    const ev = (name: string, kind: string, objName: string, type: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'flux-system' },
      involvedObject: { kind, name: objName, namespace: 'flux-system' },
      reason: 'Progressing',
      type,
      message: 'm',
    });
    for (const e of [ev('e1', 'HelmRelease', 'podinfo', 'Normal'), ev('e2', 'HelmRelease', 'other', 'Warning'), ev('e3', 'Kustomization', 'podinfo', 'Normal')]) {
      await call(server.url, 'POST', '/api/v1/namespaces/flux-system/events', e);
    }
    const sel = encodeURIComponent('involvedObject.kind=HelmRelease,involvedObject.name=podinfo');
    const r = await call<Obj>(server.url, 'GET', `/api/v1/namespaces/flux-system/events?fieldSelector=${sel}`);
    expect(r.body.items.map((i: Obj) => i.metadata.name)).toEqual(['e1']);
    const w = await call<Obj>(server.url, 'GET', `/api/v1/namespaces/flux-system/events?fieldSelector=type%3DWarning`);
    expect(w.body.items.map((i: Obj) => i.metadata.name)).toEqual(['e2']);
  });

  it('serves core and events.k8s.io Events from one storage', async () => {
    const created = await call<Obj>(server.url, 'POST', '/apis/events.k8s.io/v1/namespaces/flux-system/events', {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'new-style' },
      regarding: { kind: 'HelmRelease', name: 'podinfo', namespace: 'flux-system' },
      note: 'Helm upgrade succeeded',
      reason: 'UpgradeSucceeded',
      type: 'Normal',
      reportingController: 'flux-ts',
      reportingInstance: 'flux-ts-local',
      action: 'Reconcile',
      eventTime: '2025-01-01T00:00:00.000000Z',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: 'events.k8s.io/v1', note: 'Helm upgrade succeeded', regarding: { name: 'podinfo' } });
    const core = await call<Obj>(server.url, 'GET', '/api/v1/namespaces/flux-system/events/new-style');
    expect(core.body).toMatchObject({ apiVersion: 'v1', kind: 'Event', message: 'Helm upgrade succeeded', involvedObject: { kind: 'HelmRelease', name: 'podinfo' }, reportingComponent: 'flux-ts' });
    const sel = encodeURIComponent('involvedObject.name=podinfo,reason=UpgradeSucceeded');
    expect((await call<Obj>(server.url, 'GET', `/api/v1/namespaces/flux-system/events?fieldSelector=${sel}`)).body.items.map((i: Obj) => i.metadata.name)).toEqual(['new-style']);
    const both = await call<Obj>(server.url, 'GET', `/apis/events.k8s.io/v1/namespaces/flux-system/events?fieldSelector=${encodeURIComponent('regarding.kind=HelmRelease,regarding.name=podinfo')}`);
    expect(both.body.items.map((i: Obj) => i.metadata.name)).toEqual(['e1', 'new-style']);
  });

  it('pages with limit and an opaque continue token, with remainingItemCount', async () => {
    const first = (await call<Obj>(server.url, 'GET', `${HR}/namespaces/team-a/helmreleases?limit=1`)).body;
    expect(names(first)).toEqual(['team-a/a1']);
    expect(first.metadata.continue).toBeTruthy();
    expect(first.metadata.remainingItemCount).toBe(1);
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'between-pages', namespace: 'default' } });
    const second = (await call<Obj>(server.url, 'GET', `${HR}/namespaces/team-a/helmreleases?limit=1&continue=${first.metadata.continue}`)).body;
    expect(names(second)).toEqual(['team-a/a2']);
    expect(second.metadata.continue).toBeUndefined();
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('answers 410 for a continue token older than the compaction point', async () => {
    const first = (await call<Obj>(server.url, 'GET', `${HR}/helmreleases?limit=1`)).body;
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bump', namespace: 'default' } });
    server.store.compact();
    const r = await call<Obj>(server.url, 'GET', `${HR}/helmreleases?limit=1&continue=${first.metadata.continue}`);
    expect(r.status).toBe(410);
    expect(r.body.reason).toBe('Expired');
  });

  it('lists one namespace only', async () => {
    const r = await call<Obj>(server.url, 'GET', `${HR}/namespaces/team-b/helmreleases`);
    expect(names(r.body)).toEqual(['team-b/b0', 'team-b/b1']);
  });
});

describe('delete', () => {
  it('answers a Status for custom resources and removes the object', async () => {
    const created = (await call<Obj>(server.url, 'POST', hrPath('default'), helmRelease('gone'))).body;
    const r = await call<Obj>(server.url, 'DELETE', hrPath('default', 'gone'), { propagationPolicy: 'Background' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'gone', group: 'helm.toolkit.fluxcd.io', kind: 'helmreleases', uid: created.metadata.uid } });
    expect((await call(server.url, 'GET', hrPath('default', 'gone'))).status).toBe(404);
    expect((await call<Obj>(server.url, 'DELETE', hrPath('default', 'gone'))).body.message).toBe('helmreleases.helm.toolkit.fluxcd.io "gone" not found');
  });

  it('keeps objects with finalizers, marked for deletion, until the finalizers are removed', async () => {
    const obj = helmRelease('fin', 'default', { metadata: { finalizers: ['finalizers.fluxcd.io'] } });
    await call(server.url, 'POST', hrPath('default'), obj);
    const r = await call<Obj>(server.url, 'DELETE', hrPath('default', 'fin'));
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('HelmRelease');
    expect(r.body.metadata.deletionTimestamp).toBeTruthy();
    expect(r.body.metadata.generation).toBe(2);
    const still = await call<Obj>(server.url, 'GET', hrPath('default', 'fin'));
    expect(still.body.metadata.finalizers).toEqual(['finalizers.fluxcd.io']);
    const adding = await call<Obj>(server.url, 'PATCH', hrPath('default', 'fin'), { metadata: { finalizers: ['finalizers.fluxcd.io', 'another'] } }, { contentType: 'application/merge-patch+json' });
    expect(adding.status).toBe(422);
    expect(adding.body.message).toContain('no new finalizers can be added if the object is being deleted');
    const done = await call<Obj>(server.url, 'PATCH', hrPath('default', 'fin'), { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
    expect(done.status).toBe(200);
    expect((await call(server.url, 'GET', hrPath('default', 'fin'))).status).toBe(404);
  });

  it('honours dryRun=All', async () => {
    await call(server.url, 'POST', hrPath('default'), helmRelease('dry'));
    const r = await call<Obj>(server.url, 'DELETE', `${hrPath('default', 'dry')}?dryRun=All`);
    expect(r.status).toBe(200);
    expect((await call(server.url, 'GET', hrPath('default', 'dry'))).status).toBe(200);
    const c = await call<Obj>(server.url, 'POST', `${hrPath('default')}?dryRun=All`, helmRelease('dry-create'));
    expect(c.status).toBe(201);
    expect(c.body.metadata.uid).toBeTruthy();
    expect((await call(server.url, 'GET', hrPath('default', 'dry-create'))).status).toBe(404);
  });

  it('terminates a namespace: its content is deleted, then the namespace', async () => {
    server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'doomed' } });
    const r = await call<Obj>(server.url, 'DELETE', '/api/v1/namespaces/doomed');
    expect(r.status).toBe(200);
    expect(r.body.status.phase).toBe('Terminating');
    // Like the namespace controller, the content goes a moment later.
    expect((await call(server.url, 'GET', '/api/v1/namespaces/doomed/configmaps/c')).status).toBe(200);
    const create = await call<Obj>(server.url, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    expect(create.status).toBe(403);
    expect(create.body.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    await eventually(async () => expect((await call(server.url, 'GET', '/api/v1/namespaces/doomed')).status).toBe(404));
    expect((await call(server.url, 'GET', '/api/v1/namespaces/doomed/configmaps/c')).status).toBe(404);
  });

  it('deletes in the foreground: the owner waits, with foregroundDeletion, for its dependents', async () => {
    const owner = (await call<Obj>(server.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fg-owner' } })).body;
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fg-dep', finalizers: ['example.com/hold'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'fg-owner', uid: owner.metadata.uid }] },
    });
    const r = await call<Obj>(server.url, 'DELETE', '/api/v1/namespaces/default/configmaps/fg-owner', { propagationPolicy: 'Foreground' });
    expect(r.body.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(r.body.metadata.deletionTimestamp).toBeTruthy();
    await eventually(async () => expect((await call<Obj>(server.url, 'GET', '/api/v1/namespaces/default/configmaps/fg-dep')).body.metadata.deletionTimestamp).toBeTruthy());
    expect((await call(server.url, 'GET', '/api/v1/namespaces/default/configmaps/fg-owner')).status).toBe(200);
    await call(server.url, 'PATCH', '/api/v1/namespaces/default/configmaps/fg-dep', { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
    await eventually(async () => expect((await call(server.url, 'GET', '/api/v1/namespaces/default/configmaps/fg-owner')).status).toBe(404));
  });

  it('garbage-collects dependents of a deleted owner', async () => {
    const owner = (await call<Obj>(server.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } })).body;
    await call(server.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dependent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }] },
    });
    await call(server.url, 'DELETE', '/api/v1/namespaces/default/configmaps/owner');
    await eventually(async () => expect((await call(server.url, 'GET', '/api/v1/namespaces/default/configmaps/dependent')).status).toBe(404));
  });
});

describe('direct store', () => {
  it('stores objects as given, status included, and reads them back', () => {
    const stored = server.store.put({
      ...helmRelease('seeded', 'seeds'),
      status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'done', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
    } as never);
    expect(stored.metadata.resourceVersion).toBeTruthy();
    const back = server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'seeded', 'seeds');
    expect((back?.['status'] as Obj).conditions[0].reason).toBe('UpgradeSucceeded');
    expect(server.store.list('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'seeds')).toHaveLength(1);
    expect(server.store.delete('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'seeded', 'seeds')).toBe(true);
    expect(server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'seeded', 'seeds')).toBeUndefined();
  });

  it('names the object when its kind is not served', () => {
    expect(() => server.store.put({ apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' } })).toThrow(
      'test apiserver: no resource for Gizmo in example.com/v1 (is its CustomResourceDefinition loaded first?)',
    );
  });
});

describe('tables', () => {
  const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

  it('answers kubectl\'s Table request with the CRD printer columns', async () => {
    server.store.put({
      ...helmRelease('tabled', 'tables'),
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'InstallFailed', message: 'install failed', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
    } as never);
    const r = await call<Obj>(server.url, 'GET', `${HR}/namespaces/tables/helmreleases`, undefined, { accept: TABLE });
    expect(r.body.kind).toBe('Table');
    expect(r.body.columnDefinitions.map((c: Obj) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Age', 'date', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
    ]);
    expect(r.body.columnDefinitions[2].description).toBe('Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status');
    expect(r.body.rows).toHaveLength(1);
    expect(r.body.rows[0].cells).toEqual(['tabled', expect.stringMatching(/^\d+s$/), 'False', 'install failed']);
    expect(r.body.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'tabled', namespace: 'tables' } });
    const full = await call<Obj>(server.url, 'GET', `${HR}/namespaces/tables/helmreleases?includeObject=Object`, undefined, { accept: TABLE });
    expect(full.body.rows[0].object.spec.interval).toBe('5m');
  });
});
