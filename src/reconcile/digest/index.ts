// Digests helm-controller records in status: config digest and release observation digest.
export { digestValues, verifyValues, parseDigest, encodeValuesForDigest, type DigestAlgorithm } from './values-digest.js';
export { observeRelease, observationDigest, encodeObservation, releaseDigests, goTime, type Observation } from './observation.js';
