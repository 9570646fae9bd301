// Chart dependencies of charts built from a source tree (GitRepository), as source-controller's
// dependency manager builds them: dependencies already in charts/ are kept; `file://` ones are
// packaged from the tree (and must stay inside it); remote ones (https://, oci://) are resolved
// with the dependency's version constraint and downloaded. Each lands as charts/<name>-<ver>.tgz.
import { readdir, stat, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Constraints, parseVersion } from '../semver/index.js';
import { ChartArchiveError, packageChartDir, readChartDirMetadata, readChartMetadata, type ArchiveFile, type ChartMetadata } from './chart-archive.js';

export interface Dependency {
  name: string;
  version?: string;
  repository?: string;
}

/** Downloads a remote dependency (repository URL, chart name, version constraint) → archive. */
export type RemoteDependencyFetcher = (repository: string, name: string, version: string) => Promise<Buffer>;

function dependenciesOf(md: ChartMetadata): Dependency[] {
  const raw = md.raw.dependencies;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((d): Dependency[] => {
    if (d === null || typeof d !== 'object') return [];
    const r = d as Record<string, unknown>;
    if (typeof r.name !== 'string' || r.name === '') return [];
    return [
      {
        name: r.name,
        ...(typeof r.version === 'string' && r.version !== '' ? { version: r.version } : {}),
        ...(typeof r.repository === 'string' && r.repository !== '' ? { repository: r.repository } : {}),
      },
    ];
  });
}

/** Names of the charts already vendored under charts/ (directories or archives). */
async function vendored(chartDir: string): Promise<Set<string>> {
  const names = new Set<string>();
  const dir = join(chartDir, 'charts');
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return names;
  }
  for (const e of entries) {
    const p = join(dir, e);
    const st = await stat(p);
    try {
      if (st.isDirectory()) names.add((await readChartDirMetadata(p)).name);
      else if (e.endsWith('.tgz')) names.add((await readChartMetadata(await readFile(p))).name);
    } catch {
      // not a chart: Helm ignores it too
    }
  }
  return names;
}

function checkVersion(dep: Dependency, version: string): void {
  if (dep.version === undefined) return;
  let ok = false;
  try {
    ok = Constraints.parse(dep.version).check(parseVersion(version));
  } catch {
    ok = false;
  }
  if (!ok) throw new ChartArchiveError(`dependency build error: can't get a valid version for dependency ${dep.name}: ${version} does not satisfy '${dep.version}'`);
}

export async function buildDependencies(chartDir: string, rootDir: string, remote: RemoteDependencyFetcher): Promise<ArchiveFile[]> {
  const md = await readChartDirMetadata(chartDir);
  const deps = dependenciesOf(md);
  if (deps.length === 0) return [];
  const present = await vendored(chartDir);
  const files: ArchiveFile[] = [];
  for (const dep of deps) {
    if (present.has(dep.name)) continue;
    const repo = dep.repository ?? '';
    let archive: Buffer;
    if (repo === '' || repo.startsWith('file://')) {
      const local = resolve(chartDir, repo.replace(/^file:\/\//, '') || join('charts', dep.name));
      if (relative(rootDir, local).startsWith('..')) {
        throw new ChartArchiveError(`dependency build error: dependency ${dep.name} at '${repo}' is outside the source`);
      }
      const sub = await packageChartDir(local).catch((err: unknown) => {
        throw new ChartArchiveError(`dependency build error: failed to add local dependency ${dep.name}: ${(err as Error).message}`);
      });
      checkVersion(dep, sub.metadata.version);
      archive = sub.archive;
    } else if (/^(https?|oci):\/\//.test(repo)) {
      archive = await remote(repo, dep.name, dep.version ?? '');
    } else {
      throw new ChartArchiveError(`dependency build error: dependency ${dep.name} has an unsupported repository '${repo}' (aliases like @repo need a URL)`);
    }
    const sub = await readChartMetadata(archive);
    files.push({ path: `charts/${sub.name}-${sub.version}.tgz`, data: archive, mode: 0o644 });
  }
  return files;
}
