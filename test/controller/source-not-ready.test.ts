// A HelmRelease whose source is not ready, with `flux-ts controller` playing source-controller
// too: helm-controller's SourceNotReady (Ready=False naming the HelmChart or OCIRepository and why,
// no Event, observedGeneration not written, looked at again after --requeue-dependency), nothing
// installed meanwhile, and recovery once the repository is fixed, installing the revision the
// HelmChart reports. The API test server, a real HTTP chart repository, the controller in process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, ResourceRef } from '../../src/cluster/types.js';
import { coreReconciler } from '../../src/controller/core.js';
import { startInProcessController } from './support/core-controller.js';
import type { Condition } from '../../src/sources/types.js';
import { helmRelease, namespace, reconcileEnv } from '../reconcile/run/support.js';
import { until } from './support/recording-reconciler.js';

const SRC = 'source.toolkit.fluxcd.io/v1';
const REPO_RES: ResourceRef = { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'helmrepositories', kind: 'HelmRepository', namespaced: true };

type Src = KubeObject & { status?: { conditions?: Condition[]; artifact?: { revision: string; digest?: string }; observedGeneration?: number } };

const env = reconcileEnv({
  server: { simulateWorkloads: true, readyAfterMs: 100 },
  objects: (url) => [
    namespace('apps'),
    // The index is not where the repository says: every fetch is a 404 until the URL is fixed.
    { apiVersion: SRC, kind: 'HelmRepository', metadata: { name: 'charts', namespace: 'apps' }, spec: { url: `${url}/missing`, interval: '1m' } },
    helmRelease('grade', 'apps', 'grade-api', '1.0.0'),
    // An OCIRepository nothing answers for, used through chartRef.
    { apiVersion: SRC, kind: 'OCIRepository', metadata: { name: 'unreachable', namespace: 'apps' }, spec: { url: 'oci://127.0.0.1:1/charts/grade-api', interval: '1m', insecure: true, ref: { tag: '1.0.0' } } },
    { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'byref', namespace: 'apps', generation: 1 }, spec: { interval: '1m', chartRef: { kind: 'OCIRepository', name: 'unreachable' } } },
  ],
});

function source(kind: string, name: string): Src | undefined {
  return env.server.store.get(SRC, kind, name, 'apps') as unknown as Src | undefined;
}
function ready(obj: { status?: { conditions?: Condition[] } } | undefined): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === 'Ready');
}
function releaseSecrets(): KubeObject[] {
  return (env.server.store.list('v1', 'Secret', 'apps') as unknown as (KubeObject & { type?: string })[]).filter((s) => s.type === 'helm.sh/release.v1');
}

let stopController: () => Promise<number>;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'flux-ts-source-not-ready-'));
  // A short --requeue-dependency: the suite watches several looks at the waiting HelmRelease.
  const reconciler = coreReconciler({ cluster: env.cluster, cacheDir, dependencyRequeueMs: 200 });
  stopController = startInProcessController(env.cluster, reconciler, { sourceCacheDir: cacheDir }).stop;
}, 60_000);

afterAll(async () => {
  expect(await stopController?.()).toBe(0);
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

describe('a HelmRelease waits for its source as helm-controller waits for source-controller', () => {
  it('a failing HelmRepository: SourceNotReady with the HelmChart\'s own reason, no install, no Event', async () => {
    const chartMessage = "no artifact available for HelmRepository source 'charts'";
    await until(() => ready(source('HelmChart', 'apps-grade'))?.message === chartMessage, 15_000, 'the HelmChart waiting for its source');
    const expected = `HelmChart 'apps/apps-grade' is not ready: ${chartMessage}`;
    // The HelmRelease is looked at again after --requeue-dependency and then names the cause.
    await until(() => env.condition('Ready')?.message === expected, 15_000, 'the HelmRelease naming the HelmChart failure');
    const hr = env.hr();
    expect(hr.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Reconciling', 'True', 'Progressing', 'Fulfilling prerequisites'],
      ['Ready', 'False', 'SourceNotReady', expected],
    ]);
    // A wait, not a reconciled generation: observedGeneration keeps the CRD default.
    expect(hr.status?.observedGeneration).toBe(-1);
    expect(hr.status?.helmChart).toBe('apps/apps-grade');
    expect(hr.status?.lastAttemptedRevision).toBeUndefined();
    expect(hr.status?.history).toBeUndefined();
    expect(releaseSecrets()).toEqual([]);
    // helm-controller records no Event for a source that is not ready; only the template's trace.
    expect(env.events().map((e) => e.reason)).toEqual(['HelmChartCreated']);
  });

  it('an OCIRepository chartRef that fails: SourceNotReady carries the OCIRepository\'s Ready message', async () => {
    await until(() => ready(source('OCIRepository', 'unreachable'))?.status === 'False', 15_000, 'the OCIRepository failing');
    const repoMessage = ready(source('OCIRepository', 'unreachable'))!.message;
    await until(() => env.condition('Ready', 'byref')?.reason === 'SourceNotReady' && env.condition('Ready', 'byref')?.message !== undefined && env.condition('Ready', 'byref')!.message!.endsWith(repoMessage ?? ''), 15_000, 'byref naming the OCIRepository failure');
    expect(env.condition('Ready', 'byref')).toMatchObject({ status: 'False', reason: 'SourceNotReady', message: `OCIRepository 'apps/unreachable' is not ready: ${repoMessage}` });
    expect(env.hr('byref').status?.observedGeneration).toBe(-1);
    expect(env.events('byref')).toEqual([]);
  });

  it('fixing the repository: the HelmChart gets its artifact and the HelmRelease installs exactly that revision', async () => {
    await env.cluster.mergePatch(REPO_RES, 'charts', 'apps', { spec: { url: env.repo.url } });
    await until(() => ready(source('HelmChart', 'apps-grade'))?.status === 'True', 15_000, 'the HelmChart built');
    // Ready=True is patched before the reconcile's last status write (observedGeneration): wait for both.
    await until(() => env.condition('Ready')?.status === 'True' && env.hr().status?.observedGeneration === env.hr().metadata.generation, 20_000, 'grade Ready and its reconcile finished');
    const artifact = source('HelmChart', 'apps-grade')!.status!.artifact!;
    const hr = env.hr();
    expect(artifact.revision).toBe('1.0.0');
    expect(hr.status?.lastAttemptedRevision).toBe(artifact.revision);
    expect(env.history()).toEqual(['1:deployed']);
    expect(hr.status?.history?.[0]?.chartVersion).toBe(artifact.revision);
    expect(hr.status?.observedGeneration).toBe(hr.metadata.generation);
    expect(env.condition('Ready')).toMatchObject({ reason: 'InstallSucceeded', message: 'Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0' });
    expect(hr.status?.conditions?.some((c) => c.reason === 'SourceNotReady')).toBe(false);
    expect(releaseSecrets().map((s) => s.metadata.name)).toEqual(['sh.helm.release.v1.grade.v1']);
    expect(env.events().map((e) => e.reason)).toEqual(['HelmChartCreated', 'InstallSucceeded']);
  });
});
