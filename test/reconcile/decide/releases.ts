// Small builders for release records, snapshots and HelmReleases used by the decision tests.
import type { Release, ReleaseStatus } from '../../../src/helm/release/types.js';
import type { HelmRelease, HelmReleaseSpec, HelmReleaseStatus, Snapshot } from '../../../src/kinds/api-types.js';
import { snapshotFromRelease } from '../../../src/reconcile/snapshot/index.js';

export function mockRelease(version: number, status: ReleaseStatus, over: { chartVersion?: string; config?: Record<string, unknown>; name?: string; namespace?: string } = {}): Release {
  return {
    name: over.name ?? 'release',
    namespace: over.namespace ?? 'mock-ns',
    version,
    info: { first_deployed: '2024-01-01T00:00:00Z', last_deployed: `2024-01-01T00:00:0${version % 10}Z`, status, description: `mock ${status}` },
    chart: { metadata: { name: 'chart', version: over.chartVersion ?? '1.0.0', apiVersion: 'v2' }, lock: null, templates: null, values: null, schema: null, files: null },
    config: over.config ?? { foo: 'bar' },
    manifest: `---\n# Source: chart/templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: v${version}\n`,
  };
}

export function snap(rel: Release, over: Partial<Snapshot> = {}): Snapshot {
  return { ...snapshotFromRelease(rel), ...over };
}

export function helmRelease(spec: Partial<HelmReleaseSpec> = {}, status: HelmReleaseStatus = {}, generation = 1): HelmRelease {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'release', namespace: 'mock-ns', generation },
    spec: { interval: '1m', releaseName: 'release', ...spec },
    status,
  };
}

/** An in-memory Helm storage: Last and Get over the given records. */
export function storage(records: Release[]) {
  return {
    last: async () => records.reduce<Release | undefined>((a, r) => (!a || r.version > a.version ? r : a), undefined),
    get: async (name: string, version: number) => records.find((r) => r.name === name && r.version === version),
  };
}
