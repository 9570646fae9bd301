// Bucket and ExternalArtifact (source.toolkit.fluxcd.io/v1) as flux lists, exports and suspends
// them: `get sources bucket|external` (flux get_source_bucket.go / get_source_external.go: the
// external table has SOURCE instead of SUSPENDED), their place in `get sources all`
// (get_source_all.go: OCIRepository, Bucket, GitRepository, HelmRepository, HelmChart,
// ExternalArtifact), `export source bucket`, `suspend|resume|reconcile source bucket`.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/types.js';
import { ALL_KINDS, SOURCE_KINDS, SOURCES_ALL_ORDER, findKind } from '../../src/kinds/registry.js';
import { flux, render, startRig, type Rig } from '../commands/reconcile/harness.js';
import { parseObjects } from '../support/apiserver/index.js';

const NS = 'apps';
const CRDS = readFileSync(new URL('./fixtures/crds.yaml', import.meta.url), 'utf8');
const OBJECTS = render(readFileSync(new URL('./fixtures/objects.yaml', import.meta.url), 'utf8'), { ns: NS });

describe('the registry', () => {
  it('knows Bucket and ExternalArtifact by their kubectl names', () => {
    expect(findKind('buckets')?.kind).toBe('Bucket');
    expect(findKind('Bucket')?.resource).toMatchObject({ group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'buckets' });
    expect(findKind('externalartifacts.source.toolkit.fluxcd.io')?.kind).toBe('ExternalArtifact');
    expect(ALL_KINDS.map((k) => k.kind)).toEqual(expect.arrayContaining(['Bucket', 'ExternalArtifact']));
  });

  it('uses flux source words and human kinds', () => {
    expect(SOURCE_KINDS.bucket.humanKind).toBe('source bucket');
    expect(SOURCE_KINDS.external.humanKind).toBe('source external-artifact');
  });

  it('orders `get sources all` as flux get_source_all.go', () => {
    expect(SOURCES_ALL_ORDER.map((k) => k.kind)).toEqual(['OCIRepository', 'Bucket', 'GitRepository', 'HelmRepository', 'HelmChart', 'ExternalArtifact']);
  });

  it('never sees an ExternalArtifact as suspended (it has no spec.suspend)', () => {
    const ea = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', metadata: { name: 'x' }, spec: { suspend: true } } as KubeObject;
    expect(SOURCE_KINDS.external.suspended(ea)).toBe(false);
  });
});

