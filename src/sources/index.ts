// The chart-source API other modules use (reconciliation core, controller, commands).
// Lower-level pieces (HTTP client, OCI client, index scanner) stay importable from their files.
export {
  resolveChart,
  fetchHelmChart,
  checkCrossNamespace,
  chartVersionForOciRevision,
  HELMREPOSITORY_RESOURCE,
  GITREPOSITORY_RESOURCE,
  OCIREPOSITORY_RESOURCE,
  HELMCHART_RESOURCE,
  type ResolveOptions,
  type ResolvedChart,
} from './resolve.js';
export { helmChartFor, helmChartName, helmChartReadyStatus, helmChartFailedStatus } from './helmchart.js';
export { sourceReadyStatus, sourceFailedStatus } from './source-status.js';
export { reconcileSource } from './reconcile-source.js';
export {
  fetchFromHttpRepository,
  fetchFromOciHelmRepository,
  fetchFromOciRepository,
  fetchFromGitRepository,
  toSourceError,
  type FetchedChart,
  type FetchContext,
  type BuildOptions,
} from './fetchers.js';
export { ArtifactCache, sha256Digest, type ArtifactCacheOptions } from './cache.js';
export { SourceError, AccessDeniedError, type SourceErrorReason } from './errors.js';
export { pullChart, pushChartFrom, type PullOptions, type PullResult, type PushOptions } from './pull-push.js';
export { readChartMetadata, packageChartDir, type ChartMetadata } from './chart-archive.js';
export * from './types.js';
