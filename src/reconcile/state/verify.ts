// internal/action/verify.go: proving that the release in storage is the one status.history
// recorded, and whether it still matches the desired chart and values.
import { createHash } from 'node:crypto';
import type { GoMap } from '../../gotemplate/value.js';
import type { Release } from '../../helm/release/types.js';
import type { HelmRelease, Snapshot } from '../../kinds/api-types.js';
import { composeReleaseName, shortenReleaseName } from '../release-name.js';
import { encodeObservation, observeRelease, parseDigest, verifyValues } from '../digest/index.js';
import { latest, SNAPSHOT_API_VERSION } from '../snapshot/index.js';

export const ERR_RELEASE_DISAPPEARED = 'release disappeared from storage';
export const ERR_RELEASE_NOT_FOUND = 'no release found';
export const ERR_RELEASE_NOT_OBSERVED = 'release not observed to be made for object';
export const ERR_RELEASE_DIGEST = 'release digest verification error';
export const ERR_CHART_CHANGED = 'release chart changed';
export const ERR_CONFIG_DIGEST = 'release config values changed';

export type VerifyError =
  | typeof ERR_RELEASE_DISAPPEARED
  | typeof ERR_RELEASE_NOT_FOUND
  | typeof ERR_RELEASE_NOT_OBSERVED
  | typeof ERR_RELEASE_DIGEST
  | typeof ERR_CHART_CHANGED
  | typeof ERR_CONFIG_DIGEST;

/** VerifyReleaseObject: undefined when the snapshot digest matches the stored release. */
export function verifyReleaseObject(snapshot: Snapshot, rel: Release): VerifyError | undefined {
  // Only v2 snapshots carry a digest of this encoding (older controllers digested Helm 3
  // records); helm-controller trusts the others as they are.
  if (snapshot.apiVersion !== SNAPSHOT_API_VERSION) return undefined;
  const parsed = parseDigest(snapshot.digest);
  if (!parsed) return ERR_RELEASE_DIGEST;
  const hex = createHash(parsed.algorithm).update(encodeObservation(observeRelease(rel, snapshot.ociDigest)), 'utf8').digest('hex');
  return hex === parsed.hex ? undefined : ERR_RELEASE_NOT_OBSERVED;
}

/** VerifyRelease: the deployed release still has the desired chart name/version and values. */
export function verifyRelease(
  rel: Release | undefined,
  snapshot: Snapshot | undefined,
  chart: { name: string; version: string } | undefined,
  values: GoMap,
): VerifyError | undefined {
  if (!rel) return ERR_RELEASE_NOT_FOUND;
  const md = rel.chart.metadata ?? {};
  if (chart && ((md.name ?? '') !== chart.name || (md.version ?? '') !== chart.version)) return ERR_CHART_CHANGED;
  if (!snapshot || !verifyValues(snapshot.configDigest, values)) return ERR_CONFIG_DIGEST;
  return undefined;
}

/**
 * VerifySnapshot: reads the snapshot's release from storage (get returns undefined when it is
 * gone) and checks its digest. Returns the release or the reason it cannot be trusted.
 */
export async function verifySnapshot(
  get: (name: string, version: number) => Promise<Release | undefined>,
  snapshot: Snapshot | undefined,
): Promise<{ release: Release } | { error: VerifyError }> {
  if (!snapshot) return { error: ERR_RELEASE_NOT_FOUND };
  const rel = await get(snapshot.name, snapshot.version);
  if (!rel) return { error: ERR_RELEASE_DISAPPEARED };
  const err = verifyReleaseObject(snapshot, rel);
  return err ? { error: err } : { release: rel };
}

export type ReleaseTarget = 'storage namespace' | 'release namespace' | 'release name' | 'chart name';

/**
 * ReleaseTargetChanged: what moved since the latest snapshot (the old release must then be
 * uninstalled before installing the new one). `chartName` is the loaded chart's name.
 */
export function releaseTargetChanged(hr: HelmRelease, chartName: string): ReleaseTarget | undefined {
  const cur = latest(hr.status?.history);
  const statusStorage = hr.status?.storageNamespace ?? '';
  if (!statusStorage || !cur) return undefined;
  const ns = hr.metadata.namespace ?? '';
  const spec = hr.spec ?? { interval: '' };
  if ((spec.storageNamespace || ns) !== statusStorage) return 'storage namespace';
  if ((spec.targetNamespace || ns) !== cur.namespace) return 'release namespace';
  if (shortenReleaseName(composeReleaseName({ metadata: hr.metadata, spec })) !== cur.name) return 'release name';
  if (chartName !== cur.chartName) return 'chart name';
  return undefined;
}
