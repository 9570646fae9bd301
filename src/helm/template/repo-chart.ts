// `helm template NAME REPO/CHART`: a chart from a repository added with `helm repo add`. Helm
// reads the repository's URL and credentials from repositories.yaml and picks the version from
// the index `helm repo update` cached; it never fetches the index itself here. The archive is
// downloaded with Helm's HTTP getter texts.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseIndex, type HelmIndex, type IndexChartVersion } from '../../sources/helm/repo-index.js';
import { resolveReferenceUrl } from '../../sources/helm/http-repository.js';
import { selectIndexVersion } from '../../sources/helm/select.js';
import type { TlsMaterial } from '../../sources/http.js';
import { httpGet } from './http-get.js';
import { HELM_USER_AGENT } from './http-values.js';

/** One entry of Helm's repositories.yaml (the fields a download uses). */
export interface RepoEntry {
  name: string;
  url: string;
  username?: string;
  password?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
  passCredentials?: boolean;
}

export interface RepoChart {
  /** The chart archive. */
  archive: Uint8Array;
  /** The index entry's sha256 digest, if it gives one (the content cache key). */
  digest?: string;
  /** Found in the content cache: nothing was downloaded. */
  fromCache?: true;
  /** --verify: the archive's URL and repository (its .prov is fetched from `<url>.prov`). */
  url?: string;
  repo: RepoEntry;
}

/** Where helm's log lines of the lookup go, in order (debug lines only with --debug). */
export interface RepoChartLog {
  warn: (line: string) => void;
  debug?: (msg: string, ...attrs: [string, string][]) => void;
  /** An archive already in the content cache under this digest (skips the download). */
  cached?: (digest: string) => Uint8Array | undefined;
}

/** helmpath: $HELM_CONFIG_HOME, else $XDG_CONFIG_HOME/helm, else ~/.config/helm (and so on). */
function helmHome(env: NodeJS.ProcessEnv, helmVar: string, xdgVar: string, fallback: string): string {
  return env[helmVar] || join(env[xdgVar] || join(env.HOME || homedir(), fallback), 'helm');
}

export function repositoryConfigPath(env: NodeJS.ProcessEnv): string {
  return env.HELM_REPOSITORY_CONFIG || join(helmHome(env, 'HELM_CONFIG_HOME', 'XDG_CONFIG_HOME', '.config'), 'repositories.yaml');
}

export function repositoryCachePath(env: NodeJS.ProcessEnv): string {
  return env.HELM_REPOSITORY_CACHE || join(helmHome(env, 'HELM_CACHE_HOME', 'XDG_CACHE_HOME', '.cache'), 'repository');
}

type RawEntry = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The entries of a repositories.yaml (none when the file is missing or unreadable). */
export function readRepositories(path: string): RepoEntry[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  const repos = (doc as { repositories?: unknown } | null)?.repositories;
  if (!Array.isArray(repos)) return [];
  return repos.flatMap((r: unknown) => {
    const raw = r as RawEntry | null;
    const name = str(raw?.name);
    return raw !== null && name !== undefined && str(raw.url) !== undefined ? [toEntry(name, raw)] : [];
  });
}

/** The repositories.yaml entry called `name`, if any (an unreadable file has none). */
export function findRepo(name: string, env: NodeJS.ProcessEnv): RepoEntry | undefined {
  return readRepositories(repositoryConfigPath(env)).find((e) => e.name === name);
}

function toEntry(name: string, raw: RawEntry): RepoEntry {
  return {
    name,
    url: str(raw.url)!,
    ...(str(raw.username) ? { username: str(raw.username)! } : {}),
    ...(str(raw.password) ? { password: str(raw.password)! } : {}),
    ...(str(raw.caFile) ? { caFile: str(raw.caFile)! } : {}),
    ...(str(raw.certFile) ? { certFile: str(raw.certFile)! } : {}),
    ...(str(raw.keyFile) ? { keyFile: str(raw.keyFile)! } : {}),
    ...(raw.insecure_skip_tls_verify === true ? { insecureSkipTlsVerify: true } : {}),
    ...(raw.pass_credentials_all === true ? { passCredentials: true } : {}),
  };
}

/** The cached index of a repository, with Helm's error when `helm repo update` never ran. */
function cachedIndex(repo: RepoEntry, env: NodeJS.ProcessEnv): HelmIndex {
  const path = join(repositoryCachePath(env), `${repo.name}-index.yaml`);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new Error(`no cached repo found. (try 'helm repo update'): open ${path}: ${why}`);
  }
  return parseIndex(data);
}

/**
 * ChartDownloader.scanReposForURL, which helm runs before downloading a chart by URL (--repo):
 * every repositories.yaml entry's cached index is read, in order, until one lists that URL; a
 * repository without a cached index fails the download.
 */
