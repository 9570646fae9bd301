import { describe, expect, it } from 'vitest';
import type { Release } from '../../../src/helm/release/types.js';
import { releaseDigests } from '../../../src/reconcile/digest/index.js';
import { helmreleasesCrd } from '../../../src/install/crds/data.js';
import { snapshotFromRelease } from '../../../src/reconcile/snapshot/index.js';

/** The properties of a status.history entry in the HelmRelease v2 CRD: an API server prunes any other. */
function snapshotSchemaFields(): string[] {
  const v2 = helmreleasesCrd.spec.versions.find((v) => v.name === 'v2');
  const schema = v2?.schema?.openAPIV3Schema as { properties: { status: { properties: { history: { items: { properties: Record<string, unknown> } } } } } };
  return Object.keys(schema.properties.status.properties.history.items.properties);
}

const rel: Release = {
  name: 'podinfo',
  namespace: 'apps',
  version: 4,
  info: { first_deployed: '2024-03-01T10:00:00.123456789+02:00', last_deployed: '2024-03-02T10:00:00.5Z', status: 'deployed' },
  chart: { metadata: { name: 'podinfo', version: '6.3.5', appVersion: '6.3.5' }, lock: null, templates: null, values: null, schema: null, files: null },
  config: { replicaCount: 2 },
  manifest: 'x',
};

describe('snapshotFromRelease (ObservedToSnapshot)', () => {
  it('copies the release identity, chart and digests, times in UTC seconds', () => {
    expect(snapshotFromRelease(rel, { ociDigest: 'sha256:oci' })).toEqual({
      apiVersion: 'v2',
      digest: releaseDigests(rel, 'sha256:oci').digest,
      name: 'podinfo',
      namespace: 'apps',
      version: 4,
      status: 'deployed',
      chartName: 'podinfo',
      chartVersion: '6.3.5',
      appVersion: '6.3.5',
      configDigest: releaseDigests(rel).configDigest,
      firstDeployed: '2024-03-01T08:00:00Z',
      lastDeployed: '2024-03-02T10:00:00Z',
      ociDigest: 'sha256:oci',
    });
  });

  it('records a deletion time for uninstalled releases', () => {
    const gone = { ...rel, info: { ...rel.info, status: 'uninstalled' as const, deleted: '2024-03-03T00:00:00Z' } };
    expect(snapshotFromRelease(gone)).toMatchObject({ status: 'uninstalled', deleted: '2024-03-03T00:00:00Z' });
  });

  it('sets only fields of the CRD schema (nothing a server prunes)', () => {
    const gone = { ...rel, info: { ...rel.info, status: 'uninstalled' as const, deleted: '2024-03-03T00:00:00Z' } };
    const fields = snapshotSchemaFields();
    expect(fields).toContain('digest');
    for (const s of [snapshotFromRelease(rel, { ociDigest: 'sha256:oci' }), snapshotFromRelease(gone)]) {
      expect(Object.keys(s).filter((k) => !fields.includes(k))).toEqual([]);
    }
  });
});
