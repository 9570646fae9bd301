// A HelmChart with spec.valuesFiles: source-controller sets the build's VersionMetadata to the
// HelmChart's generation (helmchart_controller.go buildFromHelmRepository/buildFromTarballArtifact),
// after the Revision strategy's short commit with a dot, and the builders replace the version's
// build metadata with it (Masterminds SetMetadata), in the artifact revision and in the packaged
// Chart.yaml alike: `6.3.5+2`, `1.1.0+<sha12>.2`. Against a real chart server, registry and git.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ArtifactCache } from '../../src/sources/cache.js';
import { readArchive } from '../../src/sources/chart-archive.js';
import {
  fetchFromGitRepository,
  fetchFromHttpRepository,
  fetchFromOciHelmRepository,
  versionMetadataFor,
  withBuildMetadata,
  type FetchContext,
} from '../../src/sources/fetchers.js';
import { HELMCHART_RESOURCE, helmChartBuildOptions, helmChartFor, helmChartReadyStatus, withLiveGeneration } from '../../src/sources/helmchart.js';
import type { HelmChart, HelmReleaseChartSource } from '../../src/sources/types.js';
import { startChartRepo, type ChartRepoServer } from '../support/servers/chart-repo.js';
import { makeRepo, startGitServer, type GitServer } from '../support/servers/git-server.js';
import { startRegistry, type Registry } from '../support/servers/registry.js';
import { helmPackage, helmRepoIndex, runHelm, serveDir, tempDir } from './helpers.js';
import { MemoryCluster } from './memory-cluster.js';

let repo: ChartRepoServer;
let registry: Registry;
let git: GitServer;
let shas: string[];
let dir: string;
let home: string;
let cacheDir: string;

beforeAll(async () => {
  dir = tempDir();
  home = tempDir();
  cacheDir = tempDir();
  for (const v of ['6.3.5', '1.2.3+build.5']) helmPackage(dir, v);
  helmRepoIndex(dir);
  repo = await startChartRepo();
  serveDir(repo.files, dir);
  registry = await startRegistry();
  const pushed = await runHelm(['push', `${dir}/podinfo-lite-1.2.3+build.5.tgz`, `oci://${registry.host}/charts`, '--plain-http'], home);
  if (pushed.status !== 0) throw new Error(pushed.stderr);
  git = await startGitServer();
  shas = makeRepo(git.root, 'apps', [
    {
      files: {
        'charts/demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.1.0\n',
        'charts/demo/values.yaml': 'replicas: 1\n',
        'charts/demo/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  replicas: "{{ .Values.replicas }}"\n',
        'envs/prod.yaml': 'replicas: 3\n',
      },
    },
  ]);
}, 120_000);

afterAll(async () => {
  await repo?.stop();
  await registry?.stop();
  await git?.stop();
  for (const d of [dir, home, cacheDir]) rmSync(d, { recursive: true, force: true });
});

const ctx = (subject: string): FetchContext => ({ subject, cache: new ArtifactCache({ dir: cacheDir }), maxAgeMs: 60_000 });

async function packagedVersion(archive: Buffer): Promise<unknown> {
  const chartYaml = (await readArchive(archive)).find((f) => /^[^/]+\/Chart\.yaml$/.test(f.path));
  return (parse(chartYaml!.data.toString()) as { version: unknown }).version;
}

describe('the version metadata source-controller derives for a HelmChart build', () => {
  it('is the generation when valuesFiles are listed, used or not, and nothing otherwise', () => {
    expect(versionMetadataFor({ valuesFiles: ['values.yaml'], generation: 2 })).toBe('2');
    expect(versionMetadataFor({ valuesFiles: ['gone.yaml'], ignoreMissingValuesFiles: true, generation: 7 })).toBe('7');
    expect(versionMetadataFor({ valuesFiles: [], generation: 2 })).toBeUndefined();
    expect(versionMetadataFor({ generation: 2 })).toBeUndefined();
    // Without a HelmChart (helm pull, chart dependencies) there is no generation to append.
    expect(versionMetadataFor({ valuesFiles: ['values.yaml'] })).toBeUndefined();
  });

  it('follows the Revision strategy short commit with a dot', () => {
    expect(versionMetadataFor({ valuesFiles: ['values.yaml'], generation: 3 }, 'abcdef123456')).toBe('abcdef123456.3');
    expect(versionMetadataFor({}, 'abcdef123456')).toBe('abcdef123456');
  });

  it('replaces build metadata the version already has, and canonicalises a loose version', () => {
    expect(withBuildMetadata('6.3.5', '2')).toBe('6.3.5+2');
    expect(withBuildMetadata('1.2.3+build.5', '2')).toBe('1.2.3+2');
    expect(withBuildMetadata('7.0.0-rc.1+abc', '4')).toBe('7.0.0-rc.1+4');
    expect(withBuildMetadata('v1.2', '1')).toBe('1.2.0+1');
    expect(() => withBuildMetadata('latest', '1')).toThrow('chart metadata patch error: failed to parse version from chart metadata as SemVer: invalid semantic version');
  });
});

