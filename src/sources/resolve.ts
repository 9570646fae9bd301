// The source API of the reconciliation core: given a HelmRelease, fetch its chart the way
// source-controller would (HelmChart template over HelmRepository/GitRepository, or chartRef to
// an OCIRepository/HelmChart), reading sources and Secrets through the Cluster interface,
// applying the cross-namespace policy, and reusing the artifact cache within the source interval.
import type { Cluster, ResourceRef } from '../cluster/types.js';
import { isNoKindMatch, notFoundMessage } from '../cluster/errors.js';
import { findKind } from '../kinds/registry.js';
import { parseVersion, tryParseVersion } from '../semver/index.js';
import type { ArtifactCache } from './cache.js';
import { parseGoDuration } from './duration.js';
import { AccessDeniedError, SourceError } from './errors.js';
import {
  fetchFromGitRepository,
  fetchFromHttpRepository,
  fetchFromOciHelmRepository,
  fetchFromOciRepository,
  toSourceError,
  type DependencyRepositoryAuth,
  type FetchContext,
  type FetchedChart,
} from './fetchers.js';
import { HELMCHART_RESOURCE, helmChartBuildOptions, helmChartFailedStatus, helmChartFor, helmChartReadyStatus, withLiveGeneration } from './helmchart.js';
import type { TlsMaterial } from './http.js';
import { gitAccessFor } from './git/access.js';
import { applyIncludes } from './git/include.js';
import { refuseUnsupportedGitFields } from './git/unsupported.js';
import { parseOciReference } from './oci/reference.js';
import { refuseUnsupportedOciFields } from './oci/unsupported.js';
import { basicAuthFrom, readSecret, registryCredentialsFrom, tlsFrom } from './secrets.js';
import {
  describeSource,
  type GitRepository,
  type HelmChart,
  type HelmReleaseChartSource,
  type HelmRepository,
  type OCIRepository,
} from './types.js';

const GROUP = 'source.toolkit.fluxcd.io';
export const HELMREPOSITORY_RESOURCE: ResourceRef = { group: GROUP, version: 'v1', plural: 'helmrepositories', kind: 'HelmRepository', namespaced: true };
export const GITREPOSITORY_RESOURCE: ResourceRef = { group: GROUP, version: 'v1', plural: 'gitrepositories', kind: 'GitRepository', namespaced: true };
export const OCIREPOSITORY_RESOURCE: ResourceRef = { group: GROUP, version: 'v1', plural: 'ocirepositories', kind: 'OCIRepository', namespaced: true };
export { HELMCHART_RESOURCE };

export interface ResolveOptions {
  cluster: Cluster;
  cache?: ArtifactCache;
  /** `flux-ts install --allow-namespace-cross-references` (Flux: not `--no-cross-namespace-refs`). */
  allowCrossNamespace: boolean;
  /** Only use cached artifacts; fail when a source has none. */
  offline?: boolean;
  /** Reuse a cached resolution younger than the source's spec.interval (default true). */
  reuseWithinInterval?: boolean;
  now?: () => Date;
}

export interface ResolvedChart extends FetchedChart {
  source: { kind: string; namespace: string; name: string };
  /** The revision helm-controller records: the HelmChart artifact revision, or the OCIRepository revision. */
  artifactRevision: string;
  /** For `spec.chart`: the HelmChart source-controller would hold, with its status. */
  helmChart?: HelmChart;
}

/** Flux's ACL check: refuses a reference into another namespace unless allowed. */
export function checkCrossNamespace(kind: string, namespace: string, name: string, fromNamespace: string, allow: boolean): void {
  if (!allow && namespace !== fromNamespace) {
    throw new AccessDeniedError(`cross-namespace references are not allowed: cannot access ${kind} ${namespace}/${name}`);
  }
}

/** Cloud workload identity (aws/azure/gcp) needs the cloud SDKs Flux embeds; flux-ts refuses it clearly. */
function checkProvider(subject: string, provider: string | undefined): void {
  if (provider !== undefined && provider !== '' && provider !== 'generic') {
    throw new SourceError(subject, 'InvalidSpec', `provider '${provider}' is not supported by flux-ts (only 'generic' credentials from secretRef)`);
  }
}

