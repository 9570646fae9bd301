// One fetcher per kind of chart source, independent of Kubernetes: each takes the source's
// spec and already-resolved credentials, returns the chart archive with its version, digest and
// revisions, and records the result in the artifact cache only after every check passed.
// A fresh cached resolution (younger than maxAgeMs, or any age when offline) is returned without
// touching the network.
import { SourceError, TransportError } from './errors.js';
import { ArtifactCache, CacheError, sha256Digest } from './cache.js';
import { mergeChartValues, mergeFileValues, overwriteChartDefaultValues } from './helmchart.js';
import { ChartArchiveError, packageChartDir, readChartMetadata, withChartVersion } from './chart-archive.js';
import { buildDependencies } from './dependencies.js';
import { chooseVersion, downloadChart, fetchIndex, type HttpRepositoryOptions } from './helm/http-repository.js';
import { VersionSelectionError, helmTagVersions, parseFluxVersion, selectTag } from './helm/select.js';
import { RegistryClient, type RegistryClientOptions } from './oci/client.js';
import { chartLayer } from './oci/helm-chart.js';
import { OciReferenceError, parseOciReference, versionToTag } from './oci/reference.js';
import { checkout, type GitAuth } from './git/checkout.js';
import { pruneToArtifact, pruneToSparseCheckout } from './git/sourceignore.js';
import { Constraints, parseVersion } from '../semver/index.js';
import type { GitRepositoryRef, OCILayerSelector, OCIRepositoryRef, ReconcileStrategy } from './types.js';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { stat } from 'node:fs/promises';

export interface FetchedChart {
  chartName: string;
  /** Chart version (with `+<sha12>` under reconcileStrategy Revision). */
  version: string;
  archive: Buffer;
  /** sha256 of the archive, `sha256:<hex>`. */
  digest: string;
  /** Where the chart came from (archive URL, `oci://…:tag`, or git URL + path). */
  url: string;
  /** The source's own artifact revision (index digest, `main@sha1:…`, `tag@sha256:…`). */
  sourceRevision: string;
  /** OCI only: the manifest digest (what `helm pull` prints). */
  manifestDigest?: string;
  /** valuesFiles merged into the package. */
  valuesFiles?: string[];
  fromCache: boolean;
}

export interface FetchContext {
  /** `Kind ns/name` (or the URL for the CLI), prefixed to every error. */
  subject: string;
  cache?: ArtifactCache;
  /** Reuse a cached resolution younger than this. 0 (default) always fetches. */
  maxAgeMs?: number;
  /** Use the cached resolution whatever its age; fail if there is none. */
  offline?: boolean;
  now?: () => Date;
  maxChartBytes?: number;
}

export interface BuildOptions {
  valuesFiles?: string[];
  ignoreMissingValuesFiles?: boolean;
  /**
   * The HelmChart's metadata.generation. With valuesFiles listed, source-controller appends it
   * to the chart version as build metadata (`6.3.5+2`) so consumers notice a values change.
   */
  generation?: number;
}

/**
 * source-controller's VersionMetadata for a HelmChart build: the Revision strategy's short
 * commit (GitRepository) first, then, when valuesFiles are listed (used or not), the HelmChart
 * generation, joined by a dot (`abcdef123456.2`). Undefined when the version stays as it is.
 */
export function versionMetadataFor(build: BuildOptions, revision?: string): string | undefined {
  const parts: string[] = [];
  if (revision !== undefined && revision !== '') parts.push(revision);
  if (build.valuesFiles !== undefined && build.valuesFiles.length > 0 && build.generation !== undefined) parts.push(String(build.generation));
  return parts.length > 0 ? parts.join('.') : undefined;
}

