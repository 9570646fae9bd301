// The digests helm-controller records as status.observedPostRenderersDigest and
// status.observedCommonMetadataDigest: `sha256:<hex>` of Go's json.Encoder output (struct fields
// in declaration order, omitempty applied, map keys sorted, HTML-escaped, trailing newline) of
// spec.postRenderers and spec.commonMetadata. Unset fields give no digest ('').
import type { GoValue } from '../../gotemplate/value.js';
import { encoderDigest, goStruct, omitEmpty } from '../digest/go-struct-json.js';
import type { CommonMetadata, HelmRelease, KustomizeImage, KustomizePatch, KustomizeSelector, PostRenderer } from '../../kinds/api-types.js';

/**
 * Both digests of a HelmRelease, as helm-controller writes them into status (the shape of
 * decide's ObservedDigests, StateInput and LoopDeps take them as they are).
 */
export interface ObservedPostRenderDigests {
  /** '' when spec.postRenderers is unset. */
  postRenderersDigest: string;
  /** '' when spec.commonMetadata is unset. */
  commonMetadataDigest: string;
}

export function observedDigests(hr: HelmRelease): ObservedPostRenderDigests {
  const spec = hr.spec;
  return {
    postRenderersDigest: spec?.postRenderers != null ? postRenderersDigest(spec.postRenderers) : '',
    commonMetadataDigest: spec?.commonMetadata != null ? commonMetadataDigest(spec.commonMetadata) : '',
  };
}

export function postRenderersDigest(postRenderers: readonly PostRenderer[]): string {
  return encoderDigest(postRenderers.map(postRendererStruct));
}

export function commonMetadataDigest(cm: CommonMetadata): string {
  return encoderDigest(commonMetadataStruct(cm));
}

// helm-controller api/v2: PostRenderer{kustomize *Kustomize omitempty}.
function postRendererStruct(p: PostRenderer): GoValue {
  const k = p.kustomize;
  return goStruct(k == null ? undefined : ['kustomize', goStruct(omitEmpty('patches', k.patches?.map(patchStruct)), omitEmpty('images', k.images?.map(imageStruct)))]);
}

// fluxcd/pkg apis/kustomize: Patch{patch (required), target *Selector omitempty}.
function patchStruct(p: KustomizePatch): GoValue {
  return goStruct(['patch', p.patch ?? ''], p.target == null ? undefined : ['target', selectorStruct(p.target)]);
}

function selectorStruct(s: KustomizeSelector): GoValue {
  return goStruct(
    omitEmpty('group', s.group),
    omitEmpty('version', s.version),
    omitEmpty('kind', s.kind),
    omitEmpty('name', s.name),
    omitEmpty('namespace', s.namespace),
    omitEmpty('annotationSelector', s.annotationSelector),
    omitEmpty('labelSelector', s.labelSelector),
  );
}

function imageStruct(i: KustomizeImage): GoValue {
  return goStruct(['name', i.name ?? ''], omitEmpty('newName', i.newName), omitEmpty('newTag', i.newTag), omitEmpty('digest', i.digest));
}

function commonMetadataStruct(cm: CommonMetadata): GoValue {
  return goStruct(omitEmpty('annotations', cm.annotations), omitEmpty('labels', cm.labels));
}
