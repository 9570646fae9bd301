// Which ConfigMap/Secret changes wake a HelmRelease, as helm-controller decides it: only objects
// its `--watch-configs-label-selector` selects (default: labelled reconcile.fluxcd.io/watch=Enabled),
// referenced by the HelmRelease (valuesFrom, kubeConfig); every create, update and delete of such
// an object counts, its data changed or not. Unselected objects wait for the interval.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/types.js';
import { DEFAULT_WATCH_CONFIGS_LABEL_SELECTOR, parseConfigsSelector } from '../../src/controller/config-selector.js';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { until } from './support/recording-reconciler.js';
import { startController, type RunningController } from './support/rig.js';

const NS = 'flux-system';
const WATCHED = { 'reconcile.fluxcd.io/watch': 'Enabled' };

function configMap(name: string, labels: Record<string, string> | undefined, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, ...(labels ? { labels } : {}) }, data };
}

function secret(name: string, labels: Record<string, string> | undefined, value: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS, ...(labels ? { labels } : {}) }, type: 'Opaque', data: { 'values.yaml': Buffer.from(value).toString('base64') } };
}

function helmRelease(name: string, valuesFrom: { kind: string; name: string; optional?: boolean }[], extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name, namespace: NS }, spec: { interval: '1h', chartRef: { kind: 'OCIRepository', name: 'podinfo' }, valuesFrom, ...extra } };
}

const objects: KubeObject[] = [
  ...loadFluxCrds(),
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  configMap('watched', WATCHED, { 'values.yaml': 'replicaCount: 1\n' }),
  configMap('plain', undefined, { 'values.yaml': 'replicaCount: 1\n' }),
  secret('watched-secret', WATCHED, 'a: 1\n'),
  secret('plain-secret', undefined, 'a: 1\n'),
  // A Helm release record: never values.
  { ...secret('sh.helm.release.v1.podinfo.v1', { owner: 'helm', name: 'podinfo', status: 'deployed' }, 'H4sI'), type: 'helm.sh/release.v1' },
  helmRelease('uses-watched', [{ kind: 'ConfigMap', name: 'watched' }, { kind: 'Secret', name: 'watched-secret' }]),
  helmRelease('uses-plain', [{ kind: 'ConfigMap', name: 'plain' }, { kind: 'Secret', name: 'plain-secret' }]),
  helmRelease('remote', [], { kubeConfig: { secretRef: { name: 'kubeconfig' } } }),
];

let server: TestApiServer | undefined;
let controller: RunningController | undefined;
afterEach(async () => {
  await controller?.stop();
  await server?.close();
  server = controller = undefined;
});

async function start(configsSelector?: string): Promise<{ server: TestApiServer; controller: RunningController }> {
  server = await startApiServer({ objects });
  controller = await startController(server, configsSelector === undefined ? {} : { configsSelector: parseConfigsSelector(configsSelector) });
  for (const name of ['uses-watched', 'uses-plain', 'remote']) await until(() => controller!.reconciler.count('reconcile', `${NS}/${name}`) === 1, 10_000, `first reconcile of ${name}`);
  return { server, controller };
}

const count = (c: RunningController, name: string) => c.reconciler.count('reconcile', `${NS}/${name}`);
const settle = () => new Promise((r) => setTimeout(r, 300));

/** The stored object with its data (or labels) replaced. */
function edit(s: TestApiServer, kind: 'ConfigMap' | 'Secret', name: string, change: (o: KubeObject) => KubeObject): void {
  s.store.put(change(s.store.get('v1', kind, name, NS)!));
}

