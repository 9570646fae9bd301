// helm-controller's post-rendering of a HelmRelease: kustomize post-renderers, common metadata,
// origin labels, and the digests recorded in status.
export { observedDigests, postRenderersDigest, commonMetadataDigest, type ObservedPostRenderDigests } from './digest.js';
export { postRendererFor, postRenderObjects, originLabels, PostRenderError, HELM_GROUP } from './chain.js';