/** Masterminds' SetMetadata on a leniently parsed version: replaces any build metadata (`1.2+x` -> `1.2.0+2`). */
export function withBuildMetadata(version: string, metadata: string): string {
  let v;
  try {
    v = parseVersion(version);
  } catch (err) {
    throw new ChartArchiveError(`chart metadata patch error: failed to parse version from chart metadata as SemVer: ${(err as Error).message}`);
  }
  if (!/^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/.test(metadata)) {
    throw new ChartArchiveError(`chart metadata patch error: failed to set SemVer metadata on chart version: invalid metadata string`);
  }
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease !== '' ? `-${v.prerelease}` : ''}+${metadata}`;
}

/** The cache key part of the build options (generation only matters with valuesFiles). */
function buildKey(build: BuildOptions): unknown[] {
  return [build.valuesFiles ?? [], build.ignoreMissingValuesFiles ?? false, versionMetadataFor(build) ?? null];
}

type CachedResolution = Omit<FetchedChart, 'archive' | 'fromCache'>;

/** Any failure below, as one SourceError naming the source. */
export function toSourceError(subject: string, err: unknown): SourceError {
  if (err instanceof SourceError) return err;
  if (err instanceof TransportError) {
    // The transport failure stays reachable (a registry's error body words helm's message);
    // not enumerable, like Error's own cause, so it is never dumped with the error.
    const se = new SourceError(subject, err.reason, err.message);
    Object.defineProperty(se, 'cause', { value: err, writable: true, configurable: true, enumerable: false });
    return se;
  }
  if (err instanceof VersionSelectionError) return new SourceError(subject, err.kind, err.message);
  if (err instanceof ChartArchiveError) return new SourceError(subject, 'InvalidArtifact', err.message);
  if (err instanceof CacheError) return new SourceError(subject, 'InvalidArtifact', err.message);
  if (err instanceof OciReferenceError) return new SourceError(subject, 'InvalidSpec', err.message);
  return new SourceError(subject, 'Failed', err instanceof Error ? err.message : String(err));
}

async function fromCache(ctx: FetchContext, key: string): Promise<FetchedChart | undefined> {
  if (ctx.cache === undefined) return undefined;
  if (!ctx.offline && (ctx.maxAgeMs ?? 0) <= 0) return undefined;
  const hit = await ctx.cache.getResolution<CachedResolution>(key);
  if (hit !== undefined) {
    const age = (ctx.now?.() ?? new Date()).getTime() - hit.storedAt.getTime();
    if (ctx.offline || age < (ctx.maxAgeMs ?? 0)) {
      const archive = await ctx.cache.get(hit.value.digest);
      if (archive !== undefined) return { ...hit.value, archive, fromCache: true };
    }
  }
  if (ctx.offline) throw new SourceError(ctx.subject, 'NotFound', 'no cached artifact for this source (offline)');
  return undefined;
}

async function remember(ctx: FetchContext, key: string, chart: Omit<FetchedChart, 'fromCache'>): Promise<FetchedChart> {
  if (ctx.cache !== undefined) {
    await ctx.cache.put(chart.archive, chart.digest);
    const { archive: _archive, ...rest } = chart;
    await ctx.cache.putResolution<CachedResolution>(key, rest, ctx.now?.());
  }
  return { ...chart, fromCache: false };
}

/**
 * Validates it is a chart, applies valuesFiles and version metadata (only packaging when needed).
 * `baseVersion` is the version the source resolved (index entry or tag) when it is not the archive's.
 */
async function finish(
  archive: Buffer,
  expectedName: string | undefined,
  build: BuildOptions,
  versionMetadata?: string,
  baseVersion?: string,
): Promise<{ archive: Buffer; name: string; version: string; valuesFiles?: string[] }> {
  const md = await readChartMetadata(archive);
  if (expectedName !== undefined && md.name !== expectedName) {
    throw new ChartArchiveError(`chart name mismatch: expected '${expectedName}', archive contains '${md.name}'`);
  }
  let out = archive;
  let version = baseVersion ?? md.version;
  let used: string[] | undefined;
  if (build.valuesFiles !== undefined && build.valuesFiles.length > 0) {
    const merged = await mergeChartValues(out, build.valuesFiles, build.ignoreMissingValuesFiles ?? false);
    // Even an empty merge (every listed file missing and ignored) is written over the chart's
    // values.yaml. The files are reported only when that changed the file's contents.
    const r = await overwriteChartDefaultValues(out, merged.values);
    out = r.archive;
    if (r.changed && merged.used.length > 0) used = merged.used;
  }
  if (versionMetadata !== undefined) {
    // The packaged chart carries the version the artifact is named for (Chart.yaml too).
    version = withBuildMetadata(version, versionMetadata);
    out = await withChartVersion(out, version);
  }
  return { archive: out, name: md.name, version, ...(used ? { valuesFiles: used } : {}) };
}

// ---- HelmRepository (HTTP) ----------------------------------------------------------------

export async function fetchFromHttpRepository(
  ctx: FetchContext,
  repo: HttpRepositoryOptions,
  chart: string,
  version: string,
  build: BuildOptions = {},
): Promise<FetchedChart> {
  const key = JSON.stringify(['helm-http', repo.url, chart, version, ...buildKey(build)]);
  const cached = await fromCache(ctx, key);
  if (cached) return cached;
  try {
    const { index, digest: indexDigest } = await fetchIndex({ ...repo, ...(ctx.maxChartBytes ? { maxChartBytes: ctx.maxChartBytes } : {}) });
    const cv = chooseVersion(index, chart, version);
    const dl = await downloadChart({ ...repo, ...(ctx.maxChartBytes ? { maxChartBytes: ctx.maxChartBytes } : {}) }, cv);
    // Like source-controller, the version is the index's (the archive is only checked to be a chart).
    const built = await finish(dl.archive, chart, build, versionMetadataFor(build), cv.version);
    return await remember(ctx, key, {
      chartName: built.name,
      version: built.version,
      archive: built.archive,
      digest: sha(built.archive),
      url: dl.url,
      sourceRevision: indexDigest,
      ...(built.valuesFiles ? { valuesFiles: built.valuesFiles } : {}),
    });
  } catch (err) {
    throw toSourceError(ctx.subject, err);
  }
}

// ---- HelmRepository (OCI) -------------------------------------------------------------------

export interface OciRepositoryOptions extends RegistryClientOptions {
  /** `oci://host/path` (HelmRepository url), the chart name is appended. */
  url: string;
}