/** Served versions to try, newest first: the kind's read versions (OCIRepository is v1 from Flux 2.6, v1beta2 before). */
function readVersionsOf(kind: string): readonly string[] {
  return findKind(kind)?.readVersions ?? [];
}

async function getSource<T>(cluster: Cluster, res: ResourceRef, namespace: string, name: string, apiVersion?: string): Promise<T> {
  const subject = describeSource(res.kind, namespace, name);
  const asked = apiVersion?.startsWith(`${res.group}/`) ? apiVersion.slice(res.group.length + 1) : undefined;
  const versions = [...new Set([...(asked ? [asked] : []), res.version, ...readVersionsOf(res.kind)])];
  // A version that is not served says nothing about the object: "not found" at any served
  // version wins over it; another error is reported only when no version answered.
  let notFound = false;
  let failure: unknown;
  let notServed: unknown;
  for (const version of versions) {
    try {
      const obj = (await cluster.tryGet({ ...res, version }, name, namespace)) as T | undefined;
      if (obj !== undefined) return obj;
      notFound = true;
    } catch (err) {
      if (isNoKindMatch(err)) notServed ??= err;
      else failure ??= err;
    }
  }
  if (notFound) throw new SourceError(subject, 'NotFound', notFoundMessage(res, name));
  throw new SourceError(subject, 'Failed', `failed to get source: ${((failure ?? notServed) as Error).message}`);
}