export function scanReposForUrl(url: string, env: NodeJS.ProcessEnv): RepoEntry | undefined {
  for (const repo of readRepositories(repositoryConfigPath(env))) {
    const index = cachedIndex(repo, env);
    for (const versions of index.entries.values()) for (const cv of versions) if (cv.urls.includes(url)) return repo;
  }
  return undefined;
}

/** repo.IndexFile.Get: an exact version first, else the highest matching the constraint. */
function indexVersion(index: HelmIndex, repo: string, chart: string, version: string): IndexChartVersion {
  const notFound = (why: string): Error => new Error(`chart ${JSON.stringify(chart)} matching ${version} not found in ${repo} index. (try 'helm repo update'): ${why}`);
  const versions = index.entries.get(chart);
  if (versions === undefined) throw notFound('no chart name found');
  if (versions.length === 0) throw notFound('no chart version found');
  try {
    return selectIndexVersion(chart, versions, version);
  } catch {
    throw notFound(`no chart version found for ${chart}-${version}`);
  }
}

/** log/slog's text handler: a value is quoted when it is empty or has blanks, '=', '"' or controls. */
function slogValue(v: string): string {
  return v === '' || /[\s="\x00-\x1f\x7f]/.test(v) ? JSON.stringify(v) : v;
}

/** The repository entry's TLS files (caFile, certFile, keyFile, insecure_skip_tls_verify), read. */
function repoTls(repo: RepoEntry): TlsMaterial | undefined {
  if (repo.caFile === undefined && repo.certFile === undefined && repo.keyFile === undefined && !repo.insecureSkipTlsVerify) return undefined;
  const read = (p: string | undefined): string | undefined => (p === undefined ? undefined : readFileSync(p, 'utf8'));
  const [ca, cert, key] = [read(repo.caFile), read(repo.certFile), read(repo.keyFile)];
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(repo.insecureSkipTlsVerify ? { insecureSkipVerify: true } : {}) };
}

/**
 * Downloads a chart archive (or index) as Helm's HTTP getter does: basic auth only to the
 * repository's host, the entry's CA, client certificate and insecure_skip_tls_verify.
 */
export async function downloadRepoArchive(repo: RepoEntry, url: string, get: typeof httpGet = httpGet): Promise<Uint8Array> {
  const tls = repoTls(repo);
  const headers: Record<string, string> = { 'User-Agent': HELM_USER_AGENT };
  const sameHost = new URL(url).host === new URL(repo.url).host;
  if ((repo.username !== undefined || repo.password !== undefined) && (sameHost || repo.passCredentials)) {
    headers.Authorization = `Basic ${Buffer.from(`${repo.username ?? ''}:${repo.password ?? ''}`).toString('base64')}`;
  }
  const res = await get(url, headers, tls);
  if (res.status !== 200) throw new Error(`failed to fetch ${url} : ${res.status} ${res.statusText}`);
  return new Uint8Array(res.body);
}

/** Resolves `repo/chart` as ChartPathOptions.LocateChart does for a repository name. */
export async function fetchRepoChart(ref: string, version: string, env: NodeJS.ProcessEnv, get: typeof httpGet = httpGet, log: RepoChartLog = { warn: () => {} }): Promise<RepoChart> {
  const slash = ref.indexOf('/');
  if (slash < 0) throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`);
  const [name, chart] = [ref.slice(0, slash), ref.slice(slash + 1)];
  const repo = findRepo(name, env);
  if (repo === undefined) throw new Error(`repo ${name} not found`);
  log.debug?.('set up default downloader cache');
  const cv = indexVersion(cachedIndex(repo, env), name, chart, version);
  if (version !== '' && cv.version !== version) {
    log.warn(`level=WARN msg="unable to find exact version requested; falling back to closest available version" chart=${slogValue(chart)} requested=${slogValue(version)} selected=${slogValue(cv.version)}`);
  }
  const digest = cv.digest !== undefined && /^[0-9a-f]{64}$/.test(cv.digest) ? cv.digest : undefined;
  const hit = digest !== undefined ? log.cached?.(digest) : undefined;
  if (hit !== undefined) {
    log.debug?.('found chart in cache', ['id', digest!]);
    return { archive: hit, digest: digest!, fromCache: true, repo, ...(cv.urls[0] !== undefined ? { url: resolveReferenceUrl(repo.url, cv.urls[0]) } : {}) };
  }
  const first = cv.urls[0];
  if (first === undefined) throw new Error(`chart ${JSON.stringify(chart)} has no downloadable URLs`);
  log.debug?.('attempting to download chart', ['ref', ref], ['version', version]);
  const url = resolveReferenceUrl(repo.url, first);
  return { archive: await downloadRepoArchive(repo, url, get), ...(digest !== undefined ? { digest } : {}), url, repo };
}
