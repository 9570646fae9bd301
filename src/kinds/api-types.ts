// TypeScript shapes of the Flux objects flux-ts reads and writes. HelmRelease follows
// helm-controller api/v2; the sources follow source-controller api v1 (OCIRepository included:
// GA since Flux 2.6, its deprecated v1beta2 has the same fields).
// Every field is optional on read: objects come from the wire and older API versions.
import type { KubeObject } from '../cluster/types.js';

/** metav1.Condition */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  observedGeneration?: number;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface LocalObjectReference {
  name: string;
}

export interface SecretKeyReference {
  name: string;
  key?: string;
}

export interface CrossNamespaceObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** fluxcd/pkg apis/meta ReconcileRequestStatus, inlined in every status. */
export interface ReconcileRequestStatus {
  lastHandledReconcileAt?: string;
}

/** source-controller Artifact */
export interface Artifact {
  path?: string;
  url?: string;
  revision?: string;
  digest?: string;
  lastUpdateTime?: string;
  size?: number;
  metadata?: Record<string, string>;
}

// ---------------------------------------------------------------------------- HelmRelease v2

export interface HelmChartTemplateSpec {
  chart: string;
  version?: string;
  sourceRef: CrossNamespaceObjectReference;
  interval?: string;
  reconcileStrategy?: 'ChartVersion' | 'Revision';
  valuesFiles?: string[];
  ignoreMissingValuesFiles?: boolean;
  verify?: { provider: 'cosign' | 'notation'; secretRef?: LocalObjectReference };
}

export interface HelmChartTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: HelmChartTemplateSpec;
}

export interface Remediation {
  retries?: number;
  ignoreTestFailures?: boolean;
  remediateLastFailure?: boolean;
  strategy?: 'rollback' | 'uninstall';
}

export interface ActionStrategy {
  name: 'RemediateOnFailure' | 'RetryOnFailure';
  retryInterval?: string;
}

export type CRDsPolicy = 'Skip' | 'Create' | 'CreateReplace';

/** The fields install and upgrade share (helm-controller declares them on each struct). */
interface ReleaseAction {
  timeout?: string;
  strategy?: ActionStrategy;
  remediation?: Remediation;
  disableWait?: boolean;
  disableWaitForJobs?: boolean;
  disableHooks?: boolean;
  disableOpenAPIValidation?: boolean;
  disableSchemaValidation?: boolean;
  disableTakeOwnership?: boolean;
}

export interface Install extends ReleaseAction {
  replace?: boolean;
  skipCRDs?: boolean;
  crds?: CRDsPolicy;
  createNamespace?: boolean;
  serverSideApply?: boolean;
}

export interface Upgrade extends ReleaseAction {
  force?: boolean;
  preserveValues?: boolean;
  cleanupOnFail?: boolean;
  crds?: CRDsPolicy;
  serverSideApply?: 'enabled' | 'disabled' | 'auto';
  chartNameChangeStrategy?: 'Reinstall' | 'InPlaceUpdate';
}

export interface Test {
  enable?: boolean;
  timeout?: string;
  ignoreFailures?: boolean;
  filters?: { name: string; exclude?: boolean }[];
}

export interface Rollback {
  timeout?: string;
  disableWait?: boolean;
  disableWaitForJobs?: boolean;
  disableHooks?: boolean;
  recreate?: boolean;
  force?: boolean;
  cleanupOnFail?: boolean;
  serverSideApply?: 'enabled' | 'disabled' | 'auto';
}

export interface Uninstall {
  timeout?: string;
  disableHooks?: boolean;
  keepHistory?: boolean;
  disableWait?: boolean;
  deletionPropagation?: 'background' | 'foreground' | 'orphan';
}

export interface ValuesReference {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  valuesKey?: string;
  targetPath?: string;
  optional?: boolean;
  /** Set the value at targetPath verbatim, as `--set-literal` does. */
  literal?: boolean;
}

export interface DependencyReference {
  name: string;
  namespace?: string;
  readyExpr?: string;
}

export interface DriftDetection {
  mode?: 'enabled' | 'warn' | 'disabled';
  ignore?: {
    paths: string[];
    target?: KustomizeSelector;
  }[];
}

/** fluxcd/pkg apis/kustomize Selector: regular expressions (anchored) and label selectors. */
export interface KustomizeSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  annotationSelector?: string;
  labelSelector?: string;
}

/** An inline strategic merge or JSON 6902 patch and the objects it applies to. */
export interface KustomizePatch {
  patch: string;
  target?: KustomizeSelector;
}

