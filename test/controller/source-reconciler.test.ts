// One source reconcile at a time (no manager), against the API test server and a real chart
// repository: the finalizer first, then the fetch and a requeue at spec.interval with jitter;
// spec.suspend honoured (only the request and generation recorded); the finalizer released on
// deletion; an OCI HelmRepository left static; a HelmChart whose source has no artifact yet
// waiting with NoSourceArtifact; a HelmChart from a Bucket stalled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/types.js';
import { SourceReconciler } from '../../src/controller/source-reconciler.js';
import { HELMCHART_RESOURCE } from '../../src/sources/helmchart.js';
import { HELMREPOSITORY_RESOURCE } from '../../src/sources/resolve.js';
import type { HelmChart, HelmRepository, SourceObject } from '../../src/sources/types.js';
import { reconcileEnv } from '../reconcile/run/support.js';

const SRC = 'source.toolkit.fluxcd.io/v1';
const env = reconcileEnv({ objects: () => [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }] });
let cacheDir: string;
let sources: SourceReconciler;
const ctx = { signal: new AbortController().signal };

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'flux-ts-source-reconciler-'));
  sources = new SourceReconciler({ cluster: env.cluster, cacheDir });
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

async function repoObj(name: string): Promise<HelmRepository> {
  return env.cluster.get<HelmRepository>(HELMREPOSITORY_RESOURCE, name, 'apps');
}
async function create<T extends KubeObject>(obj: T): Promise<T> {
  return env.cluster.create<T>(await env.cluster.resourceFor(obj.apiVersion, obj.kind), obj);
}
function helmRepo(name: string, spec: Partial<HelmRepository['spec']> = {}): HelmRepository {
  return { apiVersion: SRC, kind: 'HelmRepository', metadata: { name, namespace: 'apps' }, spec: { url: env.repo.url, interval: '10m', ...spec } };
}

