// What `flux-ts pull chart` and `flux-ts push chart` do, without the CLI: resolve a chart from
// an HTTP repository or an OCI registry exactly as Flux would and save it; push a packaged
// chart (or a chart directory, packaged first like `helm package`) as Helm does.
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from './cache.js';
import { packageChartDir, readChartMetadata, ChartArchiveError } from './chart-archive.js';
import { SourceError } from './errors.js';
import { fetchFromHttpRepository, fetchFromOciHelmRepository, toSourceError, type FetchedChart } from './fetchers.js';
import type { TlsMaterial } from './http.js';
import { RegistryClient } from './oci/client.js';
import { credentialsFromLocalConfig, type RegistryCredentials } from './oci/credentials.js';
import { pushChart, type PushedChart } from './oci/helm-chart.js';
import { OciReferenceError, parseOciReference } from './oci/reference.js';

export interface PullOptions {
  /** Chart name (with `repoUrl`) or `oci://host/path/name`. */
  chart: string;
  repoUrl?: string;
  version: string;
  /** Directory to save `<name>-<version>.tgz` into; omitted = do not save. */
  destination?: string;
  credentials?: RegistryCredentials;
  tls?: TlsMaterial;
  passCredentials?: boolean;
  plainHttp?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface PullResult {
  name: string;
  version: string;
  /** sha256 of the chart archive (what Flux records as the HelmChart artifact digest). */
  digest: string;
  url: string;
  /** OCI: the manifest digest (what `helm pull` prints as Digest). */
  manifestDigest?: string;
  /** Where the archive was written. */
  path?: string;
}

export async function pullChart(opts: PullOptions): Promise<PullResult> {
  let fetched: FetchedChart;
  if (opts.chart.startsWith('oci://')) {
    if (opts.repoUrl !== undefined) throw new SourceError(opts.chart, 'InvalidSpec', '--repo cannot be used with an oci:// chart reference');
    let ref;
    try {
      ref = parseOciReference(opts.chart);
    } catch (err) {
      throw toSourceError(opts.chart, err);
    }
    if (ref.tag !== undefined || ref.digest !== undefined) {
      throw new SourceError(opts.chart, 'InvalidSpec', 'give the version with --version, not as a tag or digest in the reference');
    }
    const slash = ref.repository.lastIndexOf('/');
    const name = ref.repository.slice(slash + 1);
    const base = `oci://${ref.host}${slash >= 0 ? `/${ref.repository.slice(0, slash)}` : ''}`;
    const credentials = opts.credentials ?? (await credentialsFromLocalConfig(ref.host, opts.env));
    fetched = await fetchFromOciHelmRepository(
      { subject: opts.chart },
      {
        url: base,
        ...(opts.plainHttp ? { plainHttp: true } : {}),
        ...(credentials ? { credentials } : {}),
        ...(opts.tls ? { tls: opts.tls } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      },
      name,
      opts.version,
    );
  } else {
    if (opts.repoUrl === undefined) throw new SourceError(opts.chart, 'InvalidSpec', 'a chart name needs --repo URL (or give an oci:// reference)');
    fetched = await fetchFromHttpRepository(
      { subject: opts.repoUrl },
      {
        url: opts.repoUrl,
        ...(opts.credentials ? { basicAuth: opts.credentials } : {}),
        ...(opts.tls ? { tls: opts.tls } : {}),
        ...(opts.passCredentials ? { passCredentials: true } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      },
      opts.chart,
      opts.version,
    );
  }
  const result: PullResult = {
    name: fetched.chartName,
    version: fetched.version,
    digest: fetched.digest,
    url: fetched.url,
    ...(fetched.manifestDigest ? { manifestDigest: fetched.manifestDigest } : {}),
  };
  if (opts.destination !== undefined) {
    const st = await stat(opts.destination).catch(() => undefined);
    if (st === undefined || !st.isDirectory()) throw new SourceError(opts.destination, 'InvalidSpec', 'destination is not a directory');
    const path = join(opts.destination, `${fetched.chartName}-${fetched.version}.tgz`);
    await writeAtomic(path, fetched.archive);
    result.path = path;
  }
  return result;
}

export interface PushOptions {
  /** A .tgz chart archive or a chart directory. */
  chart: string;
  /** `oci://host/path` */
  destination: string;
  credentials?: RegistryCredentials;
  plainHttp?: boolean;
  tls?: TlsMaterial;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export async function pushChartFrom(opts: PushOptions): Promise<PushedChart & { name: string; version: string }> {
  if (!opts.destination.startsWith('oci://')) throw new SourceError(opts.destination, 'InvalidSpec', 'scheme prefix missing from remote (e.g. "oci://")');
  const st = await stat(opts.chart).catch(() => undefined);
  if (st === undefined) throw new SourceError(opts.chart, 'NotFound', 'no such file or directory');
  let archive: Buffer;
  try {
    archive = st.isDirectory() ? (await packageChartDir(opts.chart)).archive : await readFile(opts.chart);
  } catch (err) {
    if (err instanceof ChartArchiveError) throw new SourceError(opts.chart, 'InvalidArtifact', err.message);
    throw err;
  }
  let host: string;
  let base: string;
  try {
    const dest = opts.destination.replace(/\/+$/, '');
    const slash = dest.indexOf('/', 'oci://'.length);
    host = slash < 0 ? dest.slice('oci://'.length) : dest.slice('oci://'.length, slash);
    base = slash < 0 ? '' : dest.slice(slash + 1);
    if (base !== '') parseOciReference(`oci://${host}/${base}`);
  } catch (err) {
    if (err instanceof OciReferenceError) throw new SourceError(opts.destination, 'InvalidSpec', err.message);
    throw err;
  }
  try {
    const md = await readChartMetadata(archive);
    const credentials = opts.credentials ?? (await credentialsFromLocalConfig(host, opts.env));
    const client = new RegistryClient(host, {
      ...(opts.plainHttp ? { plainHttp: true } : {}),
      ...(credentials ? { credentials } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    const pushed = await pushChart(client, base, archive, md);
    return { ...pushed, name: md.name, version: md.version };
  } catch (err) {
    throw toSourceError(opts.destination, err);
  }
}
