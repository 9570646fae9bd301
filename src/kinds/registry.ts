// The registry of Flux kinds flux-ts knows, and the names users type for them.
import type { KubeObject } from '../cluster/types.js';
import { helmReleaseKind } from './helmrelease.js';
import type { FluxKind } from './kind.js';
import { bucketKind, externalArtifactKind, gitRepositoryKind, helmChartKind, helmRepositoryKind, ociRepositoryKind } from './sources.js';

export { helmReleaseKind } from './helmrelease.js';
export { bucketKind, externalArtifactKind, gitRepositoryKind, helmChartKind, helmRepositoryKind, ociRepositoryKind } from './sources.js';

/** A kind of any object type, for code that handles kinds generically. */
export type AnyFluxKind = FluxKind<KubeObject>;

export const ALL_KINDS: readonly AnyFluxKind[] = [
  helmReleaseKind,
  gitRepositoryKind,
  helmRepositoryKind,
  helmChartKind,
  ociRepositoryKind,
  bucketKind,
  externalArtifactKind,
] as AnyFluxKind[];

/** `get|reconcile|suspend source <word>`: the source sub-command word of each source kind. */
export const SOURCE_KINDS: Readonly<Record<'git' | 'helm' | 'oci' | 'chart' | 'bucket' | 'external', AnyFluxKind>> = {
  git: gitRepositoryKind as AnyFluxKind,
  helm: helmRepositoryKind as AnyFluxKind,
  oci: ociRepositoryKind as AnyFluxKind,
  chart: helmChartKind as AnyFluxKind,
  bucket: bucketKind as AnyFluxKind,
  // flux: `get sources external`; its suspend/resume/delete messages say `source external-artifact`.
  external: externalArtifactKind as AnyFluxKind,
};

/** `get sources all` order (flux get_source_all.go). */
export const SOURCES_ALL_ORDER: readonly AnyFluxKind[] = [
  ociRepositoryKind,
  bucketKind,
  gitRepositoryKind,
  helmRepositoryKind,
  helmChartKind,
  externalArtifactKind,
] as AnyFluxKind[];

/** `get all` order: the sources, then HelmReleases (flux get_all.go). */
export const GET_ALL_ORDER: readonly AnyFluxKind[] = [...SOURCES_ALL_ORDER, helmReleaseKind as AnyFluxKind];

/** Names that select a kind: Kind, plural, singular, short names, plural.group (case-insensitive). */
export function kindNames(kind: AnyFluxKind): string[] {
  return [kind.kind.toLowerCase(), kind.plural, kind.singular, ...kind.shortNames, `${kind.plural}.${kind.group}`];
}

export function findKind(name: string): AnyFluxKind | undefined {
  const wanted = name.toLowerCase();
  return ALL_KINDS.find((k) => kindNames(k).includes(wanted));
}

/** The registry entry for an object's apiVersion+kind, any read version accepted. */
export function kindOf(obj: KubeObject): AnyFluxKind | undefined {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  return ALL_KINDS.find((k) => k.kind === obj.kind && k.group === group && k.readVersions.includes(version ?? ''));
}