describe('flux-ts with Buckets and ExternalArtifacts', () => {
  let rig: Rig;
  const run = (...args: string[]) => flux(rig.server, [...args, '-n', NS]);
  beforeAll(async () => {
    rig = await startRig('');
    rig.server.store.load(parseObjects(CRDS));
    rig.server.store.load(parseObjects(OBJECTS));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('get sources bucket: the source columns, revision and message hex-truncated', async () => {
    expect(await run('get', 'sources', 'bucket')).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'NAME   \tREVISION       \tSUSPENDED\tREADY\tMESSAGE                                        ',
        "charts \t               \tTrue     \tFalse\tbucket 'charts' does not exist                \t",
        "podinfo\tsha256:c3ab8ff1\tFalse    \tTrue \tstored artifact for revision 'sha256:c3ab8ff1'\t",
        '',
      ].join('\n'),
      combined: expect.any(String),
    });
  });

  it('get sources bucket NAME that does not exist: flux error, exit 1', async () => {
    expect(await run('get', 'sources', 'bucket', 'nope')).toMatchObject({ code: 1, stdout: '', stderr: `✗ Bucket object 'nope' not found in "${NS}" namespace\n` });
  });

  it('get sources external: SOURCE is <kind>/<namespace>/<name>, no SUSPENDED column', async () => {
    const out = await run('get', 'sources', 'external');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [
        'NAME           \tREVISION              \tSOURCE                            \tREADY\tMESSAGE                  ',
        'orphan         \t                      \t                                  \tFalse\twaiting to be reconciled\t',
        `podinfo-backend\tlatest@sha256:80df32d0\tArtifactGenerator/${NS}/podinfo-gen\tTrue \tArtifact is ready       \t`,
        '',
      ].join('\n'),
    );
  });

  it('get sources all: Bucket before GitRepository, ExternalArtifact last', async () => {
    const out = await run('get', 'sources', 'all');
    expect(out.code).toBe(0);
    const headers = out.stdout.split('\n').filter((l) => l.startsWith('NAME'));
    const kinds = out.stdout.split('\n').filter((l) => l.includes('/')).map((l) => l.slice(0, l.indexOf('/')));
    expect(headers).toHaveLength(3);
    expect([...new Set(kinds)]).toEqual(['bucket', 'gitrepository', 'externalartifact']);
  });

  it('export source bucket: the Go type, durations as Go prints them', async () => {
    expect(await run('export', 'source', 'bucket', 'podinfo')).toMatchObject({
      code: 0,
      stderr: '',
      stdout: [
        '---',
        'apiVersion: source.toolkit.fluxcd.io/v1',
        'kind: Bucket',
        'metadata:',
        '  name: podinfo',
        `  namespace: ${NS}`,
        'spec:',
        '  bucketName: podinfo',
        '  endpoint: minio.minio.svc.cluster.local:9000',
        '  insecure: true',
        '  interval: 5m0s',
        '  provider: generic',
        '  secretRef:',
        '    name: minio-credentials',
        '',
      ].join('\n'),
    });
  });

  it('suspend source bucket patches spec.suspend and speaks of "source bucket"', async () => {
    rig.server.clearRequests();
    expect(await run('suspend', 'source', 'bucket', 'podinfo')).toMatchObject({
      code: 0,
      stderr: `► suspending source bucket podinfo in ${NS} namespace\n✔ source bucket suspended\n`,
    });
    expect(rig.server.requests.find((r) => r.method === 'PATCH')).toMatchObject({ body: { spec: { suspend: true } } });
    expect(rig.server.store.get('source.toolkit.fluxcd.io/v1', 'Bucket', 'podinfo', NS)?.['spec']).toMatchObject({ suspend: true });
    expect(await run('resume', 'source', 'bucket', 'podinfo', '--wait=false')).toMatchObject({
      code: 0,
      stderr: `► resuming source bucket podinfo in ${NS} namespace\n✔ source bucket resumed\n`,
    });
    expect(rig.server.store.get('source.toolkit.fluxcd.io/v1', 'Bucket', 'podinfo', NS)?.['spec']).not.toHaveProperty('suspend');
  });

  it('stats counts Buckets: running, failing (Ready=False), suspended and artifact storage', async () => {
    const out = await run('stats');
    expect(out.code).toBe(0);
    const bucket = out.stdout.split('\n').find((l) => l.startsWith('Bucket'));
    expect(bucket?.split('\t').map((c) => c.trim())).toEqual(['Bucket', '1', '1', '1', '2.0 KiB', '']);
  });

  it('events --for Bucket/NAME lists that Bucket\'s Events', async () => {
    const at = new Date(Date.now() - 40.5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    rig.server.store.load(
      parseObjects(
        [
          'apiVersion: v1',
          'kind: Event',
          'metadata: {name: podinfo.1, namespace: apps}',
          'involvedObject: {apiVersion: source.toolkit.fluxcd.io/v1, kind: Bucket, name: podinfo, namespace: apps}',
          'reason: NewArtifact',
          "message: 'stored artifact with 3 fetched files from bucket'",
          'type: Normal',
          `firstTimestamp: "${at}"`,
          `lastTimestamp: "${at}"`,
          'count: 1',
          'source: {component: source-controller}',
        ].join('\n'),
      ),
    );
    const out = await run('events', '--for', 'Bucket/podinfo');
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout.split('\n').map((l) => l.split('\t').map((c) => c.trim()))).toEqual([
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      ['40m', 'Normal', 'NewArtifact', 'Bucket/podinfo', 'stored artifact with 3 fetched files from bucket', ''],
      [''],
    ]);
  });

  it('describe hr names a Bucket or ExternalArtifact source with its readiness', async () => {
    rig.server.store.load(
      parseObjects(
        [
          'apiVersion: helm.toolkit.fluxcd.io/v2',
          'kind: HelmRelease',
          `metadata: {name: from-bucket, namespace: ${NS}}`,
          'spec: {interval: 5m, chart: {spec: {chart: ./charts/podinfo, sourceRef: {kind: Bucket, name: charts}}}}',
          '---',
          'apiVersion: helm.toolkit.fluxcd.io/v2',
          'kind: HelmRelease',
          `metadata: {name: from-artifact, namespace: ${NS}}`,
          'spec: {interval: 5m, chartRef: {kind: ExternalArtifact, name: podinfo-backend}}',
        ].join('\n'),
      ),
    );
    expect((await run('describe', 'hr', 'from-bucket')).stdout).toContain(`\nSource:                     Bucket/${NS}/charts (Ready: False, bucket 'charts' does not exist)\n`);
    expect((await run('describe', 'hr', 'from-artifact')).stdout).toContain(`\nSource:                     ExternalArtifact/${NS}/podinfo-backend (Ready: True)\n`);
  });

  it('reconcile source bucket annotates it and waits for source-controller', async () => {
    // source-controller's answer to the request: the handled token and a fresh artifact.
    const unsubscribe = rig.server.api.store.subscribe((e) => {
      const obj = e.object;
      const token = obj.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
      const status = (obj['status'] ?? {}) as Record<string, unknown>;
      if (e.resource !== 'source.toolkit.fluxcd.io/buckets' || token === undefined || status['lastHandledReconcileAt'] === token) return;
      const generation = obj.metadata.generation;
      const conditions = (status['conditions'] as object[]).map((c) => ({ ...c, observedGeneration: generation }));
      setTimeout(() => rig.server.store.put({ ...obj, status: { ...status, conditions, lastHandledReconcileAt: token, observedGeneration: generation } }), 10);
    });
    try {
      const out = await run('reconcile', 'source', 'bucket', 'podinfo', '--timeout=10s');
      expect(out.stderr).toContain(`► annotating Bucket podinfo in ${NS} namespace\n✔ Bucket annotated\n◎ waiting for Bucket reconciliation\n`);
      expect(out).toMatchObject({ code: 0 });
      expect(out.stderr).toContain('✔ fetched revision sha256:c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2\n');
    } finally {
      unsubscribe();
    }
  });
});
