// `helm template --dependency-update` for a local chart directory whose Chart.yaml names
// dependencies missing from charts/: helm 4's downloader.Manager.Update. Repository names
// (`@name`, `alias:name`) and URLs are matched against repositories.yaml, indexes of the
// repositories are refreshed into the repository cache (unmanaged URLs as
// `helm-manager-<sha256>`), each dependency is resolved to a version (Masterminds constraints,
// highest first), downloaded (http(s) through the index, oci:// through src/sources, file://
// packaged) into charts/, and Chart.lock is written with helm's digest. What helm's Manager
// prints goes to `out` (helm's stdout), in helm's words.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadChart, type Chart, type Dependency } from '../chart/index.js';
import { Constraints, compareVersions, tryParseVersion, type Version } from '../../semver/index.js';
import { marshal } from '../gojson/index.js';
import { marshalYaml } from '../yaml/marshal.js';
import type { GoMap, GoValue } from '../../gotemplate/value.js';
import { parseIndex, type HelmIndex, type IndexChartVersion } from '../../sources/helm/repo-index.js';
import { resolveReferenceUrl } from '../../sources/helm/http-repository.js';
import { packageChartDir, readChartMetadata } from '../../sources/chart-archive.js';
import { downloadRepoArchive, readRepositories, type RepoEntry } from './repo-chart.js';
import { httpGet } from './http-get.js';
import type { SlogValue } from './slog.js';

export interface DependencyUpdateOptions {
  /** The chart directory (absolute). */
  chartPath: string;
  repositoryConfig: string;
  repositoryCache: string;
  /** --debug: the Manager's extra lines ("Repository from local path", "Archiving"). */
  debug: boolean;
  /** A line of what helm's Manager prints to stdout. */
  out: (line: string) => void;
  /** A line helm prints to stderr (the registry client's "Pulled:" / "Digest:"). */
  err: (line: string) => void;
  /** helm's slog debug lines (only called with --debug). */
  log?: (msg: string, ...attrs: [string, SlogValue][]) => void;
  /** Downloads an oci:// dependency (`oci://host/path`, chart name, version or constraint). */
  pullOci?: (repository: string, name: string, version: string) => Promise<{ archive: Uint8Array; version: string; ref: string; manifestDigest?: string }>;
  get?: typeof httpGet;
  now?: () => Date;
}

/** A dependency as Chart.yaml gives it; `repository` is rewritten for `@name` / `alias:name`. */
interface Requirement {
  dep: Dependency;
  repository: string;
}

interface Locked {
  name: string;
  version: string;
  repository: string;
}

const MANAGER_PREFIX = 'helm-manager-';

function isOci(repository: string): boolean {
  return repository.startsWith('oci://');
}