/** kustomize `images`: a tag-less image name and its replacement name, tag or digest. */
export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export interface PostRenderer {
  kustomize?: {
    patches?: KustomizePatch[];
    images?: KustomizeImage[];
  };
}

/** Labels and annotations set on every rendered object. */
export interface CommonMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type PostRenderStrategy = 'nohooks' | 'combined' | 'separate';

export interface HelmReleaseSpec {
  chart?: HelmChartTemplate;
  chartRef?: CrossNamespaceObjectReference;
  interval: string;
  kubeConfig?: { secretRef?: SecretKeyReference; configMapRef?: LocalObjectReference };
  suspend?: boolean;
  releaseName?: string;
  targetNamespace?: string;
  storageNamespace?: string;
  dependsOn?: DependencyReference[];
  timeout?: string;
  maxHistory?: number;
  serviceAccountName?: string;
  persistentClient?: boolean;
  driftDetection?: DriftDetection;
  install?: Install;
  upgrade?: Upgrade;
  test?: Test;
  rollback?: Rollback;
  uninstall?: Uninstall;
  valuesFrom?: ValuesReference[];
  values?: Record<string, unknown>;
  commonMetadata?: CommonMetadata;
  postRenderers?: PostRenderer[];
  postRenderStrategy?: PostRenderStrategy;
  waitStrategy?: { name: 'poller' | 'legacy' };
  healthCheckExprs?: { apiVersion: string; kind: string; current: string; inProgress?: string; failed?: string }[];
}

export interface TestHookStatus {
  lastStarted?: string;
  lastCompleted?: string;
  phase?: string;
}

/** api/v2 Snapshot: one Helm release revision, newest first in status.history. */
export interface Snapshot {
  apiVersion?: string;
  digest: string;
  name: string;
  namespace: string;
  version: number;
  status: string;
  chartName: string;
  chartVersion: string;
  appVersion?: string;
  configDigest: string;
  firstDeployed: string;
  lastDeployed: string;
  deleted?: string | null;
  testHooks?: Record<string, TestHookStatus>;
  ociDigest?: string;
}

export interface HelmReleaseStatus extends ReconcileRequestStatus {
  observedGeneration?: number;
  observedPostRenderersDigest?: string;
  observedCommonMetadataDigest?: string;
  lastAttemptedGeneration?: number;
  conditions?: Condition[];
  helmChart?: string;
  storageNamespace?: string;
  history?: Snapshot[];
  inventory?: { entries: { id: string; v: string }[] };
  lastAttemptedReleaseAction?: 'install' | 'upgrade';
  lastAttemptedReleaseActionDuration?: string;
  failures?: number;
  installFailures?: number;
  upgradeFailures?: number;
  lastAttemptedRevision?: string;
  lastAttemptedRevisionDigest?: string;
  lastAttemptedValuesChecksum?: string;
  lastReleaseRevision?: number;
  lastAttemptedConfigDigest?: string;
  lastHandledForceAt?: string;
  lastHandledResetAt?: string;
}

export interface HelmRelease extends KubeObject {
  spec?: HelmReleaseSpec;
  status?: HelmReleaseStatus;
}

// ---------------------------------------------------------------------------- sources

export interface SourceStatus extends ReconcileRequestStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  artifact?: Artifact;
  url?: string;
}

export interface GitRepositorySpec {
  url: string;
  secretRef?: LocalObjectReference;
  provider?: 'generic' | 'azure' | 'github';
  serviceAccountName?: string;
  interval: string;
  timeout?: string;
  ref?: { branch?: string; tag?: string; semver?: string; name?: string; commit?: string };
  verify?: { mode?: 'HEAD' | 'Tag' | 'TagAndHEAD'; secretRef: LocalObjectReference };
  proxySecretRef?: LocalObjectReference;
  ignore?: string;
  suspend?: boolean;
  recurseSubmodules?: boolean;
  include?: { repository: LocalObjectReference; fromPath?: string; toPath?: string }[];
  sparseCheckout?: string[];
}

export interface GitRepositoryStatus extends SourceStatus {
  includedArtifacts?: Artifact[];
  observedIgnore?: string;
  observedRecurseSubmodules?: boolean;
  observedInclude?: GitRepositorySpec['include'];
  observedSparseCheckout?: string[];
  sourceVerificationMode?: string;
}

export interface GitRepository extends KubeObject {
  spec?: GitRepositorySpec;
  status?: GitRepositoryStatus;
}

