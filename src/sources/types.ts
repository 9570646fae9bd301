// The source kinds flux-ts reads, typed as source.toolkit.fluxcd.io/v1 (HelmRepository,
// GitRepository, HelmChart) and v1 OCIRepository, limited to the fields flux-ts uses.
// Field semantics: fluxcd/source-controller docs/spec/v1.
import type { KubeObject, ObjectMeta } from '../cluster/types.js';

export const SOURCE_API_VERSION = 'source.toolkit.fluxcd.io/v1';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface Artifact {
  path: string;
  url: string;
  revision: string;
  digest?: string;
  lastUpdateTime: string;
  size?: number;
  metadata?: Record<string, string>;
}

export interface LocalObjectReference {
  name: string;
}

export interface CrossNamespaceSourceReference {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface SourceStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  artifact?: Artifact;
  url?: string;
  lastHandledReconcileAt?: string;
}

export interface HelmRepositorySpec {
  url: string;
  type?: 'default' | 'oci';
  secretRef?: LocalObjectReference;
  certSecretRef?: LocalObjectReference;
  passCredentials?: boolean;
  insecure?: boolean;
  interval?: string;
  timeout?: string;
  suspend?: boolean;
  provider?: string;
}

export interface HelmRepository extends KubeObject {
  kind: 'HelmRepository';
  metadata: ObjectMeta;
  spec: HelmRepositorySpec;
  status?: SourceStatus;
}

export interface GitRepositoryRef {
  branch?: string;
  tag?: string;
  semver?: string;
  name?: string;
  commit?: string;
}

/** Another GitRepository's artifact (or a directory of it) copied into this one's. */
export interface GitRepositoryInclude {
  repository: LocalObjectReference;
  fromPath?: string;
  toPath?: string;
}

export interface GitRepositorySpec {
  url: string;
  ref?: GitRepositoryRef;
  secretRef?: LocalObjectReference;
  interval?: string;
  timeout?: string;
  suspend?: boolean;
  /** .sourceignore-style patterns excluded from the artifact. */
  ignore?: string;
  // Refused in part (src/sources/git/unsupported.ts):
  provider?: string;
  recurseSubmodules?: boolean;
  include?: GitRepositoryInclude[];
  sparseCheckout?: string[];
  verify?: { mode?: string; secretRef?: LocalObjectReference } | null;
  proxySecretRef?: LocalObjectReference | null;
}

export interface GitRepository extends KubeObject {
  kind: 'GitRepository';
  metadata: ObjectMeta;
  spec: GitRepositorySpec;
  status?: SourceStatus;
}

export interface OCIRepositoryRef {
  tag?: string;
  semver?: string;
  semverFilter?: string;
  digest?: string;
}

export interface OCILayerSelector {
  mediaType?: string;
  operation?: 'extract' | 'copy';
}

export interface OCIRepositorySpec {
  url: string;
  ref?: OCIRepositoryRef;
  layerSelector?: OCILayerSelector;
  secretRef?: LocalObjectReference;
  certSecretRef?: LocalObjectReference;
  insecure?: boolean;
  provider?: string;
  interval?: string;
  timeout?: string;
  suspend?: boolean;
  // Refused when set (src/sources/oci/unsupported.ts):
  verify?: { provider?: string; secretRef?: LocalObjectReference } | null;
  proxySecretRef?: LocalObjectReference | null;
  serviceAccountName?: string;
}

export interface OCIRepository extends KubeObject {
  kind: 'OCIRepository';
  metadata: ObjectMeta;
  spec: OCIRepositorySpec;
  status?: SourceStatus;
}

export type ReconcileStrategy = 'ChartVersion' | 'Revision';

export interface HelmChartSpec {
  chart: string;
  version?: string;
  sourceRef: { apiVersion?: string; kind: 'HelmRepository' | 'GitRepository' | 'Bucket'; name: string };
  interval: string;
  reconcileStrategy?: ReconcileStrategy;
  valuesFiles?: string[];
  ignoreMissingValuesFiles?: boolean;
  suspend?: boolean;
  verify?: { provider: string; secretRef?: LocalObjectReference };
}

export interface HelmChartStatus extends SourceStatus {
  observedSourceArtifactRevision?: string;
  observedChartName?: string;
  observedValuesFiles?: string[];
}

export interface HelmChart extends KubeObject {
  kind: 'HelmChart';
  metadata: ObjectMeta;
  spec: HelmChartSpec;
  status?: HelmChartStatus;
}

/** The part of a HelmRelease (helm.toolkit.fluxcd.io/v2) that says where its chart comes from. */
export interface HelmReleaseChartSource extends KubeObject {
  kind: 'HelmRelease';
  metadata: ObjectMeta;
  spec: {
    interval: string;
    chart?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: {
        chart: string;
        version?: string;
        sourceRef: CrossNamespaceSourceReference;
        interval?: string;
        reconcileStrategy?: ReconcileStrategy;
        valuesFiles?: string[];
        ignoreMissingValuesFiles?: boolean;
        verify?: { provider: string; secretRef?: LocalObjectReference };
      };
    };
    chartRef?: CrossNamespaceSourceReference;
  };
}

export type SourceObject = HelmRepository | GitRepository | OCIRepository | HelmChart;

/** `Kind ns/name`, how every source error names its object. */
export function describeSource(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace ?? 'default'}/${name}`;
}

/** A `<namespace>/<name>` HelmChart reference, as status.helmChart records it (no slash: no namespace). */
export function splitHelmChartRef(ref: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { namespace: '', name: ref } : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}