export async function fetchFromOciHelmRepository(
  ctx: FetchContext,
  repo: OciRepositoryOptions,
  chart: string,
  version: string,
  build: BuildOptions = {},
): Promise<FetchedChart> {
  const key = JSON.stringify(['helm-oci', repo.url, chart, version, ...buildKey(build)]);
  const cached = await fromCache(ctx, key);
  if (cached) return cached;
  try {
    const base = parseOciReference(repo.url.replace(/\/+$/, '') + '/' + chart);
    const client = new RegistryClient(base.host, repo);
    let tag: string;
    if (version !== '' && parseFluxVersion(version) !== undefined) {
      // An exact version: no need to list tags (source-controller takes the same shortcut).
      tag = version;
    } else {
      const tags = helmTagVersions(await client.listTags(base.repository));
      if (tags.length === 0) throw new TransportError('NotFound', `unable to locate any tags in provided repository: ${chart}`);
      tag = selectTag(tags, version);
    }
    const { digest: manifestDigest, manifest } = await client.getManifest(base.repository, versionToTag(tag));
    const where = `oci://${base.host}/${base.repository}:${versionToTag(tag)}`;
    const layer = chartLayer(manifest, where);
    const max = ctx.maxChartBytes ?? 10 * 1024 * 1024;
    if (layer.size > max) throw new TransportError('InvalidArtifact', `chart ${chart}-${tag} exceeds the maximum chart size of ${max} bytes`);
    const blob = await client.getBlob(base.repository, layer.digest, max);
    // The resolved tag is the version, as source-controller records it.
    const built = await finish(blob, chart, build, versionMetadataFor(build), tag);
    return await remember(ctx, key, {
      chartName: built.name,
      version: built.version,
      archive: built.archive,
      digest: sha(built.archive),
      url: where,
      sourceRevision: `${tag}@${manifestDigest}`,
      manifestDigest,
      ...(built.valuesFiles ? { valuesFiles: built.valuesFiles } : {}),
    });
  } catch (err) {
    throw toSourceError(ctx.subject, err);
  }
}

// ---- OCIRepository ----------------------------------------------------------------------------

export interface OciArtifactOptions extends RegistryClientOptions {
  /** `oci://host/path/name` */
  url: string;
  ref?: OCIRepositoryRef;
  layerSelector?: OCILayerSelector;
  /** Check the layer is a Helm chart (default true; false when reconciling any OCIRepository). */
  expectChart?: boolean;
}

