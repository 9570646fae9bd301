// Interoperability with the official helm v4 binary pointed at the same test server: releases
// written by flux-ts are read, rolled back and uninstalled by helm, and releases written by helm
// are upgraded by flux-ts. Helm's own records of the same steps are the expected values.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, rollback, runTests, uninstall, upgrade } from '../../../src/helm/action/index.js';
import { decodeRelease, releaseToJSON } from '../../../src/helm/release/codec.js';
import { migrateClientSideFields } from '../../../src/helm/action/csa-migrate.js';
import { currentObjects } from '../../../src/helm/action/sync.js';
import { CHART_DIR, startHarness, type Harness } from './harness.js';
import { helmRunner, type HelmRun } from './helm-cli.js';

let h: Harness;
let helm: (...args: string[]) => Promise<HelmRun>;
beforeAll(async () => {
  h = await startHarness();
  helm = helmRunner(h.server.kubeconfigPath);
});
afterAll(async () => {
  await h?.close();
});

const ns = 'default';

async function helmJson<T>(...args: string[]): Promise<T> {
  const r = await helm(...args, '-o', 'json');
  expect(withoutKlog(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface HistoryRow {
  revision: number;
  status: string;
  chart: string;
  app_version: string;
  description: string;
}

/** client-go's klog lines (e.g. a watch its waiter closed) are diagnostics, not errors. */
const withoutKlog = (stderr: string): string => stderr.split('\n').filter((l) => !/^[IWE]\d{4} /.test(l)).join('\n');

async function helmOk(...args: string[]): Promise<string> {
  const r = await helm(...args);
  expect(withoutKlog(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const historyOf = async (name: string): Promise<string[]> =>
  (await helmJson<HistoryRow[]>('history', name, '-n', ns)).map((r) => `${r.revision} ${r.status} ${r.chart} ${r.app_version} ${r.description}`);

function storedText(name: string, version: number): string {
  const secret = h.get('v1', 'Secret', `sh.helm.release.v1.${name}.v${version}`, ns)!;
  return Buffer.from((secret as unknown as { data: { release: string } }).data.release, 'base64').toString('utf8');
}

function storedRecord(name: string, version: number): Record<string, unknown> {
  const secret = h.get('v1', 'Secret', `sh.helm.release.v1.${name}.v${version}`, ns)!;
  const data = (secret as unknown as { data: { release: string } }).data.release;
  return JSON.parse(JSON.stringify(decodeRelease(Buffer.from(data, 'base64').toString('utf8')))) as Record<string, unknown>;
}

describe('helm reads what flux-ts writes', () => {
  it('helm list, status, get values/manifest/notes/hooks show a flux-ts install', async () => {
    const rel = await install(h.cfg(ns), h.source('web', ns, { greeting: 'hi' }), { name: 'web', namespace: ns, timeoutMs: 20_000 });
    const list = await helmJson<{ name: string; namespace: string; revision: string; status: string; chart: string; app_version: string }[]>('list', '-n', ns);
    expect(list.map(({ name, namespace, revision, status, chart, app_version }) => ({ name, namespace, revision, status, chart, app_version }))).toEqual([
      { name: 'web', namespace: ns, revision: '1', status: 'deployed', chart: 'app-0.1.0', app_version: '1.0.0' },
    ]);
    expect(await helmJson('get', 'values', 'web', '-n', ns)).toEqual({ greeting: 'hi' });
    expect(await helmJson('get', 'values', 'web', '-n', ns, '--all')).toEqual({ extra: true, greeting: 'hi', image: 'nginx:1.27', kept: true, replicaCount: 1 });
    const manifest = await helm('get', 'manifest', 'web', '-n', ns);
    expect(manifest.stdout).toBe(`${rel.manifest}\n`);
    expect((await helm('get', 'notes', 'web', '-n', ns)).stdout).toBe('NOTES:\nweb says hi.\n\n');
    const status = await helmJson<{ info: { status: string; description: string }; version: number }>('status', 'web', '-n', ns);
    expect([status.info.status, status.info.description, status.version]).toEqual(['deployed', 'Install complete', 1]);
    const hooks = await helm('get', 'hooks', 'web', '-n', ns);
    expect(hooks.stdout).toContain('# Source: app/templates/hooks.yaml\napiVersion: batch/v1\nkind: Job');
  });

  it('helm status shows the results of flux-ts tests, and helm test runs them', async () => {
    await runTests(h.cfg(ns), { name: 'web', timeoutMs: 20_000 });
    const status = await helmOk('status', 'web', '-n', ns);
    expect(status).toMatch(/TEST SUITE:\s+web-test\nLast Started:.*\nLast Completed:.*\nPhase:\s+Succeeded\n/);
    const t = await helmOk('test', 'web', '-n', ns, '--timeout', '30s');
    expect(t).toMatch(/TEST SUITE:\s+web-test\n.*\nLast Completed:.*\nPhase:\s+Succeeded\n/s);
  });

  it('helm history shows the same lifecycle for a flux-ts release as for helm’s own', async () => {
    await upgrade(h.cfg(ns), h.source('web', ns, { greeting: 'hey' }), { name: 'web', namespace: ns, timeoutMs: 20_000, maxHistory: 5 });
    expect(await historyOf('web')).toEqual(['1 superseded app-0.1.0 1.0.0 Install complete', '2 deployed app-0.1.0 1.0.0 Upgrade complete']);

    // The same two steps done by helm itself.
    // --skip-crds: the CRD is already managed by flux-ts's field manager (helm would conflict).
    await helmOk('install', 'ref', CHART_DIR, '-n', ns, '--skip-crds', '--set', 'greeting=hi', '--wait', '--timeout', '30s');
    await helmOk('upgrade', 'ref', CHART_DIR, '-n', ns, '--set', 'greeting=hey', '--wait', '--timeout', '30s');
    expect((await historyOf('ref')).map((l) => l.replace(' ref', ' web'))).toEqual(await historyOf('web'));

    // The stored records have the same shape (fields, info fields, chart fields, hook fields).
    const ours = storedRecord('web', 2);
    const theirs = storedRecord('ref', 2);
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(Object.keys(ours.info as object)).toEqual(Object.keys(theirs.info as object));
    expect(Object.keys(ours.chart as object)).toEqual(Object.keys(theirs.chart as object));
    // The whole embedded chart, file times included, is what helm stores for the same directory.
    expect(ours.chart).toEqual(theirs.chart);
    expect(ours.config).toEqual(theirs.config);
    expect(ours.manifest).toBe((theirs.manifest as string).replaceAll('ref', 'web'));
    const hookShape = (r: Record<string, unknown>): unknown =>
      (r.hooks as { name: string; events: string[]; weight?: number; delete_policies?: string[]; last_run: { phase: string } }[]).map((x) => ({
        name: x.name.replace('ref', 'web'),
        events: x.events,
        weight: x.weight,
        delete_policies: x.delete_policies,
        phase: x.last_run.phase,
      }));
    expect(hookShape(ours)).toEqual(hookShape(theirs));
    // Byte for byte, once times and names are set aside.
    const normal = (json: string, name: string): string => json.replace(/"\d{4}-\d\d-\d\dT[0-9:.]+Z"/g, '"T"').replaceAll(name, 'NAME');
    expect(normal(releaseToJSON(decodeRelease(storedText('web', 2))), 'web')).toBe(normal(releaseToJSON(decodeRelease(storedText('ref', 2))), 'ref'));
    const labels = (name: string): string[] => Object.keys(h.get('v1', 'Secret', `sh.helm.release.v1.${name}.v1`, ns)!.metadata.labels ?? {}).sort();
    expect(labels('web')).toEqual(labels('ref'));
  });

  it('helm rollback of a flux-ts release works, and flux-ts upgrades after it', async () => {
    // flux-ts applies as field manager helm-controller, as Flux does: helm's own manager ("helm")
    // must force conflicts on objects flux-ts manages, exactly as with a helm-controller release.
    expect(await helmOk('rollback', 'web', '1', '-n', ns, '--force-conflicts', '--wait', '--timeout', '30s')).toBe('Rollback was a success! Happy Helming!\n');
    expect(h.get('v1', 'ConfigMap', 'web-config', ns)?.data).toMatchObject({ greeting: 'hi' });
    const afterRollback = (await h.cfg(ns).storage.history('web')).map((x) => `${x.version} ${x.info.status} ${x.info.description}`);
    expect(afterRollback).toEqual(['1 superseded Install complete', '2 superseded Upgrade complete', '3 deployed Rollback to 1']);
    await upgrade(h.cfg(ns), h.source('web', ns, { greeting: 'again' }), { name: 'web', namespace: ns, timeoutMs: 20_000, maxHistory: 5 });
    expect((await historyOf('web')).slice(-2)).toEqual(['3 superseded app-0.1.0 1.0.0 Rollback to 1', '4 deployed app-0.1.0 1.0.0 Upgrade complete']);
  });

  it('a flux-ts rollback reads like helm’s', async () => {
    await rollback(h.cfg(ns), { name: 'web', version: 2, timeoutMs: 20_000, maxHistory: 10 });
    await helmOk('rollback', 'ref', '1', '-n', ns, '--wait', '--timeout', '30s');
    expect((await historyOf('web')).slice(-1)).toEqual(['5 deployed app-0.1.0 1.0.0 Rollback to 2']);
    expect(await historyOf('ref')).toEqual(['1 superseded app-0.1.0 1.0.0 Install complete', '2 superseded app-0.1.0 1.0.0 Upgrade complete', '3 deployed app-0.1.0 1.0.0 Rollback to 1']);
  });

  it('helm uninstall removes a flux-ts release and its objects (ownership metadata is honoured)', async () => {
    const r = await helm('uninstall', 'web', '-n', ns, '--wait', '--timeout', '30s');
    expect(r.stdout).toContain('release "web" uninstalled');
    expect(h.get('apps/v1', 'Deployment', 'web', ns)).toBeUndefined();
    expect(h.get('v1', 'ConfigMap', 'web-config', ns)).toBeUndefined();
    expect(await h.cfg(ns).storage.history('web')).toEqual([]);
  });
});

describe('uninstall with kept history', () => {
  it('leaves the same record as helm uninstall --keep-history', async () => {
    await install(h.cfg(ns), h.source('kept', ns), { name: 'kept', namespace: ns, timeoutMs: 20_000 });
    await uninstall(h.cfg(ns), { name: 'kept', keepHistory: true, timeoutMs: 20_000 });
    await helmOk('install', 'kept-ref', CHART_DIR, '-n', ns, '--skip-crds', '--wait', '--timeout', '30s');
    await helmOk('uninstall', 'kept-ref', '-n', ns, '--keep-history', '--wait', '--timeout', '30s');
    expect(await historyOf('kept')).toEqual(['1 uninstalled app-0.1.0 1.0.0 Uninstallation complete']);
    expect(await historyOf('kept-ref')).toEqual(await historyOf('kept'));
    const ours = storedRecord('kept', 1);
    const theirs = storedRecord('kept-ref', 1);
    expect(Object.keys(ours.info as object)).toEqual(Object.keys(theirs.info as object));
    // Both keep the object marked helm.sh/resource-policy: keep.
    expect(h.get('v1', 'ConfigMap', 'kept-kept', ns)).toBeDefined();
    expect(h.get('v1', 'ConfigMap', 'kept-ref-kept', ns)).toBeDefined();
    expect(h.get('apps/v1', 'Deployment', 'kept', ns)).toBeUndefined();
  });
});

describe('flux-ts reads what helm writes', () => {
  it('re-encodes every record helm wrote to the very JSON helm wrote', () => {
    const helmSecrets = h.server.store.list('v1', 'Secret', ns).filter((x) => /^sh\.helm\.release\.v1\.(ref|kept-ref)\./.test(x.metadata.name));
    expect(helmSecrets.length).toBeGreaterThan(2);
    for (const secret of helmSecrets) {
      const stored = Buffer.from((secret as unknown as { data: { release: string } }).data.release, 'base64').toString('utf8');
      const json = gunzipSync(Buffer.from(stored, 'base64')).toString('utf8');
      expect(releaseToJSON(decodeRelease(stored))).toBe(json);
    }
  });

  it('upgrades a release installed by helm install', async () => {
    await helmOk('install', 'byhelm', CHART_DIR, '-n', ns, '--skip-crds', '--set', 'replicaCount=1', '--wait', '--timeout', '30s');
    const before = await h.cfg(ns).storage.last('byhelm');
    expect(before?.info.status).toBe('deployed');
    expect(before?.config).toEqual({ replicaCount: 1 });
    await upgrade(h.cfg(ns), h.source('byhelm', ns, { replicaCount: 2, extra: false }), { name: 'byhelm', namespace: ns, timeoutMs: 20_000, maxHistory: 5 });
    expect(await historyOf('byhelm')).toEqual(['1 superseded app-0.1.0 1.0.0 Install complete', '2 deployed app-0.1.0 1.0.0 Upgrade complete']);
    expect(await helmJson('get', 'values', 'byhelm', '-n', ns)).toEqual({ extra: false, replicaCount: 2 });
    expect(h.get('v1', 'ConfigMap', 'byhelm-extra', ns)).toBeUndefined();
    expect((h.get('apps/v1', 'Deployment', 'byhelm', ns)?.spec as { replicas: number }).replicas).toBe(2);
    // helm upgrades it again on top of the flux-ts revision.
    await helmOk('upgrade', 'byhelm', CHART_DIR, '-n', ns, '--reuse-values', '--force-conflicts', '--wait', '--timeout', '30s');
    expect((await historyOf('byhelm')).slice(-1)).toEqual(['3 deployed app-0.1.0 1.0.0 Upgrade complete']);
  });
});

describe('a release helm applied client-side', () => {
  it('has its client-side field ownership moved to the server-side entry before the first server-side apply', async () => {
    await helmOk('install', 'csa', CHART_DIR, '-n', ns, '--skip-crds', '--server-side=false', '--set', 'note=hello', '--no-hooks', '--wait', '--timeout', '30s');
    expect(storedRecord('csa', 1).apply_method).toBe('csa');
    const cfg = { ...h.cfg(ns), fieldManager: 'helm' };
    const [cm] = (await currentObjects(cfg, (await cfg.storage.last('csa'))!.manifest, ns)).filter((o) => o.object.metadata.name === 'csa-config');
    const before = h.get('v1', 'ConfigMap', 'csa-config', ns)!.metadata.managedFields as { manager: string; operation: string; fieldsV1: unknown }[];
    expect(before.map((m) => `${m.manager}/${m.operation}`)).toEqual(['helm/Update']);
    expect(await migrateClientSideFields(cfg, cm!)).toBe(true);
    const after = h.get('v1', 'ConfigMap', 'csa-config', ns)!.metadata.managedFields as { manager: string; operation: string; fieldsV1: unknown }[];
    expect(after.map((m) => `${m.manager}/${m.operation}`)).toEqual(['helm/Apply']);
    expect(after[0]!.fieldsV1).toEqual(before[0]!.fieldsV1);
    expect(await migrateClientSideFields(cfg, cm!)).toBe(false);
  });
});