/** resolver.GetLocalPath: `file://` relative to the chart (absolute when it starts with /). */
function localPath(repository: string, chartPath: string): string {
  const p = repository.replace(/^file:\/\//, '');
  const path = p.startsWith('/') ? resolve(p) : resolve(chartPath, p);
  if (!existsSync(path)) throw new Error(`directory ${path} not found`);
  return path;
}

/** urlutil.Equal: the same URL once an empty path is "/" and a trailing slash is dropped. */
function urlEqual(a: string, b: string): boolean {
  const norm = (s: string): string => {
    try {
      const u = new URL(s);
      return `${u.protocol}//${u.username}:${u.password}@${u.host}${u.pathname.replace(/\/+$/, '') || '/'}${u.search}`;
    } catch {
      return s;
    }
  };
  return a === b || norm(a) === norm(b);
}

/** url.ParseRequestURI accepts absolute URLs and absolute paths. */
function isRequestUri(s: string): boolean {
  if (s.startsWith('/')) return true;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && !/\s/.test(s);
}

/** Manager.resolveRepoNames: dependency name (or URL) → repository name; `@name` rewritten to its URL. */
function resolveRepoNames(reqs: Requirement[], repos: RepoEntry[], o: DependencyUpdateOptions): Map<string, string> {
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const r of reqs) {
    if (r.repository === '') continue;
    if (r.repository.startsWith('file://')) {
      localPath(r.repository, o.chartPath);
      if (o.debug) o.out(`Repository from local path: ${r.repository}`);
      names.set(r.dep.name, r.repository);
      continue;
    }
    if (isOci(r.repository)) {
      names.set(r.dep.name, r.repository);
      continue;
    }
    const alias = r.repository.startsWith('@') ? r.repository.slice(1) : r.repository.startsWith('alias:') ? r.repository.slice('alias:'.length) : undefined;
    const found = repos.find((e) => (alias !== undefined ? e.name === alias : urlEqual(e.url, r.repository)));
    if (found !== undefined) {
      if (alias !== undefined) r.repository = found.url;
      names.set(r.dep.name, found.name);
      continue;
    }
    if (isRequestUri(r.repository)) names.set(r.repository, r.repository);
    else missing.push(r.repository);
  }
  if (missing.length > 0) {
    let text = `no repository definition for ${missing.join(', ')}. Please add them via 'helm repo add'`;
    if (missing.some((m) => !m.includes('//') && !m.startsWith('@') && !m.startsWith('alias:'))) {
      text +=
        '\nNote that repositories must be URLs or aliases. For example, to refer to the "example"\n' +
        'repository, use "https://charts.example.com/" or "@example" instead of\n' +
        '"example". Don\'t forget to add the repo, too (\'helm repo add\').';
    }
    throw new Error(text);
  }
  return names;
}

function indexPath(o: DependencyUpdateOptions, name: string): string {
  return join(o.repositoryCache, `${name}-index.yaml`);
}

/** ChartRepository.DownloadIndexFile: index.yaml into the cache, with the chart names beside it. */
async function downloadIndex(entry: RepoEntry, o: DependencyUpdateOptions): Promise<void> {
  const url = `${entry.url.replace(/\/+$/, '')}/index.yaml`;
  const data = Buffer.from(await downloadRepoArchive(entry, url, o.get ?? httpGet));
  const index = parseIndex(data);
  mkdirSync(o.repositoryCache, { recursive: true });
  writeFileSync(indexPath(o, entry.name), data, { mode: 0o644 });
  const names = [...index.entries.keys()].sort();
  writeFileSync(join(o.repositoryCache, `${entry.name}-charts.txt`), names.map((n) => `${n}\n`).join(''), { mode: 0o644 });
}

/** Manager.parallelRepoUpdate (one after the other here, so the lines come in a fixed order). */
async function updateRepos(entries: RepoEntry[], o: DependencyUpdateOptions): Promise<void> {
  for (const e of entries) {
    const shown = e.name.startsWith(MANAGER_PREFIX) ? JSON.stringify(e.url) : JSON.stringify(e.name);
    try {
      await downloadIndex(e, o);
      o.out(`...Successfully got an update from the ${shown} chart repository`);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const which = e.name.startsWith(MANAGER_PREFIX) ? shown : `${shown} chart repository (${e.url})`;
      o.out(e.name.startsWith(MANAGER_PREFIX) ? `...Unable to get an update from the ${which} chart repository:\n\t${why}` : `...Unable to get an update from the ${which}:\n\t${why}`);
    }
  }
}

/** Index entries of a chart, highest version first (repo.IndexFile.SortEntries). */
function sortedVersions(index: HelmIndex, name: string): Array<{ cv: IndexChartVersion; v: Version }> | undefined {
  const versions = index.entries.get(name);
  if (versions === undefined) return undefined;
  const out: Array<{ cv: IndexChartVersion; v: Version }> = [];
  for (const cv of versions) {
    const v = tryParseVersion(cv.version);
    if (v !== undefined) out.push({ cv, v });
  }
  return out.sort((a, b) => compareVersions(b.v, a.v));
}