/** source-controller's OCIRepository tag choice for ref.semver (+ semverFilter); tags used as they are. */
export function chooseOciSemverTag(tags: string[], semver: string, filter?: string): string {
  let c: Constraints;
  try {
    c = Constraints.parse(semver);
  } catch (err) {
    throw new TransportError('InvalidSpec', `semver '${semver}' parse error: ${(err as Error).message}`);
  }
  const re = filter !== undefined && filter !== '' ? new RegExp(filter) : undefined;
  let best: { tag: string; v: ReturnType<typeof parseVersion> } | undefined;
  for (const tag of tags) {
    if (re !== undefined && !re.test(tag)) continue;
    const v = parseFluxVersion(tag);
    if (v === undefined || !c.check(v)) continue;
    if (best === undefined || v.compare(best.v) > 0) best = { tag, v };
  }
  if (best === undefined) throw new TransportError('NotFound', `no match found for semver: ${semver}`);
  return best.tag;
}

export async function fetchFromOciRepository(ctx: FetchContext, repo: OciArtifactOptions): Promise<FetchedChart> {
  const key = JSON.stringify(['oci-artifact', repo.url, repo.ref ?? {}, repo.layerSelector ?? {}, repo.expectChart ?? true]);
  const cached = await fromCache(ctx, key);
  if (cached) return cached;
  try {
    const ref = parseOciReference(repo.url);
    const client = new RegistryClient(ref.host, repo);
    let reference: string;
    let tag: string | undefined;
    if (repo.ref?.digest) {
      reference = repo.ref.digest;
    } else if (repo.ref?.semver) {
      tag = chooseOciSemverTag(await client.listTags(ref.repository), repo.ref.semver, repo.ref.semverFilter);
      reference = tag;
    } else {
      tag = repo.ref?.tag ?? 'latest';
      reference = tag;
    }
    const { digest: manifestDigest, manifest } = await client.getManifest(ref.repository, reference);
    const revision = tag !== undefined ? `${tag}@${manifestDigest}` : manifestDigest;
    const wanted = repo.layerSelector?.mediaType;
    const layer = wanted !== undefined && wanted !== '' ? manifest.layers?.find((l) => l.mediaType === wanted) : manifest.layers?.[0];
    if (layer === undefined) {
      throw new TransportError('InvalidArtifact', wanted ? `failed to find layer with media type '${wanted}' in artifact` : 'no layers found in artifact');
    }
    const max = ctx.maxChartBytes ?? 50 * 1024 * 1024;
    const blob = await client.getBlob(ref.repository, layer.digest, max);
    const built = repo.expectChart === false ? { archive: blob, name: '', version: '' } : await finish(blob, undefined, {});
    return await remember(ctx, key, {
      chartName: built.name,
      version: built.version,
      archive: built.archive,
      digest: sha(built.archive),
      url: `oci://${ref.host}/${ref.repository}${tag !== undefined ? `:${tag}` : `@${manifestDigest}`}`,
      sourceRevision: revision,
      manifestDigest,
    });
  } catch (err) {
    throw toSourceError(ctx.subject, err);
  }
}

// ---- GitRepository ------------------------------------------------------------------------------

/** Credentials for a remote chart dependency's repository (source-controller looks up a HelmRepository with that URL). */
export interface DependencyRepositoryAuth {
  basicAuth?: { username: string; password: string };
  credentials?: { username: string; password: string };
  tls?: HttpRepositoryOptions['tls'];
  passCredentials?: boolean;
  plainHttp?: boolean;
}

export interface GitSourceOptions {
  url: string;
  ref?: GitRepositoryRef;
  /** spec.ignore: .sourceignore-style patterns left out of the artifact. */
  ignore?: string;
  /** spec.sparseCheckout: only paths under these prefixes are checked out. */
  sparseCheckout?: string[];
  /** spec.recurseSubmodules */
  recurseSubmodules?: boolean;
  /** Runs on the checkout before the ignore rules (spec.include copies other artifacts in). */
  prepare?: (dir: string) => Promise<void>;
  /** What `prepare` depends on, for the cache key (spec.include). */
  prepareKey?: unknown;
  auth?: GitAuth;
  timeoutMs?: number;
  /** Resolves credentials for remote dependency repositories; anonymous when absent or undefined. */
  dependencyAuth?: (repositoryUrl: string) => Promise<DependencyRepositoryAuth | undefined>;
}

