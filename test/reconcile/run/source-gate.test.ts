// The core's source gate (source-readiness.ts, preflight with SourceAccess), as helm-controller
// judges a HelmChart or OCIRepository before installing from it: isReady's messages (its own
// Test_isHelmChartReady / Test_isOCIRepositoryReady cases), a source that cannot be got, an
// artifact not (yet) in the store, and a ready source whose artifact — not what the repository
// would resolve today — is what gets installed. Without SourceAccess the core fetches directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { reconcileHelmRelease, sourceNotReadyMessage, sourceRefOf, type SourceAccess, type SourceRef } from '../../../src/reconcile/run/index.js';
import { packageChartDir, withChartVersion } from '../../../src/sources/chart-archive.js';
import { ArtifactCache, sha256Digest } from '../../../src/sources/cache.js';
import { GRADE_API, helmRelease, reconcileEnv } from './support.js';

const CHART_REF: SourceRef = { kind: 'HelmChart', namespace: 'default', name: 'mock' };
const OCI_REF: SourceRef = { kind: 'OCIRepository', namespace: 'default', name: 'mock' };

/** A source as helm-controller's tests mock it: generation 2 observed, Ready=True, an artifact. */
function mock(kind: string, edit: (status: Record<string, unknown>, obj: KubeObject) => void = () => {}): KubeObject {
  const status: Record<string, unknown> = { observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: '' }], artifact: { revision: '1.0.0' } };
  const obj: KubeObject = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata: { name: 'mock', namespace: 'default', generation: 2 }, status };
  edit(status, obj);
  return obj;
}
const notReady = (type: string, message: string, status = 'False') => ({ type, status, reason: 'Reason', message });

describe('isReady: when a source can be installed from', () => {
  for (const [kind, ref] of [['HelmChart', CHART_REF], ['OCIRepository', OCI_REF]] as const) {
    it(`${kind}: ready, generation not observed (Ready=True / Ready=False), Stalled, no artifact`, () => {
      expect(sourceNotReadyMessage(mock(kind), ref)).toBeUndefined();
      expect(sourceNotReadyMessage(mock(kind, (_s, o) => (o.metadata.generation = 3)), ref)).toBe(`${kind} 'default/mock' is not ready: latest generation of object has not been reconciled`);
      expect(
        sourceNotReadyMessage(
          mock(kind, (s, o) => {
            o.metadata.generation = 3;
            s['conditions'] = [notReady('Ready', 'some reason')];
          }),
          ref,
        ),
      ).toBe(`${kind} 'default/mock' is not ready: some reason`);
      expect(sourceNotReadyMessage(mock(kind, (s) => (s['conditions'] = [notReady('Ready', 'some reason'), notReady('Stalled', 'some stalled reason', 'True')])), ref)).toBe(
        `${kind} 'default/mock' is not ready: some stalled reason`,
      );
      expect(sourceNotReadyMessage(mock(kind, (s) => delete s['artifact']), ref)).toBe(`${kind} 'default/mock' is not ready: does not have an artifact`);
    });
  }

  it('a source that never reported its generation reads as generation 0 (a fresh HelmChart)', () => {
    const fresh: KubeObject = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmChart', metadata: { name: 'mock', namespace: 'default', generation: 1 } };
    expect(sourceNotReadyMessage(fresh, CHART_REF)).toBe("HelmChart 'default/mock' is not ready: latest generation of object has not been reconciled");
  });

  it('a Ready=False source still holding its artifact for the observed generation is used', () => {
    expect(sourceNotReadyMessage(mock('HelmChart', (s) => (s['conditions'] = [notReady('Ready', 'chart pull error')])), CHART_REF)).toBeUndefined();
  });

  it('the source of a HelmRelease: chartRef, else status.helmChart, else the templated name', () => {
    const templated = helmRelease('grade', 'apps', 'grade-api', '1.0.0');
    expect(sourceRefOf(templated)).toEqual({ kind: 'HelmChart', namespace: 'apps', name: 'apps-grade' });
    expect(sourceRefOf({ ...templated, status: { helmChart: 'flux-system/apps-grade' } })).toEqual({ kind: 'HelmChart', namespace: 'flux-system', name: 'apps-grade' });
    const byRef = helmRelease('x', 'apps', 'c', '1', { chart: undefined, chartRef: { kind: 'OCIRepository', name: 'podinfo', namespace: 'flux-system' } } as Partial<NonNullable<HelmRelease['spec']>>);
    expect(sourceRefOf(byRef)).toEqual({ kind: 'OCIRepository', namespace: 'flux-system', name: 'podinfo' });
  });
});