describe('charts built with valuesFiles carry the HelmChart generation', () => {
  it('HelmRepository (HTTP): the index version with +generation, in the result and in Chart.yaml', async () => {
    const got = await fetchFromHttpRepository(ctx('HelmRepository flux-system/podinfo'), { url: repo.url }, 'podinfo-lite', '6.3.x', { valuesFiles: ['values.yaml'], generation: 2 });
    expect(got.version).toBe('6.3.5+2');
    expect(await packagedVersion(got.archive)).toBe('6.3.5+2');
    expect(got.valuesFiles).toEqual(['values.yaml']);
  });

  it('a new generation is a new build, not the cached one', async () => {
    const c = ctx('HelmRepository flux-system/podinfo');
    expect((await fetchFromHttpRepository(c, { url: repo.url }, 'podinfo-lite', '6.3.x', { valuesFiles: ['values.yaml'], generation: 2 })).version).toBe('6.3.5+2');
    const next = await fetchFromHttpRepository(c, { url: repo.url }, 'podinfo-lite', '6.3.x', { valuesFiles: ['values.yaml'], generation: 3 });
    expect(next.version).toBe('6.3.5+3');
    expect(await packagedVersion(next.archive)).toBe('6.3.5+3');
  });

  it('without valuesFiles the version and archive stay as the repository serves them', async () => {
    const got = await fetchFromHttpRepository(ctx('HelmRepository flux-system/podinfo'), { url: repo.url }, 'podinfo-lite', '6.3.x', { generation: 5 });
    expect(got.version).toBe('6.3.5');
    expect(await packagedVersion(got.archive)).toBe('6.3.5');
  });

  it('HelmRepository (OCI): the tag version with its own metadata replaced by the generation', async () => {
    const got = await fetchFromOciHelmRepository(
      ctx('HelmRepository flux-system/charts'),
      { url: `oci://${registry.host}/charts`, plainHttp: true },
      'podinfo-lite',
      '1.2.3+build.5',
      { valuesFiles: ['values.yaml'], generation: 4 },
    );
    expect(got.version).toBe('1.2.3+4');
    expect(await packagedVersion(got.archive)).toBe('1.2.3+4');
    // The source's revision still names the tag that was pulled.
    expect(got.sourceRevision).toMatch(/^1\.2\.3\+build\.5@sha256:/);
  });

  it('GitRepository, ChartVersion: the chart version with +generation', async () => {
    const got = await fetchFromGitRepository(ctx('GitRepository flux-system/apps'), { url: `${git.url}/apps.git` }, 'charts/demo', 'ChartVersion', { valuesFiles: ['envs/prod.yaml'], generation: 2 });
    expect(got.version).toBe('1.1.0+2');
    expect(await packagedVersion(got.archive)).toBe('1.1.0+2');
  });

  it('GitRepository, Revision: the short commit, a dot, then the generation', async () => {
    const got = await fetchFromGitRepository(ctx('GitRepository flux-system/apps'), { url: `${git.url}/apps.git` }, 'charts/demo', 'Revision', { valuesFiles: ['envs/prod.yaml'], generation: 6 });
    expect(got.version).toBe(`1.1.0+${shas[0]!.slice(0, 12)}.6`);
    expect(await packagedVersion(got.archive)).toBe(got.version);
    const plain = await fetchFromGitRepository(ctx('GitRepository flux-system/apps'), { url: `${git.url}/apps.git` }, 'charts/demo', 'Revision', { generation: 6 });
    expect(plain.version).toBe(`1.1.0+${shas[0]!.slice(0, 12)}`);
  });

  it('GitRepository: listed files that are all missing and ignored still add the generation', async () => {
    const got = await fetchFromGitRepository(ctx('GitRepository flux-system/apps'), { url: `${git.url}/apps.git` }, 'charts/demo', 'ChartVersion', {
      valuesFiles: ['envs/gone.yaml'],
      ignoreMissingValuesFiles: true,
      generation: 3,
    });
    expect(got.version).toBe('1.1.0+3');
    expect(got.valuesFiles).toBeUndefined();
  });
});