export async function fetchFromGitRepository(
  ctx: FetchContext,
  repo: GitSourceOptions,
  chartPath: string,
  strategy: ReconcileStrategy = 'ChartVersion',
  build: BuildOptions = {},
): Promise<FetchedChart> {
  const key = JSON.stringify(['git', repo.url, repo.ref ?? {}, repo.ignore ?? null, repo.sparseCheckout ?? [], repo.recurseSubmodules ?? false, repo.prepareKey ?? null, chartPath, strategy, ...buildKey(build)]);
  const cached = await fromCache(ctx, key);
  if (cached) return cached;
  let co;
  try {
    co = await checkout(repo.url, repo.ref, repo.auth, repo.timeoutMs, { recurseSubmodules: repo.recurseSubmodules === true });
    // The chart is built from the artifact source-controller would store, not the whole checkout.
    if (repo.sparseCheckout !== undefined && repo.sparseCheckout.length > 0) await pruneToSparseCheckout(co.dir, repo.sparseCheckout);
    await repo.prepare?.(co.dir);
    await pruneToArtifact(co.dir, repo.ignore);
    const rel = normalize(chartPath.replace(/^\/+/, ''));
    if (isAbsolute(rel) || rel.startsWith('..')) throw new TransportError('InvalidSpec', `chart path '${chartPath}' is outside the repository`);
    const dir = join(co.dir, rel);
    if (relative(co.dir, dir).startsWith('..')) throw new TransportError('InvalidSpec', `chart path '${chartPath}' is outside the repository`);
    const st = await stat(dir).catch(() => undefined);
    if (st === undefined || !st.isDirectory()) throw new TransportError('NotFound', `chart path '${chartPath}' not found in ${co.revision}`);
    const deps = await buildDependencies(dir, co.dir, async (repository, name, depVersion) => {
      const auth = (await repo.dependencyAuth?.(repository)) ?? {};
      const subject = `${ctx.subject} dependency ${name}`;
      const sub = repository.startsWith('oci://')
        ? await fetchFromOciHelmRepository(
            { subject },
            { url: repository, ...(auth.credentials ? { credentials: auth.credentials } : {}), ...(auth.tls ? { tls: auth.tls } : {}), ...(auth.plainHttp ? { plainHttp: true } : {}) },
            name,
            depVersion,
          )
        : await fetchFromHttpRepository(
            { subject },
            { url: repository, ...(auth.basicAuth ? { basicAuth: auth.basicAuth } : {}), ...(auth.tls ? { tls: auth.tls } : {}), ...(auth.passCredentials ? { passCredentials: true } : {}) },
            name,
            depVersion,
          );
      return sub.archive;
    });
    let { archive } = await packageChartDir(dir, deps);
    // source-controller's local builder reads a GitRepository chart's valuesFiles from the
    // artifact root (`envs/prod.yaml` next to `charts/app`), not from the chart directory.
    let used: string[] = [];
    if (build.valuesFiles !== undefined && build.valuesFiles.length > 0) {
      const merged = await mergeFileValues(co.dir, build.valuesFiles, build.ignoreMissingValuesFiles ?? false);
      const r = await overwriteChartDefaultValues(archive, merged.values);
      archive = r.archive;
      // Listed only when the merge changed the chart's values.yaml (local builder, as remote).
      if (r.changed) used = merged.used;
    }
    const built = await finish(archive, undefined, {}, versionMetadataFor(build, strategy === 'Revision' ? co.commit.slice(0, 12) : undefined));
    return await remember(ctx, key, {
      chartName: built.name,
      version: built.version,
      archive: built.archive,
      digest: sha(built.archive),
      url: `${repo.url}//${rel}`,
      sourceRevision: co.revision,
      ...(used.length > 0 ? { valuesFiles: used } : {}),
    });
  } catch (err) {
    throw toSourceError(ctx.subject, err);
  } finally {
    await co?.cleanup();
  }
}

function sha(data: Buffer): string {
  return sha256Digest(data);
}