describe('SourceReconciler', () => {
  it('adds the finalizer first, then fetches and asks to come back at spec.interval (jittered)', async () => {
    await create(helmRepo('charts'));
    // Done for now: the watch event of the finalizer brings the object back (the manager wakes it).
    expect(await sources.reconcile(await repoObj('charts'), ctx)).toEqual({ done: true });
    expect((await repoObj('charts')).metadata.finalizers).toEqual(['finalizers.fluxcd.io']);
    const outcome = await sources.reconcile(await repoObj('charts'), ctx);
    expect('requeueAfterMs' in outcome && outcome.requeueAfterMs).toBeGreaterThanOrEqual(570_000);
    expect('requeueAfterMs' in outcome && outcome.requeueAfterMs).toBeLessThanOrEqual(630_000);
    expect((await repoObj('charts')).status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('honours spec.suspend: no fetch, only the handled request and the generation recorded', async () => {
    const before = await repoObj('charts');
    await env.cluster.mergePatch(HELMREPOSITORY_RESOURCE, 'charts', 'apps', { spec: { suspend: true, url: `${env.repo.url}/moved` }, metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'token-1' } } });
    const suspended = await repoObj('charts');
    expect(await sources.reconcile(suspended, ctx)).toEqual({ done: true });
    const after = await repoObj('charts');
    expect(after.status?.lastHandledReconcileAt).toBe('token-1');
    expect(after.status?.observedGeneration).toBe(suspended.metadata.generation);
    // Not fetched from the new URL: the artifact and conditions are those of the last reconcile.
    expect(after.status?.artifact).toEqual(before.status?.artifact);
    expect(after.status?.conditions).toEqual(before.status?.conditions);
  });

  it('lets go of the object being deleted: the finalizer goes, nothing else', async () => {
    await env.cluster.delete(HELMREPOSITORY_RESOURCE, 'charts', 'apps');
    const deleting = await repoObj('charts');
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    expect(await sources.reconcile(deleting, ctx)).toEqual({ done: true });
    expect(await env.cluster.tryGet(HELMREPOSITORY_RESOURCE, 'charts', 'apps')).toBeUndefined();
  });

  it('leaves an OCI HelmRepository static: its finalizer and status are dropped once', async () => {
    await create({ ...helmRepo('oci', { type: 'oci', url: 'oci://registry.example.com/charts' }), metadata: { name: 'oci', namespace: 'apps', finalizers: ['finalizers.fluxcd.io'] } });
    await env.cluster.statusPatch(HELMREPOSITORY_RESOURCE, 'oci', 'apps', { status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'x', lastTransitionTime: '2026-01-01T00:00:00Z' }] } });
    expect(await sources.reconcile(await repoObj('oci'), ctx)).toEqual({ done: true });
    const after = await repoObj('oci');
    expect(after.metadata.finalizers).toBeUndefined();
    expect(after.status?.conditions).toBeUndefined();
  });

  it('a HelmChart whose HelmRepository has no artifact yet waits (NoSourceArtifact), without an error', async () => {
    await create({ ...helmRepo('pending'), metadata: { name: 'pending', namespace: 'apps', finalizers: ['finalizers.fluxcd.io'] } });
    const chart: HelmChart = { apiVersion: SRC, kind: 'HelmChart', metadata: { name: 'waiting', namespace: 'apps', finalizers: ['finalizers.fluxcd.io'] }, spec: { chart: 'grade-api', sourceRef: { kind: 'HelmRepository', name: 'pending' }, interval: '5m' } };
    await create(chart);
    const stored = await env.cluster.get<HelmChart>(HELMCHART_RESOURCE, 'waiting', 'apps');
    expect(await sources.reconcile(stored as SourceObject, ctx)).toEqual({ backoff: true });
    const after = await env.cluster.get<HelmChart>(HELMCHART_RESOURCE, 'waiting', 'apps');
    expect(after.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Ready', 'False', 'NoSourceArtifact', "no artifact available for HelmRepository source 'pending'"],
      ['FetchFailed', 'True', 'NoSourceArtifact', "no artifact available for HelmRepository source 'pending'"],
      ['Reconciling', 'True', 'ProgressingWithRetry', 'building artifact'],
    ]);
    // Once the source has its artifact, the chart is built.
    await sources.reconcile(await repoObj('pending'), ctx);
    const built = await sources.reconcile((await env.cluster.get<HelmChart>(HELMCHART_RESOURCE, 'waiting', 'apps')) as SourceObject, ctx);
    expect('requeueAfterMs' in built).toBe(true);
    expect((await env.cluster.get<HelmChart>(HELMCHART_RESOURCE, 'waiting', 'apps')).status?.artifact?.revision).toBe('1.0.0');
  });

  it('a HelmChart from a Bucket is stalled with the one-line refusal (only a spec change helps)', async () => {
    const chart: HelmChart = { apiVersion: SRC, kind: 'HelmChart', metadata: { name: 'bucketed', namespace: 'apps', finalizers: ['finalizers.fluxcd.io'] }, spec: { chart: 'charts/app', sourceRef: { kind: 'Bucket', name: 'b' }, interval: '5m' } };
    await create(chart);
    expect(await sources.reconcile((await env.cluster.get<HelmChart>(HELMCHART_RESOURCE, 'bucketed', 'apps')) as SourceObject, ctx)).toEqual({ done: true });
    const after = await env.cluster.get<HelmChart>(HELMCHART_RESOURCE, 'bucketed', 'apps');
    expect(after.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'InvalidChartReference'],
      ['FetchFailed', 'True', 'InvalidChartReference'],
      ['Stalled', 'True', 'InvalidChartReference'],
    ]);
    expect(after.status?.conditions?.[0]?.message).toBe('invalid chart reference: spec.sourceRef: Bucket sources are not supported by flux-ts (it does not fetch bucket content)');
    expect(after.status?.observedGeneration).toBe(after.metadata.generation);
  });
});