describe('the generation a HelmChart build uses', () => {
  const hr: HelmReleaseChartSource = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'podinfo', namespace: 'apps' },
    spec: {
      interval: '5m',
      chart: { spec: { chart: 'podinfo-lite', version: '6.3.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' }, valuesFiles: ['values.yaml', 'values-prod.yaml'] } },
    },
  };

  it('is the HelmChart generation, with its valuesFiles and ignoreMissingValuesFiles', () => {
    const chart: HelmChart = { ...helmChartFor(hr), metadata: { name: 'apps-podinfo', namespace: 'apps', generation: 4 } };
    chart.spec.ignoreMissingValuesFiles = true;
    expect(helmChartBuildOptions(chart)).toEqual({ valuesFiles: ['values.yaml', 'values-prod.yaml'], ignoreMissingValuesFiles: true, generation: 4 });
  });

  it('is 1 for a HelmChart helm-controller has not created yet', async () => {
    const chart = await withLiveGeneration(new MemoryCluster(), helmChartFor(hr));
    expect(chart.metadata.generation).toBeUndefined();
    expect(helmChartBuildOptions(chart)).toEqual({ valuesFiles: ['values.yaml', 'values-prod.yaml'], generation: 1 });
  });

  it("is the live HelmChart's generation when the cluster has it", async () => {
    const cluster = new MemoryCluster();
    const live = helmChartFor(hr);
    cluster.put(HELMCHART_RESOURCE, { ...live, metadata: { ...live.metadata, generation: 3 } });
    const chart = await withLiveGeneration(cluster, helmChartFor(hr));
    expect(chart.metadata.generation).toBe(3);
    expect(chart.spec).toEqual(helmChartFor(hr).spec);
    expect(helmChartBuildOptions(chart).generation).toBe(3);
  });

  it('is not asked of the cluster when no valuesFiles are listed', async () => {
    const cluster = new MemoryCluster();
    const { valuesFiles: _listed, ...spec } = hr.spec.chart!.spec;
    const chart = await withLiveGeneration(cluster, helmChartFor({ ...hr, spec: { ...hr.spec, chart: { spec } } }));
    expect(cluster.reads).toEqual([]);
    expect(helmChartBuildOptions(chart)).toEqual({ generation: 1 });
  });

  it('is left unset when the cluster cannot say (no HelmChart CRD served)', async () => {
    const cluster = new MemoryCluster();
    cluster.tryGet = () => Promise.reject(new Error('the server could not find the requested resource'));
    expect((await withLiveGeneration(cluster, helmChartFor(hr))).metadata.generation).toBeUndefined();
  });
});

describe("the HelmChart's Ready status for a build with valuesFiles (Build.Summary)", () => {
  const chart = (valuesFiles: string[] | undefined): HelmChart => ({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: { name: 'apps-podinfo', namespace: 'apps', generation: 2 },
    spec: { chart: 'podinfo-lite', version: '6.3.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' }, interval: '5m', ...(valuesFiles ? { valuesFiles } : {}) },
  });
  const ready = async (valuesFiles: string[] | undefined, ignoreMissing = false) => {
    const build = { ...(valuesFiles ? { valuesFiles } : {}), ...(ignoreMissing ? { ignoreMissingValuesFiles: true } : {}), generation: 2 };
    const fetched = await fetchFromHttpRepository(ctx('HelmRepository apps/podinfo'), { url: repo.url }, 'podinfo-lite', '6.3.x', build);
    const c = helmChartReadyStatus(chart(valuesFiles), fetched, new Date('2026-11-24T05:00:00Z')).conditions![0]!;
    return [c.reason, c.message];
  };

  it('lists the merged files as Go prints a []string', async () => {
    expect(await ready(['values.yaml', 'values.yaml'])).toEqual(['ChartPackageSucceeded', "packaged 'podinfo-lite' chart with version '6.3.5+2' and merged values files [values.yaml values.yaml]"]);
  });

  it('is packaged when files are listed even if none was found, with the defaults emptied', async () => {
    expect(await ready(['gone.yaml'], true)).toEqual(['ChartPackageSucceeded', "packaged 'podinfo-lite' chart with version '6.3.5+2'"]);
    const got = await fetchFromHttpRepository(ctx('HelmRepository apps/podinfo'), { url: repo.url }, 'podinfo-lite', '6.3.x', { valuesFiles: ['gone.yaml'], ignoreMissingValuesFiles: true });
    const values = (await readArchive(got.archive)).find((f) => f.path === 'podinfo-lite/values.yaml');
    expect(values?.data.toString()).toBe('');
  });

  it('is pulled as it is without valuesFiles', async () => {
    expect(await ready(undefined)).toEqual(['ChartPullSucceeded', "pulled 'podinfo-lite' chart with version '6.3.5'"]);
  });
});
