// The source kinds HelmReleases fetch charts from (source.toolkit.fluxcd.io). flux applies
// TruncateHex to their revision (except HelmChart's SemVer) and to every message.
import type { KubeObject } from '../cluster/types.js';
import type { Bucket, ExternalArtifact, GitRepository, HelmChart, HelmRepository, OCIRepository } from './api-types.js';
import { conditions, field, formatBool, lastHandledReconcileAt, readiness, stringField, suspended, type Readiness } from './accessors.js';
import { truncateHex } from './hex.js';
import { resourceRef, type FluxKind, type SourceReference, type TableColumn } from './kind.js';

const GROUP = 'source.toolkit.fluxcd.io';

function artifactRevision(obj: KubeObject): string {
  return stringField(obj, 'status', 'artifact', 'revision');
}

function sourceColumns<T extends KubeObject>(kind: Pick<FluxKind<T>, 'readiness' | 'revision'>): TableColumn<T>[] {
  return [
    { header: 'Revision', cell: (o) => kind.revision(o) },
    { header: 'Suspended', cell: (o) => formatBool(suspended(o)) },
    { header: 'Ready', cell: (o) => kind.readiness(o).status },
    { header: 'Message', cell: (o) => kind.readiness(o).message },
  ];
}

function hexReadiness(obj: KubeObject): Readiness {
  const r = readiness(obj);
  return { status: r.status, message: truncateHex(r.message) };
}

interface SourceKindSpec<T extends KubeObject> {
  kind: string;
  version: string;
  readVersions: string[];
  plural: string;
  shortNames: string[];
  humanKind: string;
  revision(obj: T): string;
  readiness(obj: T): Readiness;
  sourceRef?(obj: T): SourceReference | undefined;
  isStatic?(obj: T): boolean;
  /** `get` columns after NAME when they are not flux's usual source ones. */
  columns?: TableColumn<T>[];
  /** Kinds without spec.suspend (ExternalArtifact) are never suspended. */
  suspended?(obj: T): boolean;
}

function sourceKind<T extends KubeObject>(spec: SourceKindSpec<T>): FluxKind<T> {
  return {
    kind: spec.kind,
    group: GROUP,
    version: spec.version,
    readVersions: spec.readVersions,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    shortNames: spec.shortNames,
    humanKind: spec.humanKind,
    resource: resourceRef(GROUP, spec.version, spec.plural, spec.kind),
    resourceAt: (version) => resourceRef(GROUP, version, spec.plural, spec.kind),
    columns: spec.columns ?? sourceColumns(spec),
    conditions,
    readiness: spec.readiness,
    revision: spec.revision,
    suspended: spec.suspended ?? suspended,
    lastHandledReconcileAt,
    ...(spec.sourceRef ? { sourceRef: spec.sourceRef } : {}),
    ...(spec.isStatic ? { isStatic: spec.isStatic } : {}),
  };
}

export const gitRepositoryKind = sourceKind<GitRepository>({
  kind: 'GitRepository',
  version: 'v1',
  readVersions: ['v1', 'v1beta2', 'v1beta1'],
  plural: 'gitrepositories',
  shortNames: ['gitrepo'],
  humanKind: 'source git',
  revision: (o) => truncateHex(artifactRevision(o)),
  readiness: hexReadiness,
});

/** A HelmRepository of type oci has no artifact and no controller: flux shows it as Ready. */
function isOciHelmRepository(obj: KubeObject): boolean {
  return field(obj, 'spec', 'type') === 'oci';
}

export const helmRepositoryKind = sourceKind<HelmRepository>({
  kind: 'HelmRepository',
  version: 'v1',
  readVersions: ['v1', 'v1beta2', 'v1beta1'],
  plural: 'helmrepositories',
  shortNames: ['helmrepo'],
  humanKind: 'source helm',
  revision: (o) => truncateHex(artifactRevision(o)),
  readiness: (o) => (isOciHelmRepository(o) ? { status: 'True', message: 'Helm repository is Ready' } : hexReadiness(o)),
  isStatic: isOciHelmRepository,
});

export const helmChartKind = sourceKind<HelmChart>({
  kind: 'HelmChart',
  version: 'v1',
  readVersions: ['v1', 'v1beta2', 'v1beta1'],
  plural: 'helmcharts',
  shortNames: ['hc'],
  humanKind: 'source chart',
  // A SemVer (possibly with +metadata): flux does not truncate it.
  revision: artifactRevision,
  readiness: hexReadiness,
  sourceRef: (o) => {
    const ref = field(o, 'spec', 'sourceRef');
    if (ref === undefined) return undefined;
    return { kind: stringField(ref, 'kind'), name: stringField(ref, 'name'), namespace: o.metadata.namespace ?? '' };
  },
});

// OCIRepository went GA (v1) in Flux 2.6, where v1beta2 became deprecated: v1 first, the betas
// for older clusters (found through discovery by the verbs' fallback).
export const ociRepositoryKind = sourceKind<OCIRepository>({
  kind: 'OCIRepository',
  version: 'v1',
  readVersions: ['v1', 'v1beta2', 'v1beta1'],
  plural: 'ocirepositories',
  shortNames: ['ocirepo'],
  humanKind: 'source oci',
  revision: (o) => truncateHex(artifactRevision(o)),
  readiness: hexReadiness,
});

export const bucketKind = sourceKind<Bucket>({
  kind: 'Bucket',
  version: 'v1',
  readVersions: ['v1', 'v1beta2', 'v1beta1'],
  plural: 'buckets',
  shortNames: [],
  humanKind: 'source bucket',
  revision: (o) => truncateHex(artifactRevision(o)),
  readiness: hexReadiness,
});

/** spec.sourceRef: the object that produced the artifact (an ArtifactGenerator, say). */
function externalArtifactSource(o: KubeObject): SourceReference | undefined {
  const ref = field(o, 'spec', 'sourceRef');
  if (ref === undefined || ref === null) return undefined;
  const apiVersion = stringField(ref, 'apiVersion');
  return { kind: stringField(ref, 'kind'), name: stringField(ref, 'name'), namespace: stringField(ref, 'namespace'), ...(apiVersion ? { apiVersion } : {}) };
}

/** flux get sources external: SOURCE is `<kind>/<namespace>/<name>` as written, empty without a sourceRef. */
function externalArtifactSourceText(o: KubeObject): string {
  const ref = externalArtifactSource(o);
  return ref ? `${ref.kind}/${ref.namespace}/${ref.name}` : '';
}

// ExternalArtifact (Flux 2.7) is written by other controllers: no suspend, no reconcile request.
export const externalArtifactKind = sourceKind<ExternalArtifact>({
  kind: 'ExternalArtifact',
  version: 'v1',
  readVersions: ['v1'],
  plural: 'externalartifacts',
  shortNames: [],
  humanKind: 'source external-artifact',
  revision: (o) => truncateHex(artifactRevision(o)),
  readiness: hexReadiness,
  sourceRef: externalArtifactSource,
  suspended: () => false,
  columns: [
    { header: 'Revision', cell: (o) => truncateHex(artifactRevision(o)) },
    { header: 'Source', cell: externalArtifactSourceText },
    { header: 'Ready', cell: (o) => hexReadiness(o).status },
    { header: 'Message', cell: (o) => hexReadiness(o).message },
  ],
});
