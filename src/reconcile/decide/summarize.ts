// helm-controller's summarize (internal/reconcile/release.go) as of fluxcd/helm-controller#1412:
// after every action (and once the loop settles) Ready is composed from Remediated, TestSuccess
// and Released, and the observed post-renderers / commonMetadata digests are refreshed from the
// spec being reconciled, whatever the outcome. They used to be written only once Ready, which
// missed a postRenderers change made while an upgrade was running.
import type { HelmRelease } from '../../kinds/api-types.js';
import * as conditions from '../conditions/index.js';

/** Digests of spec.postRenderers / spec.commonMetadata ('' when unset; undefined: not tracked). */
export interface ObservedDigests {
  postRenderersDigest?: string | undefined;
  commonMetadataDigest?: string | undefined;
}

export function summarizeRelease(hr: HelmRelease, digests: ObservedDigests, now?: conditions.Clock): void {
  recordObservedDigests(hr, digests);
  const test = hr.spec?.test;
  conditions.summarize(hr, { testEnabled: test?.enable ?? false, testIgnoreFailures: test?.ignoreFailures ?? false, ...(now ? { now } : {}) });
}

/** The current digests become the observed ones; an unset spec field clears its digest. */
export function recordObservedDigests(hr: HelmRelease, digests: ObservedDigests): void {
  hr.status = hr.status ?? {};
  const { postRenderersDigest: pr, commonMetadataDigest: cm } = digests;
  if (pr !== undefined) {
    if (pr) hr.status.observedPostRenderersDigest = pr;
    else delete hr.status.observedPostRenderersDigest;
  }
  if (cm !== undefined) {
    if (cm) hr.status.observedCommonMetadataDigest = cm;
    else delete hr.status.observedCommonMetadataDigest;
  }
}