function loadCachedIndex(o: DependencyUpdateOptions, repoName: string): HelmIndex {
  const path = indexPath(o, repoName);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`no cached repository for ${repoName} found. (try 'helm repo update'): open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  return parseIndex(data);
}

function parseConstraint(dep: Dependency): Constraints {
  try {
    return Constraints.parse(dep.version);
  } catch (e) {
    throw new Error(`dependency ${JSON.stringify(dep.name)} has an invalid version/constraint format: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** resolver.Resolve: the version of each dependency, as Chart.lock records it. */
async function resolveLocks(reqs: Requirement[], repoNames: Map<string, string>, o: DependencyUpdateOptions): Promise<Locked[]> {
  const locked: Locked[] = [];
  const missing: string[] = [];
  for (const r of reqs) {
    const constraint = parseConstraint(r.dep);
    if (r.repository === '') {
      localPath(join('charts', r.dep.name), o.chartPath);
      locked.push({ name: r.dep.name, repository: '', version: r.dep.version });
      continue;
    }
    if (r.repository.startsWith('file://')) {
      const chart = await loadChart(localPath(r.repository, o.chartPath));
      const v = tryParseVersion(chart.metadata.version);
      if (v === undefined) continue;
      if (!constraint.check(v)) missing.push(missingText(r));
      locked.push({ name: r.dep.name, repository: r.repository, version: chart.metadata.version });
      continue;
    }
    if (isOci(r.repository)) {
      // The registry is asked when the chart is pulled; an exact version is used as it is.
      locked.push({ name: r.dep.name, repository: r.repository, version: r.dep.version });
      continue;
    }
    const repoName = repoNames.get(r.dep.name) ?? '';
    const versions = sortedVersions(loadCachedIndex(o, repoName), r.dep.name);
    if (versions === undefined) throw new Error(`${r.dep.name} chart not found in repo ${r.repository}`);
    const hit = versions.find(({ cv, v }) => cv.urls.length > 0 && constraint.check(v));
    if (hit === undefined) missing.push(missingText(r));
    locked.push({ name: r.dep.name, repository: r.repository, version: hit?.cv.version ?? r.dep.version });
  }
  if (missing.length > 0) {
    throw new Error(
      `can't get a valid version for ${missing.length} subchart(s): ${missing.join(', ')}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml`,
    );
  }
  return locked;
}

function missingText(r: Requirement): string {
  return `${JSON.stringify(r.dep.name)} (repository ${JSON.stringify(r.repository)}, version ${JSON.stringify(r.dep.version)})`;
}

/** json.Marshal of a chart.Dependency: its fields in declaration order, omitempty applied. */
function dependencyJson(name: string, version: string, repository: string, dep?: Dependency): string {
  const fields: Array<[string, GoValue]> = [['name', name]];
  if (version !== '') fields.push(['version', version]);
  fields.push(['repository', repository]);
  if (dep !== undefined) {
    if (dep.condition !== '') fields.push(['condition', dep.condition]);
    if (dep.tags.length > 0) fields.push(['tags', dep.tags]);
    if (dep.enabled) fields.push(['enabled', true]);
    if (dep.importValues.length > 0) fields.push(['import-values', dep.importValues]);
    if (dep.alias !== '') fields.push(['alias', dep.alias]);
    if (dep.dependsOn.length > 0) fields.push(['depends-on', dep.dependsOn]);
  }
  return `{${fields.map(([k, v]) => `${marshal(k)}:${marshal(v)}`).join(',')}}`;
}

/** resolver.HashReq: sha256 over the JSON of [requirements, locked]. */
export function hashRequirements(reqs: ReadonlyArray<{ dep: Dependency; repository: string }>, locked: readonly Locked[]): string {
  const json = `[[${reqs.map((r) => dependencyJson(r.dep.name, r.dep.version, r.repository, r.dep)).join(',')}],[${locked.map((l) => dependencyJson(l.name, l.version, l.repository)).join(',')}]]`;
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}

/** Go's time.Time MarshalJSON in UTC (RFC 3339 with the fraction's trailing zeros dropped). */
function goTime(d: Date): string {
  return d.toISOString().replace(/\.?0+Z$/, 'Z');
}

/** The file name a URL's path ends in (helm saves downloads under it). */
function urlBase(url: string): string {
  try {
    return basename(new URL(url).pathname);
  } catch {
    return basename(url);
  }
}

/** Manager.safeDeleteDep: charts/<name>-*.tgz archives that really are chart `name`. */
async function deleteOutdated(name: string, chartsDir: string, o: DependencyUpdateOptions): Promise<void> {
  let files: string[];
  try {
    files = readdirSync(chartsDir);
  } catch {
    return;
  }
  for (const f of files.filter((n) => n.startsWith(`${name}-`) && n.endsWith('.tgz')).sort()) {
    const path = join(chartsDir, f);
    try {
      if ((await readChartMetadata(readFileSync(path))).name !== name) continue;
    } catch (e) {
      o.out(`Could not verify ${path} for deletion: ${e instanceof Error ? e.message : String(e)} (Skipping)`);
      continue;
    }
    rmSync(path, { force: true });
  }
}

/** Manager.downloadAll: every locked dependency into a temporary directory, then into charts/. */
async function downloadAll(locked: Locked[], repos: RepoEntry[], repoNames: Map<string, string>, o: DependencyUpdateOptions): Promise<void> {
  // loadChartRepositories: every configured repository's cached index must load, used or not.
  for (const e of repos) {
    const path = indexPath(o, e.name);
    try {
      parseIndex(readFileSync(path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `open ${path}: no such file or directory` : err instanceof Error ? err.message : String(err));
    }
  }
  const chartsDir = join(o.chartPath, 'charts');
  if (existsSync(chartsDir)) {
    if (!statSync(chartsDir).isDirectory()) throw new Error(`${JSON.stringify(chartsDir)} is not a directory`);
  } else mkdirSync(chartsDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'flux-ts-tmpcharts-'));
  try {
    o.out(`Saving ${locked.length} charts`);
    for (const dep of locked) {
      try {
        await downloadOne(dep, tmp, repos, repoNames, o);
      } catch (e) {
        o.out(`Save error occurred:  ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    }
    o.out('Deleting outdated charts');
    for (const dep of locked) if (dep.repository !== '') await deleteOutdated(dep.name, chartsDir, o);
    for (const f of readdirSync(tmp)) copyFileSync(join(tmp, f), join(chartsDir, f));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function downloadOne(dep: Locked, tmp: string, repos: RepoEntry[], repoNames: Map<string, string>, o: DependencyUpdateOptions): Promise<void> {
  if (dep.repository === '') {
    o.out(`Dependency ${dep.name} did not declare a repository. Assuming it exists in the charts directory`);
    const chart = await loadChart(join(o.chartPath, 'charts', dep.name)).catch((e: unknown) => {
      throw new Error(`Unable to load chart: ${e instanceof Error ? e.message : String(e)}`);
    });
    const v = tryParseVersion(chart.metadata.version);
    if (v === undefined || !Constraints.parse(dep.version).check(v)) {
      throw new Error(`Dependency ${dep.name} at version ${chart.metadata.version} does not satisfy the constraint ${dep.version}`);
    }
    return;
  }
  if (dep.repository.startsWith('file://')) {
    if (o.debug) o.out(`Archiving ${dep.name} from repo ${dep.repository}`);
    const packaged = await packageChartDir(localPath(dep.repository, o.chartPath));
    writeFileSync(join(tmp, `${packaged.metadata.name}-${packaged.metadata.version}.tgz`), packaged.archive, { mode: 0o644 });
    dep.version = packaged.metadata.version;
    return;
  }
  if (isOci(dep.repository)) {
    o.out(`Downloading ${dep.name} from repo ${dep.repository}`);
    if (!o.pullOci) throw new Error(`could not download ${dep.repository}/${dep.name}: no registry client`);
    o.log?.('set up default downloader cache');
    let pulled;
    try {
      pulled = await o.pullOci(dep.repository, dep.name, dep.version);
    } catch (e) {
      throw new Error(`could not download ${dep.repository.replace(/\/+$/, '')}/${dep.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    writeFileSync(join(tmp, `${dep.name}-${pulled.version}.tgz`), pulled.archive, { mode: 0o644 });
    o.err(`Pulled: ${pulled.ref}`);
    if (pulled.manifestDigest !== undefined) o.err(`Digest: ${pulled.manifestDigest}`);
    dep.version = pulled.version;
    return;
  }
  // Manager.findChartURL: the chart's URL in the (just refreshed) cached index.
  const repoName = repoNames.get(dep.name) ?? '';
  const entry = repos.find((e) => urlEqual(e.url, dep.repository)) ?? { name: repoName, url: dep.repository };
  const versions = sortedVersions(loadCachedIndex(o, entry.name === '' ? repoName : entry.name), dep.name);
  const target = tryParseVersion(dep.version);
  const cv = versions?.find(({ cv, v }) => cv.urls.length > 0 && (target !== undefined ? compareVersions(v, target) === 0 : cv.version === dep.version))?.cv;
  if (cv === undefined) throw new Error(`could not find : chart ${dep.name} not found in ${dep.repository}: no matching version`);
  const url = resolveReferenceUrl(dep.repository, cv.urls[0]!);
  o.out(`Downloading ${dep.name} from repo ${dep.repository}`);
  o.log?.('set up default downloader cache');
  let archive: Uint8Array;
  try {
    archive = await downloadRepoArchive(entry, url, o.get ?? httpGet);
  } catch (e) {
    throw new Error(`could not download ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  writeFileSync(join(tmp, urlBase(url)), archive, { mode: 0o644 });
}

/** writeLock: Chart.lock (requirements.lock for apiVersion v1 charts) as sigs.k8s.io/yaml writes it. */
function writeLock(chart: Chart, o: DependencyUpdateOptions, locked: Locked[], digest: string): void {
  const lock: GoMap = Object.create(null) as GoMap;
  lock.generated = goTime((o.now ?? (() => new Date()))());
  lock.digest = digest;
  lock.dependencies = locked.map((l) => {
    const m = Object.create(null) as GoMap;
    m.name = l.name;
    if (l.version !== '') m.version = l.version;
    m.repository = l.repository;
    return m;
  });
  const file = chart.metadata.apiVersion === 'v1' ? 'requirements.lock' : 'Chart.lock';
  const path = join(o.chartPath, file);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, marshalYaml(lock), { mode: 0o644 });
  renameSync(tmp, path);
}

/** Manager.Update for the chart directory; throws helm's error. */
export async function updateDependencies(o: DependencyUpdateOptions): Promise<void> {
  let isDir: boolean;
  try {
    isDir = statSync(o.chartPath).isDirectory();
  } catch (e) {
    throw new Error(`could not find ${o.chartPath}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `stat ${o.chartPath}: no such file or directory` : String(e)}`);
  }
  if (!isDir) throw new Error('only unpacked charts can be updated');
  const chart = await loadChart(o.chartPath);
  const reqs: Requirement[] = chart.metadata.dependencies.flatMap((d) => (d === null ? [] : [{ dep: d, repository: d.repository }]));
  if (reqs.length === 0) return;
  const repos = readRepositories(o.repositoryConfig);
  const repoNames = resolveRepoNames(reqs, repos, o);

  // ensureMissingRepos: repositories helm was not told about get a generated name and an index.
  const unmanaged: RepoEntry[] = [];
  for (const r of reqs) {
    if (r.repository === '' || repoNames.has(r.dep.name)) continue;
    const name = MANAGER_PREFIX + createHash('sha256').update(r.repository).digest('hex');
    repoNames.set(r.dep.name, name);
    if (!unmanaged.some((u) => u.name === name)) unmanaged.push({ name, url: r.repository });
  }
  if (unmanaged.length > 0) {
    o.out('Getting updates for unmanaged Helm repositories...');
    await updateRepos(unmanaged, o);
  }
  // UpdateRepositories: every repository of repositories.yaml, as `helm repo update`.
  if (repos.length > 0) {
    o.out('Hang tight while we grab the latest from your chart repositories...');
    await updateRepos(repos, o);
    o.out('Update Complete. ⎈Happy Helming!⎈');
  }

  const locked = await resolveLocks(reqs, repoNames, o);
  await downloadAll(locked, repos, repoNames, o);
  const digest = hashRequirements(reqs, locked);
  if (chart.lock !== null && chart.lock.digest === digest) return;
  writeLock(chart, o, locked, digest);
}