function context(subject: string, interval: string | undefined, opts: ResolveOptions): FetchContext {
  const ms = interval !== undefined ? parseGoDuration(interval) : undefined;
  return {
    subject,
    ...(opts.cache ? { cache: opts.cache } : {}),
    ...(opts.offline ? { offline: true } : {}),
    ...((opts.reuseWithinInterval ?? true) && ms !== undefined ? { maxAgeMs: ms } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  };
}

async function tlsFromRef(cluster: Cluster, ns: string, ref: { name: string } | undefined, subject: string): Promise<TlsMaterial | undefined> {
  if (ref === undefined) return undefined;
  const secret = await readSecret(cluster, ns, ref.name, subject);
  return tlsFrom(secret.data, subject, ref.name);
}

function timeoutOf(spec: { timeout?: string }): number | undefined {
  return spec.timeout !== undefined ? parseGoDuration(spec.timeout) : undefined;
}

async function fetchViaHelmRepository(
  cluster: Cluster,
  repo: HelmRepository,
  chart: HelmChart,
  opts: ResolveOptions,
): Promise<FetchedChart> {
  const ns = repo.metadata.namespace ?? 'default';
  const subject = describeSource('HelmRepository', ns, repo.metadata.name);
  const ctx = context(subject, chart.spec.interval, opts);
  const build = helmChartBuildOptions(chart);
  const version = chart.spec.version ?? '*';
  checkProvider(subject, repo.spec.provider);
  if (chart.spec.verify !== undefined) {
    throw new SourceError(describeSource('HelmChart', chart.metadata.namespace, chart.metadata.name), 'InvalidSpec', `chart verification (spec.verify, provider '${chart.spec.verify.provider}') is not supported by flux-ts`);
  }
  const timeoutMs = timeoutOf(repo.spec);
  const tls = await tlsFromRef(cluster, ns, repo.spec.certSecretRef, subject);
  if (repo.spec.type === 'oci' || repo.spec.url.startsWith('oci://')) {
    if (!repo.spec.url.startsWith('oci://')) throw new SourceError(subject, 'InvalidSpec', `invalid OCI registry URL '${repo.spec.url}': must start with oci://`);
    let credentials;
    if (repo.spec.secretRef !== undefined) {
      const secret = await readSecret(cluster, ns, repo.spec.secretRef.name, subject);
      let host: string;
      try {
        host = parseOciReference(`${repo.spec.url.replace(/\/+$/, '')}/${chart.spec.chart}`).host;
      } catch (err) {
        throw toSourceError(subject, err);
      }
      credentials = registryCredentialsFrom(secret, host, subject, repo.spec.secretRef.name);
    }
    return fetchFromOciHelmRepository(
      ctx,
      {
        url: repo.spec.url,
        ...(repo.spec.insecure ? { plainHttp: true } : {}),
        ...(credentials ? { credentials } : {}),
        ...(tls ? { tls } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
      },
      chart.spec.chart,
      version === '*' ? '' : version,
      build,
    );
  }
  let basicAuth;
  let legacyTls: TlsMaterial | undefined;
  if (repo.spec.secretRef !== undefined) {
    const secret = await readSecret(cluster, ns, repo.spec.secretRef.name, subject);
    basicAuth = basicAuthFrom(secret.data, subject, repo.spec.secretRef.name);
    // TLS keys in secretRef are deprecated in v1 but still honoured when certSecretRef is absent.
    legacyTls = tlsFrom(secret.data, subject, repo.spec.secretRef.name);
  }
  const effectiveTls = tls ?? legacyTls;
  return fetchFromHttpRepository(
    ctx,
    {
      url: repo.spec.url,
      ...(basicAuth ? { basicAuth } : {}),
      ...(effectiveTls ? { tls: effectiveTls } : {}),
      ...(repo.spec.passCredentials ? { passCredentials: true } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    },
    chart.spec.chart,
    version,
    build,
  );
}

async function fetchViaGitRepository(cluster: Cluster, repo: GitRepository, chart: HelmChart, opts: ResolveOptions): Promise<FetchedChart> {
  const ns = repo.metadata.namespace ?? 'default';
  const subject = describeSource('GitRepository', ns, repo.metadata.name);
  refuseUnsupportedGitFields(repo);
  const auth = await gitAccessFor(cluster, repo, subject);
  const timeoutMs = timeoutOf(repo.spec);
  const chartNs = chart.metadata.namespace ?? 'default';
  return fetchFromGitRepository(
    context(subject, repo.spec.interval ?? chart.spec.interval, opts),
    {
      url: repo.spec.url,
      ...(repo.spec.ref ? { ref: repo.spec.ref } : {}),
      ...(repo.spec.ignore !== undefined ? { ignore: repo.spec.ignore } : {}),
      ...(repo.spec.recurseSubmodules === true ? { recurseSubmodules: true } : {}),
      ...(repo.spec.include !== undefined && repo.spec.include.length > 0
        ? { prepare: (dir: string) => applyIncludes(cluster, repo, dir), prepareKey: repo.spec.include }
        : {}),
      ...(repo.spec.sparseCheckout !== undefined && repo.spec.sparseCheckout.length > 0 ? { sparseCheckout: repo.spec.sparseCheckout } : {}),
      ...(auth ? { auth } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      dependencyAuth: (url) => dependencyAuthFromHelmRepositories(opts.cluster, chartNs, url),
    },
    chart.spec.chart,
    chart.spec.reconcileStrategy ?? 'ChartVersion',
    helmChartBuildOptions(chart),
  );
}

const normaliseRepoUrl = (url: string): string => url.replace(/\/+$/, '');

/**
 * source-controller's dependency credentials: a HelmRepository in the HelmChart's namespace
 * whose URL is the dependency's repository lends its secretRef/certSecretRef.
 */
async function dependencyAuthFromHelmRepositories(cluster: Cluster, namespace: string, url: string): Promise<DependencyRepositoryAuth | undefined> {
  let repos: HelmRepository[];
  try {
    repos = (await cluster.list<HelmRepository>(HELMREPOSITORY_RESOURCE, { namespace })).items;
  } catch {
    return undefined;
  }
  const match = repos.find((r) => normaliseRepoUrl(r.spec.url) === normaliseRepoUrl(url));
  if (match === undefined) return undefined;
  const subject = describeSource('HelmRepository', namespace, match.metadata.name);
  const auth: DependencyRepositoryAuth = {};
  if (match.spec.secretRef !== undefined) {
    const secret = await readSecret(cluster, namespace, match.spec.secretRef.name, subject);
    if (url.startsWith('oci://')) {
      const creds = registryCredentialsFrom(secret, parseOciReference(`${normaliseRepoUrl(url)}/x`).host, subject, match.spec.secretRef.name);
      if (creds) auth.credentials = creds;
    } else {
      const basic = basicAuthFrom(secret.data, subject, match.spec.secretRef.name);
      if (basic) auth.basicAuth = basic;
    }
  }
  const tls = await tlsFromRef(cluster, namespace, match.spec.certSecretRef, subject);
  if (tls) auth.tls = tls;
  if (match.spec.passCredentials) auth.passCredentials = true;
  if (match.spec.insecure) auth.plainHttp = true;
  return auth;
}

/** Fetches the chart of a HelmChart object (what source-controller does for it). */
export async function fetchHelmChart(chart: HelmChart, opts: ResolveOptions): Promise<{ fetched: FetchedChart; source: ResolvedChart['source'] }> {
  const ns = chart.metadata.namespace ?? 'default';
  const ref = chart.spec.sourceRef;
  switch (ref.kind) {
    case 'HelmRepository': {
      const repo = await getSource<HelmRepository>(opts.cluster, HELMREPOSITORY_RESOURCE, ns, ref.name);
      return { fetched: await fetchViaHelmRepository(opts.cluster, repo, chart, opts), source: { kind: ref.kind, namespace: ns, name: ref.name } };
    }
    case 'GitRepository': {
      const repo = await getSource<GitRepository>(opts.cluster, GITREPOSITORY_RESOURCE, ns, ref.name);
      return { fetched: await fetchViaGitRepository(opts.cluster, repo, chart, opts), source: { kind: ref.kind, namespace: ns, name: ref.name } };
    }
    case 'Bucket':
      // source-controller reads charts out of S3/GCS/Azure buckets; flux-ts has no such clients.
      throw new SourceError(describeSource('HelmChart', ns, chart.metadata.name), 'InvalidSpec', 'spec.sourceRef: Bucket sources are not supported by flux-ts (it does not fetch bucket content)');
    default:
      throw new SourceError(describeSource('HelmChart', ns, chart.metadata.name), 'InvalidSpec', `unsupported source kind '${ref.kind}' in spec.sourceRef`);
  }
}

async function fetchOciRepositoryObject(repo: OCIRepository, opts: ResolveOptions): Promise<FetchedChart> {
  const ns = repo.metadata.namespace ?? 'default';
  const subject = describeSource('OCIRepository', ns, repo.metadata.name);
  checkProvider(subject, repo.spec.provider);
  refuseUnsupportedOciFields(repo);
  let credentials;
  if (repo.spec.secretRef !== undefined) {
    const secret = await readSecret(opts.cluster, ns, repo.spec.secretRef.name, subject);
    let host: string;
    try {
      host = parseOciReference(repo.spec.url).host;
    } catch (err) {
      throw toSourceError(subject, err);
    }
    credentials = registryCredentialsFrom(secret, host, subject, repo.spec.secretRef.name);
  }
  const tls = await tlsFromRef(opts.cluster, ns, repo.spec.certSecretRef, subject);
  const timeoutMs = timeoutOf(repo.spec);
  return fetchFromOciRepository(context(subject, repo.spec.interval, opts), {
    url: repo.spec.url,
    ...(repo.spec.ref ? { ref: repo.spec.ref } : {}),
    ...(repo.spec.layerSelector ? { layerSelector: repo.spec.layerSelector } : {}),
    ...(repo.spec.insecure ? { plainHttp: true } : {}),
    ...(credentials ? { credentials } : {}),
    ...(tls ? { tls } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

/**
 * The chart of a HelmRelease, as Flux would fetch it. Throws AccessDeniedError for refused
 * cross-namespace references and SourceError (one line naming the source) for everything else.
 * For `spec.chart` the result carries the HelmChart with its status; on failure the error's
 * `helmChart` property carries the HelmChart with the failed status.
 */
export async function resolveChart(hr: HelmReleaseChartSource, opts: ResolveOptions): Promise<ResolvedChart> {
  const hrNs = hr.metadata.namespace ?? 'default';
  const now = opts.now ?? (() => new Date());
  if (hr.spec.chartRef !== undefined) {
    const ref = hr.spec.chartRef;
    const ns = ref.namespace ?? hrNs;
    checkCrossNamespace(ref.kind, ns, ref.name, hrNs, opts.allowCrossNamespace);
    if (ref.kind === 'OCIRepository') {
      const repo = await getSource<OCIRepository>(opts.cluster, OCIREPOSITORY_RESOURCE, ns, ref.name, ref.apiVersion);
      const fetched = await fetchOciRepositoryObject(repo, opts);
      return { ...fetched, source: { kind: 'OCIRepository', namespace: ns, name: ref.name }, artifactRevision: fetched.sourceRevision };
    }
    if (ref.kind === 'HelmChart') {
      const chart = await getSource<HelmChart>(opts.cluster, HELMCHART_RESOURCE, ns, ref.name, ref.apiVersion);
      const { fetched, source } = await fetchHelmChart(chart, opts);
      return { ...fetched, source, artifactRevision: fetched.version, helmChart: { ...chart, status: helmChartReadyStatus(chart, fetched, now()) } };
    }
    throw new SourceError(describeSource('HelmRelease', hrNs, hr.metadata.name), 'InvalidSpec', `unsupported chartRef kind '${ref.kind}'`);
  }
  if (hr.spec.chart === undefined) {
    throw new SourceError(describeSource('HelmRelease', hrNs, hr.metadata.name), 'InvalidSpec', 'invalid Chart reference');
  }
  // helm-controller checks access to the HelmChart it templates (in the source's namespace).
  const templated = helmChartFor(hr);
  checkCrossNamespace('HelmChart', templated.metadata.namespace ?? hrNs, templated.metadata.name, hrNs, opts.allowCrossNamespace);
  // With valuesFiles the chart version names the HelmChart's generation (1 until it exists).
  const chart = await withLiveGeneration(opts.cluster, templated);
  try {
    const { fetched, source } = await fetchHelmChart(chart, opts);
    return { ...fetched, source, artifactRevision: fetched.version, helmChart: { ...chart, status: helmChartReadyStatus(chart, fetched, now()) } };
  } catch (err) {
    const se = toSourceError(describeSource('HelmChart', chart.metadata.namespace, chart.metadata.name), err);
    Object.assign(se, { helmChart: { ...chart, status: helmChartFailedStatus(chart, se, now()) } });
    throw se;
  }
}

/**
 * helm-controller's mutateChartWithSourceRevision for OCIRepository artifacts: the chart version
 * gets the first 12 hex of the artifact digest as build metadata; with a `<tag>@<digest>`
 * revision the tag must be the chart's version (semver-equal).
 */
export function chartVersionForOciRevision(chartVersion: string, revision: string): string {
  const ver = parseVersion(chartVersion);
  let digestPart = revision;
  if (revision.includes('@')) {
    const parts = revision.split('@');
    const tagVer = tryParseVersion(parts[0]!);
    if (tagVer === undefined) throw new Error(`failed parsing artifact revision ${parts[0]}`);
    if (parts.length !== 2 || !tagVer.equal(ver)) throw new Error(`artifact revision ${parts[0]} does not match chart version ${chartVersion}`);
    digestPart = parts[1]!;
  }
  const pair = digestPart.split(':');
  if (pair.length !== 2 || pair[1]!.length < 12) throw new Error(`invalid artifact revision ${digestPart}`);
  return `${ver.major}.${ver.minor}.${ver.patch}${ver.prerelease !== '' ? `-${ver.prerelease}` : ''}+${pair[1]!.slice(0, 12)}`;
}
