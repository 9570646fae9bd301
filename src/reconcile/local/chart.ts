// The chart of a HelmRelease without a cluster. A GitRepository source is the local checkout
// (the `--source-dir` directory, else the nearest ancestor of the manifests directory that holds
// the chart path, within the enclosing git work tree), its valuesFiles relative to that root as
// source-controller reads them from the artifact; HelmRepository and OCIRepository sources
// are fetched as source-controller would, with the source objects and their Secrets read from
// the manifests.
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { loadChartArchive, type Chart } from '../../helm/chart/index.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { packageChartDir } from '../../sources/chart-archive.js';
import { buildDependencies } from '../../sources/dependencies.js';
import { mergeFileValues, withChartValues } from '../../sources/helmchart.js';
import { checkCrossNamespace, fetchFromHttpRepository, fetchFromOciHelmRepository, resolveChart, type ArtifactCache } from '../../sources/index.js';
import type { HelmReleaseChartSource } from '../../sources/types.js';
import { localCluster } from './cluster.js';
import type { LocalObjects } from './objects.js';

export interface LocalChartOptions {
  /** The directory the manifests were read from. */
  manifestsDir: string;
  /** `--source-dir`: the checkout a GitRepository source maps to. */
  sourceDir?: string;
  allowCrossNamespace: boolean;
  cache?: ArtifactCache;
}

export interface LocalChart {
  chart: Chart;
  /** `Kind/namespace/name` of the source, and where the chart was found. */
  source: string;
  location: string;
}

async function isDir(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => undefined);
  return st !== undefined && st.isDirectory();
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** A chart path must stay inside its repository (source-controller's SecureJoin refuses escapes). */
function chartPathIn(root: string, chartPath: string, subject: string): string {
  const rel = normalize(chartPath.replace(/^\/+/, ''));
  const dir = join(root, rel);
  if (isAbsolute(rel) || relative(root, dir).startsWith('..')) throw new Error(`${subject}: chart path '${chartPath}' is outside the repository`);
  return dir;
}

/**
 * The checkout root for a GitRepository: --source-dir, else the closest directory from DIR
 * upwards (stopping at the git work tree root) that contains the chart path.
 */
async function checkoutRoot(manifestsDir: string, chartPath: string, sourceDir: string | undefined, subject: string): Promise<string> {
  if (sourceDir !== undefined) {
    const root = resolve(sourceDir);
    if (!(await isDir(root))) throw new Error(`--source-dir ${sourceDir}: not a directory`);
    return root;
  }
  let dir = resolve(manifestsDir);
  for (;;) {
    if (await isDir(chartPathIn(dir, chartPath, subject))) return dir;
    const parent = dirname(dir);
    if (parent === dir || (await exists(join(dir, '.git')))) break;
    dir = parent;
  }
  throw new Error(`${subject}: chart path '${chartPath}' not found in ${manifestsDir} or its parent directories; point --source-dir at the repository checkout`);
}

async function chartFromCheckout(hr: HelmReleaseChartSource, subject: string, opts: LocalChartOptions): Promise<LocalChart> {
  const spec = hr.spec.chart!.spec;
  const root = await checkoutRoot(opts.manifestsDir, spec.chart, opts.sourceDir, subject);
  const dir = chartPathIn(root, spec.chart, subject);
  if (!(await isDir(dir))) throw new Error(`${subject}: chart path '${spec.chart}' not found in ${root}`);
  try {
    const deps = await buildDependencies(dir, root, async (repository, name, version) => {
      const ctx = { subject: `${subject} dependency ${name}`, ...(opts.cache ? { cache: opts.cache } : {}) };
      const sub = repository.startsWith('oci://')
        ? await fetchFromOciHelmRepository(ctx, { url: repository }, name, version)
        : await fetchFromHttpRepository(ctx, { url: repository }, name, version);
      return sub.archive;
    });
    let { archive } = await packageChartDir(dir, deps);
    if (spec.valuesFiles && spec.valuesFiles.length > 0) {
      // A chart from a GitRepository: source-controller's local builder reads the files from the
      // artifact root (the checkout), not from the chart.
      const merged = await mergeFileValues(root, spec.valuesFiles, spec.ignoreMissingValuesFiles === true);
      archive = await withChartValues(archive, merged.values);
    }
    const chart = await loadChartArchive(archive, spec.chart);
    return { chart, source: subject, location: dir };
  } catch (e) {
    throw new Error(`${subject}: ${(e as Error).message}`);
  }
}

/** Resolves the HelmRelease's chart from the local model. */
export async function resolveLocalChart(hr: HelmRelease, objects: LocalObjects, opts: LocalChartOptions): Promise<LocalChart> {
  const src = hr as HelmReleaseChartSource;
  const hrNs = objects.namespaceOf(hr);
  const gitRef = src.spec.chart?.spec.sourceRef;
  if (src.spec.chartRef === undefined && gitRef?.kind === 'GitRepository') {
    const ns = gitRef.namespace || hrNs;
    checkCrossNamespace(gitRef.kind, ns, gitRef.name, hrNs, opts.allowCrossNamespace);
    const subject = `GitRepository ${ns}/${gitRef.name}`;
    if (opts.sourceDir === undefined && !objects.find('source.toolkit.fluxcd.io', 'GitRepository', ns, gitRef.name)) {
      throw new Error(`${subject} not found in the manifests under ${opts.manifestsDir} (or give --source-dir)`);
    }
    return chartFromCheckout(src, subject, opts);
  }
  const resolved = await resolveChart(src, {
    cluster: localCluster(objects),
    allowCrossNamespace: opts.allowCrossNamespace,
    ...(opts.cache ? { cache: opts.cache } : {}),
  });
  const chart = await loadChartArchive(resolved.archive, resolved.chartName);
  return { chart, source: `${resolved.source.kind}/${resolved.source.namespace}/${resolved.source.name}`, location: resolved.url };
}
