// Vectors from helm-controller internal/release/digest_test.go and observation_test.go.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Release } from '../../../src/helm/release/types.js';
import { encodeObservation, goTime, observationDigest, observeRelease, releaseDigests } from '../../../src/reconcile/digest/index.js';

const release = (over: Partial<Release> = {}): Release => ({
  name: 'podinfo',
  namespace: 'apps',
  version: 2,
  info: { first_deployed: '2024-01-02T03:04:05.120Z', last_deployed: '2024-01-02T03:04:06Z', status: 'deployed', description: 'Upgrade complete' },
  chart: { metadata: { name: 'podinfo', version: '6.3.5', apiVersion: 'v2', appVersion: '6.3.5' }, lock: null, templates: null, values: null, schema: null, files: null },
  config: { replicaCount: 2 },
  manifest: '---\n# Source: podinfo/templates/a.yaml\nkind: ConfigMap\n',
  hooks: [
    { name: 'pre', kind: 'Job', events: ['pre-upgrade'], last_run: { phase: 'Succeeded' }, weight: 1 },
    { name: 'test', kind: 'Pod', events: ['test'], last_run: { phase: 'Failed' } },
  ],
  ...over,
});

describe('observation digest', () => {
  it('matches Observation{Name: "foo"}', () => {
    const obs = { name: 'foo', version: 0, info: {}, chartMetadata: {}, config: null, manifest: '', hooks: null, namespace: '' };
    expect(observationDigest(obs)).toBe('sha256:f1498f27a16a09cd7e1ee610d924df065c03d30035638babc95dd9a8d412ce4d');
  });

  it('drops test hooks and chart data other than metadata', () => {
    const obs = observeRelease(release());
    expect(obs.hooks?.map((h) => h.name)).toEqual(['pre']);
    expect(encodeObservation(obs)).toBe(
      '{"name":"podinfo","version":2,"info":{"first_deployed":"2024-01-02T03:04:05.12Z","last_deployed":"2024-01-02T03:04:06Z","description":"Upgrade complete","status":"deployed"},' +
        '"chartMetadata":{"name":"podinfo","version":"6.3.5","apiVersion":"v2","appVersion":"6.3.5"},"config":{"replicaCount":2},' +
        '"manifest":"---\\n# Source: podinfo/templates/a.yaml\\nkind: ConfigMap\\n","hooks":[{"name":"pre","kind":"Job","events":["pre-upgrade"],"last_run":{"phase":"Succeeded"},"weight":1}],"namespace":"apps"}\n',
    );
  });

  it('does not change when only test hooks ran', () => {
    const before = releaseDigests(release()).digest;
    const tested = release();
    tested.hooks![1]!.last_run = { started_at: '2024-01-03T00:00:00Z', completed_at: '2024-01-03T00:00:01Z', phase: 'Succeeded' };
    expect(releaseDigests(tested).digest).toBe(before);
  });

  it('includes the OCI digest when there is one', () => {
    expect(releaseDigests(release(), 'sha256:abc').digest).not.toBe(releaseDigests(release()).digest);
    expect(encodeObservation(observeRelease(release(), 'sha256:abc'))).toMatch(/,"ociDigest":"sha256:abc"}\n$/);
  });

  it('writes times as Go does', () => {
    expect(goTime('2022-05-04T12:37:54.016495582Z')).toBe('2022-05-04T12:37:54.016495582Z');
    expect(goTime('2022-05-04T12:37:54.100Z')).toBe('2022-05-04T12:37:54.1Z');
    expect(goTime('2022-05-04T12:37:54.000+00:00')).toBe('2022-05-04T12:37:54Z');
    expect(goTime('2022-05-04T12:37:54+02:00')).toBe('2022-05-04T12:37:54+02:00');
  });

  it('config digest is the values digest of the release config', () => {
    expect(releaseDigests(release({ config: {} })).configDigest).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

interface ObservationFixture {
  name: string;
  release: Partial<Release> & { chart?: { metadata?: Release['chart']['metadata'] } };
  ociDigest?: string;
  encoded: string;
  digest: string;
}
const observationFixtures = JSON.parse(
  readFileSync(new URL('./fixtures/observation.json', import.meta.url), 'utf8'),
) as ObservationFixture[];

describe('observation encoding against Go (fixtures/gen-observation.go)', () => {
  it.each(observationFixtures.map((f) => [f.name, f] as const))('%s', (_n, f) => {
    const rel: Release = {
      name: f.release.name ?? '',
      namespace: f.release.namespace ?? '',
      version: f.release.version ?? 0,
      info: f.release.info ?? {},
      chart: { metadata: f.release.chart?.metadata ?? null, lock: null, templates: null, values: null, schema: null, files: null },
      ...(f.release.config ? { config: f.release.config } : {}),
      ...(f.release.manifest !== undefined ? { manifest: f.release.manifest } : {}),
      ...(f.release.hooks ? { hooks: f.release.hooks } : {}),
    };
    const obs = observeRelease(rel, f.ociDigest);
    expect(encodeObservation(obs)).toBe(f.encoded);
    expect(observationDigest(obs)).toBe(f.digest);
  });
});