export interface HelmRepositorySpec {
  url: string;
  secretRef?: LocalObjectReference;
  certSecretRef?: LocalObjectReference;
  passCredentials?: boolean;
  interval?: string;
  insecure?: boolean;
  timeout?: string;
  suspend?: boolean;
  accessFrom?: { namespaceSelectors: { matchLabels?: Record<string, string> }[] };
  type?: 'default' | 'oci';
  provider?: 'generic' | 'aws' | 'azure' | 'gcp';
}

export interface HelmRepository extends KubeObject {
  spec?: HelmRepositorySpec;
  status?: SourceStatus;
}

export interface HelmChartSpec {
  chart: string;
  version?: string;
  sourceRef: { apiVersion?: string; kind: 'HelmRepository' | 'GitRepository' | 'Bucket'; name: string };
  interval: string;
  reconcileStrategy?: 'ChartVersion' | 'Revision';
  valuesFiles?: string[];
  ignoreMissingValuesFiles?: boolean;
  suspend?: boolean;
  verify?: { provider: 'cosign' | 'notation'; secretRef?: LocalObjectReference };
}

export interface HelmChartStatus extends SourceStatus {
  observedSourceArtifactRevision?: string;
  observedChartName?: string;
  observedValuesFiles?: string[];
}

export interface HelmChart extends KubeObject {
  spec?: HelmChartSpec;
  status?: HelmChartStatus;
}

export interface OCIRepositorySpec {
  url: string;
  ref?: { digest?: string; tag?: string; semver?: string; semverFilter?: string };
  layerSelector?: { mediaType?: string; operation?: 'extract' | 'copy' };
  provider?: 'generic' | 'aws' | 'azure' | 'gcp';
  secretRef?: LocalObjectReference;
  verify?: { provider: 'cosign' | 'notation'; secretRef?: LocalObjectReference };
  serviceAccountName?: string;
  certSecretRef?: LocalObjectReference;
  proxySecretRef?: LocalObjectReference;
  interval: string;
  timeout?: string;
  ignore?: string;
  insecure?: boolean;
  suspend?: boolean;
}

export interface OCIRepositoryStatus extends SourceStatus {
  observedIgnore?: string;
  observedLayerSelector?: OCIRepositorySpec['layerSelector'];
}

export interface OCIRepository extends KubeObject {
  spec?: OCIRepositorySpec;
  status?: OCIRepositoryStatus;
}

/** source-controller v1 Bucket: an S3-compatible, GCS or Azure Blob bucket. flux-ts lists and
 * suspends Buckets but does not fetch their content. */
export interface BucketSpec {
  provider?: 'generic' | 'aws' | 'gcp' | 'azure';
  bucketName: string;
  endpoint: string;
  sts?: { provider: string; endpoint: string; secretRef?: LocalObjectReference; certSecretRef?: LocalObjectReference };
  insecure?: boolean;
  region?: string;
  prefix?: string;
  secretRef?: LocalObjectReference;
  certSecretRef?: LocalObjectReference;
  proxySecretRef?: LocalObjectReference;
  serviceAccountName?: string;
  interval: string;
  timeout?: string;
  ignore?: string;
  suspend?: boolean;
}

export interface BucketStatus extends SourceStatus {
  observedIgnore?: string;
}

export interface Bucket extends KubeObject {
  spec?: BucketSpec;
  status?: BucketStatus;
}

/** fluxcd/pkg apis/meta NamespacedObjectKindReference: the producer of an ExternalArtifact. */
export interface NamespacedObjectKindReference {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** source-controller v1 ExternalArtifact (Flux 2.7): an artifact produced by another controller.
 * It has no interval and no suspend: nothing reconciles it on request. */
export interface ExternalArtifactSpec {
  sourceRef?: NamespacedObjectKindReference;
}

export interface ExternalArtifact extends KubeObject {
  spec?: ExternalArtifactSpec;
  status?: { conditions?: Condition[]; artifact?: Artifact };
}

/** kustomize-controller v1 Kustomization: flux-ts has no verbs for it; `trace` reads the fields
 * flux's trace report prints. */
export interface Kustomization extends KubeObject {
  spec?: {
    sourceRef?: CrossNamespaceObjectReference;
    path?: string;
    targetNamespace?: string;
    interval?: string;
    suspend?: boolean;
  };
  status?: { conditions?: Condition[]; lastAppliedRevision?: string; lastAttemptedRevision?: string };
}

export type FluxObject = HelmRelease | GitRepository | HelmRepository | HelmChart | OCIRepository | Bucket | ExternalArtifact;