describe('controller config watch (--watch-configs-label-selector)', () => {
  it('lists and watches ConfigMaps and Secrets with the reconcile.fluxcd.io/watch=Enabled selector by default', async () => {
    const { server } = await start();
    const configRequests = server.requests.filter((r) => /\/(secrets|configmaps)$/.test(r.path) && !r.query['fieldSelector']);
    expect(configRequests.filter((r) => r.path.endsWith('/configmaps')).length).toBeGreaterThanOrEqual(2);
    expect(configRequests.filter((r) => r.path.endsWith('/secrets')).length).toBeGreaterThanOrEqual(2);
    expect(configRequests.every((r) => r.query['labelSelector'] === 'reconcile.fluxcd.io/watch=Enabled')).toBe(true);
    expect(DEFAULT_WATCH_CONFIGS_LABEL_SELECTOR).toBe('reconcile.fluxcd.io/watch=Enabled');
  });

  it('a labelled ConfigMap or Secret change reconciles its HelmRelease; an unlabelled one waits for the interval', async () => {
    const { server, controller } = await start();
    edit(server, 'ConfigMap', 'plain', (o) => ({ ...o, data: { 'values.yaml': 'replicaCount: 2\n' } }));
    edit(server, 'Secret', 'plain-secret', (o) => ({ ...o, data: { 'values.yaml': Buffer.from('a: 2\n').toString('base64') } }));
    edit(server, 'ConfigMap', 'watched', (o) => ({ ...o, data: { 'values.yaml': 'replicaCount: 2\n' } }));
    await until(() => count(controller, 'uses-watched') === 2, 5_000, 'reconcile on the labelled ConfigMap');
    edit(server, 'Secret', 'watched-secret', (o) => ({ ...o, data: { 'values.yaml': Buffer.from('a: 2\n').toString('base64') } }));
    await until(() => count(controller, 'uses-watched') === 3, 5_000, 'reconcile on the labelled Secret');
    await settle();
    expect(count(controller, 'uses-plain')).toBe(1);
    expect(count(controller, 'uses-watched')).toBe(3);
  });

  it('any new resourceVersion counts (a label or annotation edit too), as ResourceVersionChangedPredicate', async () => {
    const { server, controller } = await start();
    edit(server, 'ConfigMap', 'watched', (o) => ({ ...o, metadata: { ...o.metadata, annotations: { note: 'touched' } } }));
    await until(() => count(controller, 'uses-watched') === 2, 5_000, 'reconcile on the annotation edit');
  });

  it('adding the label reconciles; removing it does not; deleting a labelled object does', async () => {
    const { server, controller } = await start();
    edit(server, 'ConfigMap', 'plain', (o) => ({ ...o, metadata: { ...o.metadata, labels: WATCHED } }));
    await until(() => count(controller, 'uses-plain') === 2, 5_000, 'reconcile when the label is added');
    edit(server, 'ConfigMap', 'plain', (o) => ({ ...o, metadata: { ...o.metadata, labels: { 'reconcile.fluxcd.io/watch': 'Disabled' } } }));
    // The Secret's change arrives after the label removal was seen: once it is handled, the other was too.
    edit(server, 'Secret', 'watched-secret', (o) => ({ ...o, data: { 'values.yaml': Buffer.from('a: 3\n').toString('base64') } }));
    await until(() => count(controller, 'uses-watched') === 2, 5_000, 'reconcile on the labelled Secret');
    await settle();
    expect(count(controller, 'uses-plain')).toBe(2);
    server.store.delete('v1', 'ConfigMap', 'watched', NS);
    await until(() => count(controller, 'uses-watched') === 3, 5_000, 'reconcile when the labelled ConfigMap is deleted');
  });

  it('a labelled Secret created after start reconciles the HelmRelease that references it (kubeConfig included)', async () => {
    const { server, controller } = await start();
    server.store.put(secret('kubeconfig', WATCHED, 'apiVersion: v1\n'));
    await until(() => count(controller, 'remote') === 2, 5_000, 'reconcile when the kubeConfig Secret appears');
  });

  it('a re-list after the watch lost its place does not count unchanged objects as changes', async () => {
    const { server, controller } = await start();
    server.faults.closeWatches();
    server.store.compact();
    // A real change after the re-list is still seen, and it is the only one.
    await settle();
    edit(server, 'ConfigMap', 'watched', (o) => ({ ...o, data: { 'values.yaml': 'replicaCount: 5\n' } }));
    await until(() => count(controller, 'uses-watched') === 2, 5_000, 'reconcile on the change after the re-list');
    await settle();
    expect(count(controller, 'uses-watched')).toBe(2);
    expect(count(controller, 'uses-plain')).toBe(1);
  });

  it('--watch-configs-label-selector=owner!=helm watches every ConfigMap and Secret but Helm release records', async () => {
    const { server, controller } = await start('owner!=helm');
    const configRequests = server.requests.filter((r) => /\/(secrets|configmaps)$/.test(r.path) && !r.query['fieldSelector']);
    expect(configRequests.length).toBeGreaterThanOrEqual(4);
    expect(configRequests.every((r) => r.query['labelSelector'] === 'owner!=helm')).toBe(true);
    edit(server, 'ConfigMap', 'plain', (o) => ({ ...o, data: { 'values.yaml': 'replicaCount: 2\n' } }));
    await until(() => count(controller, 'uses-plain') === 2, 5_000, 'reconcile on the unlabelled ConfigMap');
  });

  it('an empty selector selects everything: the requests carry none', async () => {
    const { server, controller } = await start('');
    const configRequests = server.requests.filter((r) => /\/(secrets|configmaps)$/.test(r.path) && !r.query['fieldSelector']);
    expect(configRequests.length).toBeGreaterThanOrEqual(4);
    expect(configRequests.every((r) => r.query['labelSelector'] === undefined)).toBe(true);
    edit(server, 'Secret', 'plain-secret', (o) => ({ ...o, data: { 'values.yaml': Buffer.from('a: 9\n').toString('base64') } }));
    await until(() => count(controller, 'uses-plain') === 2, 5_000, 'reconcile on the unlabelled Secret');
  });

  it('a malformed selector is refused with helm-controller startup error', () => {
    expect(() => parseConfigsSelector('reconcile.fluxcd.io/watch in')).toThrow(/^unable to configure watch configs label selector for controller: /);
    expect(parseConfigsSelector('a=b').matches({ a: 'b' })).toBe(true);
    expect(parseConfigsSelector('a=b').matches(undefined)).toBe(false);
    expect(parseConfigsSelector('  ').labelSelector).toBeUndefined();
  });
});
