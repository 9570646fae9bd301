// `helm template CHART --repo URL`: repo.FindChartInRepoURL (the repository's index.yaml, the
// version, the archive URL) and then the HTTP getter's download of the archive, with helm's
// error texts at each step. The archive is returned as downloaded: loading it (and saying it is
// not a gzipped archive) is the chart loader's job, on the content-cache file, as in helm.
import type { TlsMaterial } from '../../sources/http.js';
import { resolveReferenceUrl } from '../../sources/helm/http-repository.js';
import { IndexError, parseIndex, type HelmIndex, type IndexChartVersion } from '../../sources/helm/repo-index.js';
import { selectIndexVersion } from '../../sources/helm/select.js';
import { YamlUnmarshalError, yamlToJson } from '../yaml/read.js';
import { httpGet, type HttpGetResponse } from './http-get.js';
import { HELM_USER_AGENT } from './http-values.js';

export interface RepoUrlConnection {
  username?: string;
  password?: string;
  passCredentials?: boolean;
  tls?: TlsMaterial;
}

export interface RepoUrlChart {
  archive: Buffer;
  /** The archive's absolute URL (its provenance is `<url>.prov`). */
  url: string;
  version: string;
}

export interface RepoUrlHooks {
  /** Runs between finding the chart URL and downloading it (helm's scanReposForURL). */
  beforeDownload?: (url: string) => void;
  get?: typeof httpGet;
}

/** The getter's headers: basic auth (both parts given) only to the repository's host, unless --pass-credentials. */
function headersFor(repoUrl: string, url: string, c: RepoUrlConnection): Record<string, string> {
  const headers: Record<string, string> = { 'User-Agent': HELM_USER_AGENT };
  if (c.username && c.password) {
    const [a, b] = [new URL(repoUrl), new URL(url)];
    if (c.passCredentials || (a.protocol === b.protocol && a.host === b.host)) {
      headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    }
  }
  return headers;
}

/** The HTTP getter's GET: a status other than 200 is `failed to fetch URL : 404 Not Found`. */
async function fetchOk(repoUrl: string, url: string, c: RepoUrlConnection, get: typeof httpGet): Promise<HttpGetResponse> {
  const res = await get(url, headersFor(repoUrl, url, c), c.tls);
  if (res.status !== 200) throw new Error(`failed to fetch ${url} : ${res.status} ${res.statusText}`);
  return res;
}

/** repo.loadIndex: an unparsable index gives sigs.k8s.io/yaml's syntax error, as helm prints it. */
function loadIndex(body: Buffer): HelmIndex {
  try {
    return parseIndex(body);
  } catch (e) {
    if (!(e instanceof IndexError)) throw e;
    const text = body.toString('utf8');
    try {
      JSON.parse(text);
    } catch {
      try {
        yamlToJson(text);
      } catch (y) {
        if (y instanceof YamlUnmarshalError) throw y;
      }
    }
    throw e;
  }
}

/** Downloads chart `chart` at `version` ('' for the latest stable) from the repository at `repoUrl`. */
export async function fetchRepoUrlChart(repoUrl: string, chart: string, version: string, c: RepoUrlConnection, hooks: RepoUrlHooks = {}): Promise<RepoUrlChart> {
  const get = hooks.get ?? httpGet;
  // repo.ResolveReferenceURL(URL, "index.yaml"): the repository URL's query is kept.
  const indexUrl = resolveReferenceUrl(repoUrl, 'index.yaml');
  let index: HelmIndex;
  try {
    index = loadIndex((await fetchOk(repoUrl, indexUrl, c, get)).body);
  } catch (e) {
    throw new Error(`looks like ${JSON.stringify(repoUrl)} is not a valid chart repository or cannot be reached: ${(e as Error).message}`);
  }
  const what = `chart ${JSON.stringify(chart)}${version !== '' ? ` version ${JSON.stringify(version)}` : ''}`;
  let cv: IndexChartVersion;
  try {
    const versions = index.entries.get(chart);
    if (versions === undefined || versions.length === 0) throw new Error('no chart version');
    cv = selectIndexVersion(chart, versions, version);
  } catch {
    throw new Error(`${what} not found in ${repoUrl} repository`);
  }
  const first = cv.urls[0];
  if (first === undefined) throw new Error(`${what} has no downloadable URLs`);
  const url = resolveReferenceUrl(repoUrl, first);
  hooks.beforeDownload?.(url);
  const res = await fetchOk(repoUrl, url, c, get);
  return { archive: res.body, url, version: cv.version };
}
