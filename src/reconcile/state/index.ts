// internal/reconcile/state.go DetermineReleaseState: what the release in storage is, compared
// with the HelmRelease and the desired chart and values. The drift check is injected.
import type { GoMap } from '../../gotemplate/value.js';
import { PENDING_STATUSES, type Release } from '../../helm/release/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { activeRemediation } from '../decide/remediation.js';
import type { DriftEntry } from '../messages/index.js';
import { hasBeenTested, hasTestInPhase, latest } from '../snapshot/index.js';
import { ERR_CHART_CHANGED, ERR_CONFIG_DIGEST, verifyRelease, verifyReleaseObject } from './verify.js';

export type ReleaseStatus = 'Unknown' | 'Absent' | 'Unmanaged' | 'OutOfSync' | 'Drifted' | 'Locked' | 'Untested' | 'InSync' | 'Failed';

/** The outcome of a drift check (fluxcd/pkg ssa/jsondiff DiffSet), with whatever detail the checker keeps. */
export interface DriftResult<D = unknown> {
  entries: DriftEntry[];
  /** True when an object was removed or changed in the cluster. */
  hasChanges: boolean;
  /** A partial failure; with changes found it is only logged, as in Flux. */
  error?: Error;
  detail?: D;
}

export interface ReleaseState<D = unknown> {
  status: Exclude<ReleaseStatus, 'Unknown'>;
  reason: string;
  /** Set for Drifted. */
  drift?: DriftResult<D>;
  /** The last release in storage, when there is one. */
  release?: Release;
}

/** The state could not be determined (Flux: Ready=False StateError). */
export class StateError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StateError';
  }
}

export interface StateInput<D = unknown> {
  object: HelmRelease;
  /** Releases.Last(<shortened release name>): undefined when there is none. */
  lastRelease: () => Promise<Release | undefined>;
  /** The loaded chart; undefined skips the chart comparison. */
  chart: { name: string; version: string } | undefined;
  /** The composed values. */
  values: GoMap;
  /** Digest of spec.postRenderers ('' when none); undefined skips the comparison. */
  postRenderersDigest?: string;
  /** Digest of spec.commonMetadata ('' when none); undefined skips the comparison. */
  commonMetadataDigest?: string;
  /** Server-side dry-run diff of the release manifest against the cluster. */
  detectDrift?: (release: Release) => Promise<DriftResult<D>>;
  /** Told when a drift check found changes but also failed partially. */
  onDriftError?: (err: Error) => void;
}

export async function determineReleaseState<D = unknown>(input: StateInput<D>): Promise<ReleaseState<D>> {
  const hr = input.object;
  let rel: Release | undefined;
  try {
    rel = await input.lastRelease();
  } catch (e) {
    throw new StateError(`failed to retrieve last release from storage: ${(e as Error).message}`, e);
  }
  if (!rel) return { status: 'Absent', reason: 'no release in storage for object' };

  const status = rel.info.status ?? 'unknown';
  if ((PENDING_STATUSES as readonly string[]).includes(status)) {
    return { status: 'Locked', reason: `release with status '${status}'`, release: rel };
  }

  const cur = latest(hr.status?.history);
  if (!cur) {
    if (status === 'uninstalled') return { status: 'Absent', reason: 'found uninstalled release in storage', release: rel };
    return { status: 'Unmanaged', reason: 'found existing release in storage', release: rel };
  }

  const verifyErr = verifyReleaseObject(cur, rel);
  if (verifyErr) return { status: 'Unmanaged', reason: verifyErr, release: rel };

  switch (status) {
    case 'failed':
      return { status: 'Failed', reason: '', release: rel };
    case 'uninstalled':
      return { status: 'Absent', reason: 'found uninstalled release in storage', release: rel };
    case 'deployed':
      break;
    default:
      throw new StateError(`unable to determine state for release with status '${status}'`);
  }

  const err = verifyRelease(rel, cur, input.chart, input.values);
  if (err === ERR_CHART_CHANGED || err === ERR_CONFIG_DIGEST) return { status: 'OutOfSync', reason: err, release: rel };
  if (err) throw new StateError(err);

  // The digests only change with the spec, so they are compared for a generation the reconcile
  // has not finished yet: the top-level observedGeneration, written at the end of a run from the
  // generation it read (fluxcd/helm-controller#1412; the Ready condition's own observedGeneration
  // can already carry a generation that arrived mid-run).
  if ((hr.status?.observedGeneration ?? 0) !== (hr.metadata.generation ?? 0)) {
    if (input.postRenderersDigest !== undefined && input.postRenderersDigest !== (hr.status?.observedPostRenderersDigest ?? '')) {
      return { status: 'OutOfSync', reason: 'postrenderers digest has changed', release: rel };
    }
    if (input.commonMetadataDigest !== undefined && input.commonMetadataDigest !== (hr.status?.observedCommonMetadataDigest ?? '')) {
      return { status: 'OutOfSync', reason: 'common metadata digest has changed', release: rel };
    }
  }

  const test = hr.spec?.test;
  if (test?.enable) {
    if (!hasBeenTested(cur)) return { status: 'Untested', reason: '', release: rel };
    const remediation = activeRemediation(hr);
    if (remediation && !remediation.mustIgnoreTestFailures(test.ignoreFailures ?? false) && hasTestInPhase(cur, 'Failed')) {
      return { status: 'Failed', reason: 'release has test in failed phase', release: rel };
    }
  }

  const mode = hr.spec?.driftDetection?.mode ?? 'disabled';
  if ((mode === 'enabled' || mode === 'warn') && input.detectDrift) {
    let drift: DriftResult<D>;
    try {
      drift = await input.detectDrift(rel);
    } catch (e) {
      throw new StateError(`unable to determine cluster state: ${(e as Error).message}`, e);
    }
    if (drift.error) {
      if (!drift.hasChanges) throw new StateError(`unable to determine cluster state: ${drift.error.message}`, drift.error);
      input.onDriftError?.(drift.error);
    }
    if (drift.hasChanges) return { status: 'Drifted', reason: '', drift, release: rel };
  }

  return { status: 'InSync', reason: '', release: rel };
}

export * from './verify.js';
