// The digests helm-controller records as status.observedPostRenderersDigest and
// status.observedCommonMetadataDigest: `sha256:<hex>` of Go's json.Encoder output (struct fields
// in declaration order, omitempty applied, map keys sorted, HTML-escaped, trailing newline) of
// spec.postRenderers and spec.commonMetadata. Unset fields give no digest ('').
import { createHash } from 'node:crypto';
import { marshal, quoteJsonString } from '../../helm/gojson/index.js';
import type { CommonMetadata, HelmRelease, KustomizeImage, KustomizePatch, KustomizeSelector, PostRenderer } from '../../kinds/api-types.js';

export interface ObservedPostRenderDigests {
  /** '' when spec.postRenderers is unset. */
  postRenderers: string;
  /** '' when spec.commonMetadata is unset. */
  commonMetadata: string;
}

/** Both digests of a HelmRelease, as helm-controller would write them into status. */
export function observedPostRenderDigests(hr: HelmRelease): ObservedPostRenderDigests {
  const spec = hr.spec;
  return {
    postRenderers: spec?.postRenderers != null ? postRenderersDigest(spec.postRenderers) : '',
    commonMetadata: spec?.commonMetadata != null ? commonMetadataDigest(spec.commonMetadata) : '',
  };
}

export function postRenderersDigest(postRenderers: readonly PostRenderer[]): string {
  return sha256(`${list(postRenderers, encodePostRenderer)}\n`);
}

export function commonMetadataDigest(cm: CommonMetadata): string {
  return sha256(`${encodeCommonMetadata(cm)}\n`);
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

type Field = [string, string];

function object(fields: Field[]): string {
  return `{${fields.map(([k, v]) => `${str(k)}:${v}`).join(',')}}`;
}

function str(s: string): string {
  return quoteJsonString(s, true);
}

function list<T>(items: readonly T[] | null | undefined, enc: (t: T) => string): string {
  // A nil slice encodes as null; an empty one as [].
  if (items == null) return 'null';
  return `[${items.map(enc).join(',')}]`;
}

function omitEmpty(fields: Field[], key: string, v: string | undefined): void {
  if (v) fields.push([key, str(v)]);
}

function stringMap(m: Record<string, string>): string {
  return marshal(m);
}

function encodePostRenderer(p: PostRenderer): string {
  const f: Field[] = [];
  if (p.kustomize != null) {
    const k: Field[] = [];
    if (p.kustomize.patches?.length) k.push(['patches', list(p.kustomize.patches, encodePatch)]);
    if (p.kustomize.images?.length) k.push(['images', list(p.kustomize.images, encodeImage)]);
    f.push(['kustomize', object(k)]);
  }
  return object(f);
}

// fluxcd/pkg apis/kustomize: Patch{patch (required), target *Selector omitempty}.
function encodePatch(p: KustomizePatch): string {
  const f: Field[] = [['patch', str(p.patch ?? '')]];
  if (p.target != null) f.push(['target', encodeSelector(p.target)]);
  return object(f);
}

function encodeSelector(s: KustomizeSelector): string {
  const f: Field[] = [];
  omitEmpty(f, 'group', s.group);
  omitEmpty(f, 'version', s.version);
  omitEmpty(f, 'kind', s.kind);
  omitEmpty(f, 'name', s.name);
  omitEmpty(f, 'namespace', s.namespace);
  omitEmpty(f, 'annotationSelector', s.annotationSelector);
  omitEmpty(f, 'labelSelector', s.labelSelector);
  return object(f);
}

function encodeImage(i: KustomizeImage): string {
  const f: Field[] = [['name', str(i.name ?? '')]];
  omitEmpty(f, 'newName', i.newName);
  omitEmpty(f, 'newTag', i.newTag);
  omitEmpty(f, 'digest', i.digest);
  return object(f);
}

function encodeCommonMetadata(cm: CommonMetadata): string {
  const f: Field[] = [];
  if (cm.annotations && Object.keys(cm.annotations).length > 0) f.push(['annotations', stringMap(cm.annotations)]);
  if (cm.labels && Object.keys(cm.labels).length > 0) f.push(['labels', stringMap(cm.labels)]);
  return object(f);
}
