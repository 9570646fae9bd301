// release.ObservedToSnapshot: the status.history entry for a release as it was written to storage.
// Only fields of the HelmRelease v2 Snapshot schema are set: an API server prunes any other, so
// nothing may depend on one.
import type { Release } from '../../helm/release/types.js';
import type { Snapshot } from '../../kinds/api-types.js';
import { releaseDigests } from '../digest/index.js';
import { SNAPSHOT_API_VERSION } from './index.js';

export interface SnapshotOptions {
  /** The OCIRepository artifact digest the chart came from. */
  ociDigest?: string;
}

export function snapshotFromRelease(rel: Release, opts: SnapshotOptions = {}): Snapshot {
  const { ociDigest } = opts;
  const { digest, configDigest } = releaseDigests(rel, ociDigest);
  const md = rel.chart.metadata ?? {};
  // metav1.Time marshals as UTC RFC 3339 in whole seconds.
  const time = (t: string | undefined) => (t ? new Date(t).toISOString().replace(/\.\d+Z$/, 'Z') : null);
  const s: Snapshot = {
    apiVersion: SNAPSHOT_API_VERSION,
    digest,
    name: rel.name,
    namespace: rel.namespace,
    version: rel.version,
    status: rel.info.status ?? '',
    chartName: md.name ?? '',
    chartVersion: md.version ?? '',
    configDigest,
    // metav1.Time serialises to whole seconds; a zero time is null.
    firstDeployed: time(rel.info.first_deployed) ?? (null as unknown as string),
    lastDeployed: time(rel.info.last_deployed) ?? (null as unknown as string),
  };
  if (md.appVersion) s.appVersion = md.appVersion;
  const deleted = time(rel.info.deleted);
  if (deleted) s.deleted = deleted;
  if (ociDigest) s.ociDigest = ociDigest;
  return s;
}
