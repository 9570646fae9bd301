import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, OperationInProgressError, rollback, runTests, uninstall, unlock, upgrade } from '../../../src/helm/action/index.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const ns = 'default';
const statuses = async (name: string): Promise<string[]> =>
  (await h.cfg(ns).storage.history(name)).map((r) => `${r.version}:${r.info.status}:${r.info.description}`);

describe('install', () => {
  it('creates CRDs, runs hooks, applies with ownership metadata and records the release', async () => {
    const rel = await install(h.cfg(ns), h.source('web', ns, { greeting: 'hi' }), { name: 'web', namespace: ns, timeoutMs: 20_000 });
    expect(rel.info.status).toBe('deployed');
    expect(rel.info.description).toBe('Install complete');
    expect(rel.info.notes).toBe('web says hi.\n');
    expect(rel.config).toEqual({ greeting: 'hi' });
    expect(rel.apply_method).toBe('ssa');
    expect(await statuses('web')).toEqual(['1:deployed:Install complete']);

    expect(h.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com')).toBeDefined();
    // An object of the chart's own CRD kind is applied after the CRD.
    expect(h.get('example.com/v1', 'Widget', 'web', ns)?.spec).toEqual({ size: 1 });
    const cm = h.get('v1', 'ConfigMap', 'web-config', ns)!;
    expect(cm.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'Helm' });
    expect(cm.metadata.annotations).toEqual({ 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': ns });
    const managers = (cm.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toEqual(['helm-controller/Apply']);
    // The migrate Job hook succeeded and was deleted (hook-succeeded); the post hook stays.
    expect(h.get('batch/v1', 'Job', 'web-migrate', ns)).toBeUndefined();
    expect(h.get('v1', 'ConfigMap', 'web-post', ns)?.data).toEqual({ revision: '1' });
    const hooks = Object.fromEntries((rel.hooks ?? []).map((x) => [x.name, x.last_run.phase]));
    expect(hooks).toEqual({ 'web-migrate': 'Succeeded', 'web-post': 'Succeeded', 'web-test': '' });
  });

  it('refuses a name in use', async () => {
    await expect(install(h.cfg(ns), h.source('web', ns), { name: 'web', namespace: ns })).rejects.toThrow('cannot re-use a name that is still in use');
  });

  it('creates the namespace when asked', async () => {
    await install(h.cfg('fresh'), h.source('one', 'fresh'), { name: 'one', namespace: 'fresh', createNamespace: true, timeoutMs: 20_000 });
    const namespace = h.get('v1', 'Namespace', 'fresh')!;
    expect(namespace.metadata.labels).toMatchObject({ name: 'fresh' });
    // Applied as helm 4.1.4 does it (its own manager, operation Apply).
    expect((namespace.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`)).toEqual(['helm-controller/Apply']);
  });

  it('writes nothing when rendering fails', async () => {
    const src = h.source('broken', ns, { replicaCount: { not: 'a number' }, image: null });
    src.render = () => {
      throw new Error('template: app/templates/deployment.yaml:6:14: boom');
    };
    await expect(install(h.cfg(ns), src, { name: 'broken', namespace: ns })).rejects.toThrow('boom');
    expect(await h.cfg(ns).storage.history('broken')).toEqual([]);
  });

  it('refuses to adopt objects of another owner unless taking ownership', async () => {
    h.server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other-config', namespace: ns }, data: {} });
    await expect(install(h.cfg(ns), h.source('other', ns), { name: 'other', namespace: ns, takeOwnership: false })).rejects.toThrow(
      'unable to continue with install: ConfigMap "other-config" in namespace "default" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "other"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "default"',
    );
    expect(await h.cfg(ns).storage.history('other')).toEqual([]);
  });
});

describe('upgrade, test, rollback, uninstall', () => {
  it('refuses to adopt an object that joins the chart on upgrade unless taking ownership, as helm words it', async () => {
    await install(h.cfg(ns), h.source('adopt', ns, { extra: false }), { name: 'adopt', namespace: ns, timeoutMs: 20_000, disableHooks: true });
    h.server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'adopt-extra', namespace: ns }, data: {} });
    await expect(upgrade(h.cfg(ns), h.source('adopt', ns, { extra: true }), { name: 'adopt', namespace: ns, takeOwnership: false, disableHooks: true })).rejects.toThrow(
      'unable to continue with update: ConfigMap "adopt-extra" in namespace "default" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "adopt"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "default"',
    );
    expect(await statuses('adopt')).toEqual(['1:deployed:Install complete']);
    // Flux's default takes ownership.
    await upgrade(h.cfg(ns), h.source('adopt', ns, { extra: true }), { name: 'adopt', namespace: ns, timeoutMs: 20_000, disableHooks: true });
    expect(h.get('v1', 'ConfigMap', 'adopt-extra', ns)?.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'adopt' });
  });

  it('answers for missing releases as helm does', async () => {
    await expect(upgrade(h.cfg(ns), h.source('nope', ns), { name: 'nope', namespace: ns })).rejects.toThrow('"nope" has no deployed releases');
    await expect(rollback(h.cfg(ns), { name: 'nope' })).rejects.toThrow('release: not found');
    await expect(uninstall(h.cfg(ns), { name: 'nope' })).rejects.toThrow('uninstall: Release not loaded: nope: release: not found');
  });

  it('upgrades: supersedes the previous revision, prunes objects that left the chart, keeps resource-policy keep', async () => {
    const rel = await upgrade(h.cfg(ns), h.source('web', ns, { greeting: 'hey', extra: false, kept: false, replicaCount: 2 }), {
      name: 'web',
      namespace: ns,
      timeoutMs: 20_000,
      maxHistory: 5,
    });
    expect(rel.version).toBe(2);
    expect(await statuses('web')).toEqual(['1:superseded:Install complete', '2:deployed:Upgrade complete']);
    expect(h.get('v1', 'ConfigMap', 'web-extra', ns)).toBeUndefined();
    expect(h.get('v1', 'ConfigMap', 'web-kept', ns)).toBeDefined();
    expect(h.get('v1', 'ConfigMap', 'web-config', ns)?.data).toEqual({ greeting: 'hey', revision: '2' });
    expect((h.get('apps/v1', 'Deployment', 'web', ns)?.spec as { replicas: number }).replicas).toBe(2);
    const [first, second] = await h.cfg(ns).storage.history('web');
    expect(second!.info.first_deployed).toBe(first!.info.first_deployed);
  });

  it('runs the test hooks of the latest revision and records their phase', async () => {
    const rel = await runTests(h.cfg(ns), { name: 'web', timeoutMs: 20_000 });
    expect(rel.hooks?.find((x) => x.name === 'web-test')?.last_run.phase).toBe('Succeeded');
    const stored = await h.cfg(ns).storage.get('web', 2);
    expect(stored.hooks?.find((x) => x.name === 'web-test')?.last_run.phase).toBe('Succeeded');
    expect(stored.info.status).toBe('deployed');
  });

  it('filters tests by name; skipped hooks are kept in the record, first', async () => {
    const rel = await runTests(h.cfg(ns), { name: 'web', filters: ['!web-test'], timeoutMs: 20_000 });
    expect(rel.hooks?.map((x) => x.name)).toEqual(['web-test', 'web-post', 'web-migrate']);
  });

  it('rolls back to the previous revision', async () => {
    const rel = await rollback(h.cfg(ns), { name: 'web', timeoutMs: 20_000, maxHistory: 5 });
    expect(rel.version).toBe(3);
    expect(await statuses('web')).toEqual(['1:superseded:Install complete', '2:superseded:Upgrade complete', '3:deployed:Rollback to 1']);
    expect(h.get('v1', 'ConfigMap', 'web-extra', ns)).toBeDefined();
    expect(h.get('v1', 'ConfigMap', 'web-config', ns)?.data).toEqual({ greeting: 'hi', revision: '1' });
    expect(rel.config).toEqual({ greeting: 'hi' });
  });

  it('prunes history to maxHistory, never the deployed revision', async () => {
    await upgrade(h.cfg(ns), h.source('web', ns, { greeting: 'a' }), { name: 'web', namespace: ns, timeoutMs: 20_000, maxHistory: 2 });
    expect(await statuses('web')).toEqual(['3:superseded:Rollback to 1', '4:deployed:Upgrade complete']);
  });

  it('reports an operation in progress for a pending release, and unlock marks it failed', async () => {
    const storage = h.cfg(ns).storage;
    const last = (await storage.last('web'))!;
    last.info = { ...last.info, status: 'pending-upgrade', description: 'Preparing upgrade' };
    await storage.update(last);
    await expect(upgrade(h.cfg(ns), h.source('web', ns), { name: 'web', namespace: ns })).rejects.toThrow(OperationInProgressError);
    await expect(upgrade(h.cfg(ns), h.source('web', ns), { name: 'web', namespace: ns })).rejects.toThrow('another operation (install/upgrade/rollback) is in progress');
    const unlocked = await unlock(h.cfg(ns), 'web');
    expect(unlocked.info).toMatchObject({ status: 'failed', description: "Release unlocked from stale 'pending-upgrade' state" });
    await expect(unlock(h.cfg(ns), 'web')).rejects.toThrow('cannot unlock release "web": status is failed, not pending');
  });

  it('uninstalls: deletes owned objects, keeps resource-policy keep, removes the history', async () => {
    // Make the kept ConfigMap part of the latest manifest again.
    await upgrade(h.cfg(ns), h.source('web', ns, { greeting: 'bye' }), { name: 'web', namespace: ns, timeoutMs: 20_000, maxHistory: 5 });
    // An object that lost its ownership metadata is deleted all the same, as helm 4.1.4 does.
    const svc = h.get('v1', 'Service', 'web', ns)!;
    h.server.store.put({ ...svc, metadata: { ...svc.metadata, labels: {}, annotations: {} } });
    const res = await uninstall(h.cfg(ns), { name: 'web', timeoutMs: 20_000 });
    expect(res.info).toBe('These resources were kept due to the resource policy:\n[ConfigMap] web-kept\n');
    expect(h.get('apps/v1', 'Deployment', 'web', ns)).toBeUndefined();
    expect(h.get('v1', 'ConfigMap', 'web-config', ns)).toBeUndefined();
    expect(h.get('v1', 'Service', 'web', ns)).toBeUndefined();
    expect(h.get('v1', 'ConfigMap', 'web-kept', ns)).toBeDefined();
    expect(await h.cfg(ns).storage.history('web')).toEqual([]);
  });

  it('uninstall with keepHistory leaves an uninstalled record', async () => {
    await uninstall(h.cfg('fresh'), { name: 'one', keepHistory: true, timeoutMs: 20_000 });
    expect((await h.cfg('fresh').storage.history('one')).map((r) => [r.info.status, r.info.description, Boolean(r.info.deleted)])).toEqual([
      ['uninstalled', 'Uninstallation complete', true],
    ]);
    await expect(uninstall(h.cfg('fresh'), { name: 'one', keepHistory: true })).rejects.toThrow('the release named "one" is already deleted');
    await expect(upgrade(h.cfg('fresh'), h.source('one', 'fresh'), { name: 'one', namespace: 'fresh' })).rejects.toThrow('"one" has no deployed releases');
  });
});
