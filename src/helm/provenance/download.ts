// The provenance step of helm's ChartDownloader.DownloadToCache with --verify (VerifyAlways):
// once the chart archive is downloaded, `<chart URL>.prov` is fetched (for an OCI chart, the
// provenance layer of its manifest), any failure being "failed to fetch provenance ...", and the
// archive is verified under the name helm gives it: the URL's last path element, or
// `<name>-<version>.tgz` for oci://host/repo/name:version.
import { extname } from 'node:path';
import type { TlsMaterial } from '../../sources/http.js';
import type { RegistryCredentials } from '../../sources/oci/credentials.js';
import { goQuote } from '../../cli/go-quote.js';
import { verifyArchive, loadKeyring, type Verification } from './verify.js';

export const PROVENANCE_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

/** How a chart was downloaded: what fetching its .prov needs too. */
export interface ProvenanceConnection {
  /** HTTP Basic credentials (a repository) or registry credentials (OCI). */
  credentials?: RegistryCredentials;
  /** The repository URL: HTTP credentials go only to its host unless passCredentials. */
  repoUrl?: string;
  passCredentials?: boolean;
  tls?: TlsMaterial;
  plainHttp?: boolean;
  userAgent?: string;
  /** OCI without credentials: the registry login of this environment, as the chart's pull. */
  env?: NodeJS.ProcessEnv;
  /**
   * OCI: told when the provenance layer was pulled (`host/repository:tag`, manifest digest), where
   * helm's registry client prints "Pulled: <ref>" and "Digest: <digest>" a second time.
   */
  onOciPull?: (ref: string, digest: string) => void;
}

/** The file name helm verifies a downloaded chart under. */
export function downloadedFileName(chartUrl: string): string {
  if (chartUrl.startsWith('oci://')) {
    const last = chartUrl.slice(chartUrl.lastIndexOf('/') + 1);
    const colon = last.lastIndexOf(':');
    return `${last.slice(0, colon)}-${last.slice(colon + 1)}.tgz`;
  }
  const path = new URL(chartUrl).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** GET `<chart URL>.prov` as the chart itself was fetched. */
async function httpProvenance(chartUrl: string, c: ProvenanceConnection): Promise<Uint8Array> {
  const { httpRequest, basicAuthorization } = await import('../../sources/http.js');
  const url = `${chartUrl}.prov`;
  const headers: Record<string, string> = {};
  if (c.userAgent !== undefined) headers['User-Agent'] = c.userAgent;
  const sameHost = c.repoUrl === undefined || new URL(url).host === new URL(c.repoUrl).host;
  if (c.credentials !== undefined && (sameHost || c.passCredentials)) headers.Authorization = basicAuthorization(c.credentials.username, c.credentials.password);
  const res = await httpRequest({ url, headers, ...(c.tls ? { tls: c.tls } : {}), maxBytes: 1024 * 1024 });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return res.body;
}

/** The provenance layer of oci://host/repository:tag. */
async function ociProvenance(chartUrl: string, c: ProvenanceConnection): Promise<Uint8Array> {
  const [{ RegistryClient }, { credentialsFromLocalConfig }] = await Promise.all([import('../../sources/oci/client.js'), import('../../sources/oci/credentials.js')]);
  const rest = chartUrl.slice('oci://'.length);
  const slash = rest.indexOf('/');
  const colon = rest.lastIndexOf(':');
  const [host, repository, tag] = [rest.slice(0, slash), rest.slice(slash + 1, colon), rest.slice(colon + 1)];
  const credentials = c.credentials ?? (await credentialsFromLocalConfig(host, c.env));
  const client = new RegistryClient(host, { ...(c.plainHttp ? { plainHttp: true } : {}), ...(c.tls ? { tls: c.tls } : {}), ...(credentials ? { credentials } : {}) });
  const { manifest, digest } = await client.getManifest(repository, tag);
  const layer = manifest.layers.find((l) => l.mediaType === PROVENANCE_MEDIA_TYPE);
  if (layer === undefined) throw new Error(`${chartUrl}: no provenance layer`);
  const prov = await client.getBlob(repository, layer.digest, 1024 * 1024);
  c.onOciPull?.(`${host}/${repository}:${tag}`, digest);
  return prov;
}

/** Fetches the provenance of a downloaded chart (HTTP or OCI, by the URL's scheme). */
export function fetchProvenance(chartUrl: string, c: ProvenanceConnection): Promise<Uint8Array> {
  return chartUrl.startsWith('oci://') ? ociProvenance(chartUrl, c) : httpProvenance(chartUrl, c);
}

export interface DownloadedChart {
  archive: Uint8Array;
  /** The URL the archive came from (oci://host/repo/name:tag for OCI). */
  url: string;
}

/**
 * Verifies a downloaded chart: `getProvenance` fetches its .prov (see fetchProvenance), the
 * keyring file is read from `keyringPath` (named as given in errors).
 */
export async function verifyDownloadedChart(chart: DownloadedChart, getProvenance: () => Promise<Uint8Array>, keyringPath: string, readPath: (p: string) => string = (p) => p): Promise<Verification> {
  let prov: Uint8Array;
  try {
    prov = await getProvenance();
  } catch {
    throw new Error(`failed to fetch provenance ${goQuote(`${chart.url}.prov`)}`);
  }
  const name = downloadedFileName(chart.url);
  if (extname(name).toLowerCase() !== '.tgz') throw new Error('chart must be a tgz file');
  let keyring;
  try {
    keyring = await loadKeyring(keyringPath, readPath);
  } catch (e) {
    throw new Error(`failed to load keyring: ${(e as Error).message}`);
  }
  return verifyArchive(chart.archive, prov, name, keyring);
}