describe('the core with SourceAccess', () => {
  // Deployments become ready shortly after they are applied.
  const env = reconcileEnv({ server: { simulateWorkloads: true, readyAfterMs: 50 } });
  let cacheDir: string;
  let cache: ArtifactCache;
  /** grade-api packaged as a HelmChart with valuesFiles would store it: version 1.0.0+7. */
  let artifact: Buffer;
  const sources: Record<string, KubeObject | undefined> = {};
  const access: SourceAccess = { getSource: async (ref) => sources[`${ref.kind}/${ref.namespace}/${ref.name}`] };
  const helmChart = (status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: { name: 'apps-grade', namespace: 'apps', generation: 7 },
    status: { observedGeneration: 7, conditions: [{ type: 'Ready', status: 'True', reason: 'ChartPackageSucceeded', message: "packaged 'grade-api' chart with version '1.0.0+7'" }], ...status },
  });

  beforeAll(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'flux-ts-source-gate-'));
    cache = new ArtifactCache({ dir: cacheDir });
    artifact = await withChartVersion((await packageChartDir(GRADE_API)).archive, '1.0.0+7');
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('no source object: ArtifactFailed "could not get Source object", retried with backoff, nothing installed', async () => {
    env.put(helmRelease('grade', 'apps', 'grade-api', '1.0.0'));
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade', cache, sources: access });
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'ArtifactFailed', terminal: false, message: 'could not get Source object: helmcharts.source.toolkit.fluxcd.io "apps-grade" not found' });
    expect('wait' in result && result.wait).toBeFalsy();
    expect(env.history()).toBeUndefined();
    expect(env.events()).toEqual([]);
  });

  it('a HelmChart without an artifact: SourceNotReady, a wait; the stale ArtifactFailed goes', async () => {
    sources['HelmChart/apps/apps-grade'] = helmChart({ artifact: undefined });
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade', cache, sources: access });
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'SourceNotReady', wait: true, message: "HelmChart 'apps/apps-grade' is not ready: does not have an artifact" });
    expect(env.hr().status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Reconciling', 'True', 'Progressing'],
      ['Ready', 'False', 'SourceNotReady'],
    ]);
    expect(env.history()).toBeUndefined();
    expect(env.events()).toEqual([]);
  });

  it('an artifact the store does not hold (and the repository does not serve): helm-controller\'s 404, a wait', async () => {
    sources['HelmChart/apps/apps-grade'] = helmChart({ artifact: { path: 'helmchart/apps/apps-grade/grade-api-1.0.0+7.tgz', revision: '1.0.0+7', digest: sha256Digest(artifact) } });
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade', cache, sources: access });
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'ArtifactFailed', wait: true, message: 'Source not ready: artifact not found. Retrying in 30s' });
    expect(env.history()).toBeUndefined();
  });

  it('a ready HelmChart: its stored artifact is installed, not what the repository resolves (1.0.0)', async () => {
    await cache.put(artifact);
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade', cache, sources: access });
    expect(result.kind).toBe('loop');
    expect(env.history()).toEqual(['1:deployed']);
    expect(env.hr().status?.history?.[0]?.chartVersion).toBe('1.0.0+7');
    expect(env.hr().status?.lastAttemptedRevision).toBe('1.0.0+7');
    expect(env.condition('Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0+7' });
  });

  it('an artifact that is no chart: ArtifactFailed "Could not load chart" and a Warning event', async () => {
    const junk = Buffer.from('not a chart archive');
    await cache.put(junk);
    env.put(helmRelease('junk', 'apps', 'grade-api', '1.0.0', {}, 1));
    sources['HelmChart/apps/apps-junk'] = { ...helmChart({ artifact: { path: 'helmchart/apps/apps-junk/grade-api-1.0.0.tgz', revision: '1.0.0', digest: sha256Digest(junk) } }), metadata: { name: 'apps-junk', namespace: 'apps', generation: 7 } };
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'junk', cache, sources: access });
    const detail = "file 'grade-api-1.0.0.tgz' does not appear to be a gzipped archive; got 'application/octet-stream'";
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'ArtifactFailed', terminal: false, message: `Could not load chart: ${detail}` });
    expect(env.events('junk').map((e) => [e.type, e.reason, e.message])).toEqual([['Warning', 'ArtifactFailed', detail]]);
    expect(env.history('junk')).toBeUndefined();
  });

  it('an OCIRepository chartRef: its artifact installed with the digest as build metadata; a tag that is not the chart version is ChartMutateError', async () => {
    const chart = (await packageChartDir(GRADE_API)).archive;
    await cache.put(chart);
    const manifest = `sha256:${'ab12cd34ef56'.repeat(5)}abcd`;
    const oci = (revision: string): KubeObject => ({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'grade', namespace: 'apps', generation: 1 },
      status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for digest '${revision}'` }], artifact: { path: 'ocirepository/apps/grade/x.tar.gz', revision, digest: sha256Digest(chart) } },
    });
    const spec = { chart: undefined, chartRef: { kind: 'OCIRepository', name: 'grade' } } as Partial<NonNullable<HelmRelease['spec']>>;
    env.put(helmRelease('mismatch', 'apps', 'x', 'x', spec), helmRelease('fromoci', 'apps', 'x', 'x', spec));
    sources['OCIRepository/apps/grade'] = oci(`2.0.0@${manifest}`);
    const refused = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'mismatch', cache, sources: access });
    expect(refused).toMatchObject({ kind: 'not-ready', reason: 'ChartMutateError', message: 'artifact revision 2.0.0 does not match chart version 1.0.0' });
    sources['OCIRepository/apps/grade'] = oci(`1.0.0@${manifest}`);
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'fromoci', cache, sources: access });
    expect(result.kind).toBe('loop');
    expect(env.hr('fromoci').status?.history?.[0]?.chartVersion).toBe('1.0.0+ab12cd34ef56');
    expect(env.hr('fromoci').status?.lastAttemptedRevisionDigest).toBe(manifest);
    // In sync on the next look: the release carries the mutated version too.
    await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'fromoci', cache, sources: access });
    expect(env.history('fromoci')).toEqual(['1:deployed']);
  });

  it('without SourceAccess (reconcile hr --local) the chart comes from the repository as before', async () => {
    env.put(helmRelease('direct', 'apps', 'grade-api', '1.0.0'));
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'direct', cache });
    expect(result.kind).toBe('loop');
    expect(env.hr('direct').status?.history?.[0]?.chartVersion).toBe('1.0.0');
  });
});
