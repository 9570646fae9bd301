// resolveChart: a HelmRelease's chart fetched as Flux would, with sources and Secrets read
// through the Cluster interface, the cross-namespace policy, HelmChart derivation and status.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../../src/sources/cache.js';
import { AccessDeniedError, SourceError } from '../../src/sources/errors.js';
import { helmChartFor } from '../../src/sources/helmchart.js';
import { RegistryClient } from '../../src/sources/oci/client.js';
import { pushChart } from '../../src/sources/oci/helm-chart.js';
import {
  GITREPOSITORY_RESOURCE,
  HELMREPOSITORY_RESOURCE,
  OCIREPOSITORY_RESOURCE,
  chartVersionForOciRevision,
  resolveChart,
  type ResolveOptions,
} from '../../src/sources/resolve.js';
import { SECRET_RESOURCE } from '../../src/sources/secrets.js';
import type { HelmChart, HelmReleaseChartSource, HelmRepository, OCIRepository } from '../../src/sources/types.js';
import { sourceReadyStatus } from '../../src/sources/source-status.js';
import { reconcileSource } from '../../src/sources/reconcile-source.js';
import { startChartRepo, type ChartRepoServer } from '../support/servers/chart-repo.js';
import { REGISTRY_USER, startRegistry, type Registry } from '../support/servers/registry.js';
import { helmPackage, helmRepoIndex, serveDir, tempDir } from './helpers.js';
import { MemoryCluster } from './memory-cluster.js';
import { makeRepo, startGitServer } from '../support/servers/git-server.js';
import { readArchive, readChartMetadata } from '../../src/sources/chart-archive.js';

let repo: ChartRepoServer;
let registry: Registry;
let dir: string;
let cacheDir: string;
let cluster: MemoryCluster;
const now = new Date('2026-11-24T05:00:00Z');

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function hr(spec: HelmReleaseChartSource['spec'], namespace = 'apps'): HelmReleaseChartSource {
  return { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'podinfo', namespace }, spec };
}

function opts(extra: Partial<ResolveOptions> = {}): ResolveOptions {
  return { cluster, cache: new ArtifactCache({ dir: cacheDir }), allowCrossNamespace: false, now: () => now, reuseWithinInterval: false, ...extra };
}

beforeAll(async () => {
  dir = tempDir();
  cacheDir = tempDir();
  for (const v of ['6.3.4', '6.3.5', '6.4.0-rc.1']) helmPackage(dir, v);
  helmRepoIndex(dir);
  repo = await startChartRepo({ basicAuth: { username: 'u', password: 'p' } });
  serveDir(repo.files, dir);
  registry = await startRegistry({ auth: 'token' });
  const tgz = readFileSync(join(dir, 'podinfo-lite-6.3.5.tgz'));
  await pushChart(new RegistryClient(registry.host, { plainHttp: true, credentials: REGISTRY_USER }), 'charts', tgz, await readChartMetadata(tgz));

  cluster = new MemoryCluster();
  cluster.put(SECRET_RESOURCE, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'repo-auth', namespace: 'apps' }, data: { username: b64('u'), password: b64('p') } });
  cluster.put(SECRET_RESOURCE, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'repo-auth', namespace: 'flux-system' }, stringData: { username: 'u', password: 'p' } });
  cluster.put(SECRET_RESOURCE, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/dockerconfigjson',
    metadata: { name: 'regcred', namespace: 'apps' },
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [registry.host]: { auth: b64(`${REGISTRY_USER.username}:${REGISTRY_USER.password}`) } } })) },
  });
  cluster.put(HELMREPOSITORY_RESOURCE, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'podinfo', namespace: 'apps' },
    spec: { url: repo.url, interval: '10m', secretRef: { name: 'repo-auth' } },
  });
  cluster.put(HELMREPOSITORY_RESOURCE, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'oci', namespace: 'apps' },
    spec: { url: `oci://${registry.host}/charts`, type: 'oci', insecure: true, interval: '10m', secretRef: { name: 'regcred' } },
  });
  cluster.put(HELMREPOSITORY_RESOURCE, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'shared', namespace: 'flux-system' },
    spec: { url: repo.url, interval: '10m', secretRef: { name: 'repo-auth' } },
  });
  cluster.put(OCIREPOSITORY_RESOURCE, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { name: 'podinfo', namespace: 'apps' },
    spec: {
      url: `oci://${registry.host}/charts/podinfo-lite`,
      ref: { semver: '6.x' },
      insecure: true,
      interval: '5m',
      secretRef: { name: 'regcred' },
      layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
    },
  });
}, 120_000);

afterAll(async () => {
  await repo?.stop();
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

const template = (sourceRef: { kind: string; name: string; namespace?: string }, version?: string): HelmReleaseChartSource['spec'] => ({
  interval: '5m',
  chart: { spec: { chart: 'podinfo-lite', ...(version ? { version } : {}), sourceRef } },
});

describe('resolveChart with a chart template', () => {
  it('derives the HelmChart and fetches with the secretRef credentials', async () => {
    const got = await resolveChart(hr(template({ kind: 'HelmRepository', name: 'podinfo' }, '6.3.x')), opts());
    expect(got.version).toBe('6.3.5');
    expect(got.source).toEqual({ kind: 'HelmRepository', namespace: 'apps', name: 'podinfo' });
    expect(got.artifactRevision).toBe('6.3.5');
    const chart = got.helmChart as HelmChart;
    expect(chart.metadata).toEqual({ name: 'apps-podinfo', namespace: 'apps' });
    expect(chart.spec).toEqual({ chart: 'podinfo-lite', version: '6.3.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' }, interval: '5m', reconcileStrategy: 'ChartVersion' });
    expect(chart.status).toEqual({
      observedSourceArtifactRevision: got.sourceRevision,
      observedChartName: 'podinfo-lite',
      url: 'http://source-controller.flux-system.svc.cluster.local./helmchart/apps/apps-podinfo/latest.tar.gz',
      artifact: {
        path: 'helmchart/apps/apps-podinfo/podinfo-lite-6.3.5.tgz',
        url: 'http://source-controller.flux-system.svc.cluster.local./helmchart/apps/apps-podinfo/podinfo-lite-6.3.5.tgz',
        revision: '6.3.5',
        digest: got.digest,
        lastUpdateTime: '2026-11-24T05:00:00Z',
        size: got.archive.length,
      },
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: '2026-11-24T05:00:00Z', reason: 'ChartPullSucceeded', message: "pulled 'podinfo-lite' chart with version '6.3.5'" },
        { type: 'ArtifactInStorage', status: 'True', lastTransitionTime: '2026-11-24T05:00:00Z', reason: 'ChartPullSucceeded', message: "pulled 'podinfo-lite' chart with version '6.3.5'" },
      ],
    });
  });

  it('refuses a cross-namespace source unless allowed, with Flux message', async () => {
    const release = hr(template({ kind: 'HelmRepository', name: 'shared', namespace: 'flux-system' }));
    const err = await resolveChart(release, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect((err as Error).message).toBe('cross-namespace references are not allowed: cannot access HelmChart flux-system/apps-podinfo');
    const ok = await resolveChart(release, opts({ allowCrossNamespace: true }));
    expect(ok.helmChart?.metadata).toEqual({ name: 'apps-podinfo', namespace: 'flux-system' });
    expect(ok.version).toBe('6.3.5');
  });

  it('fetches from a type oci HelmRepository with a dockerconfigjson secret', async () => {
    const got = await resolveChart(hr(template({ kind: 'HelmRepository', name: 'oci' }, '>=6.0.0')), opts());
    expect(got.version).toBe('6.3.5');
    expect(got.url).toBe(`oci://${registry.host}/charts/podinfo-lite:6.3.5`);
  });

  it('reports a failure once, naming the source, with the HelmChart failed status', async () => {
    const err = (await resolveChart(hr(template({ kind: 'HelmRepository', name: 'podinfo' }, '9.x')), opts()).catch((e: unknown) => e)) as SourceError & {
      helmChart: HelmChart;
    };
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toBe(
      "HelmRepository apps/podinfo: no 'podinfo-lite' chart with version matching '9.x' found (available: 6.4.0-rc.1, 6.3.5, 6.3.4)",
    );
    expect(err.helmChart.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'InvalidChartReference'],
      ['FetchFailed', 'True', 'InvalidChartReference'],
    ]);
    const missing = (await resolveChart(hr(template({ kind: 'HelmRepository', name: 'nope' })), opts()).catch((e: unknown) => e)) as SourceError;
    expect(missing.message).toBe('HelmRepository apps/nope: helmrepositories.source.toolkit.fluxcd.io "nope" not found');
  });
});

describe('resolveChart with a GitRepository chart', () => {
  it('builds remote dependencies with the credentials of the HelmRepository that has their URL', async () => {
    const git = await startGitServer();
    try {
      const app = ['apiVersion: v2', 'name: app', 'version: 1.0.0', 'dependencies:', '  - name: podinfo-lite', '    version: ~6.3.0', `    repository: ${repo.url}/`, ''].join('\n');
      const [sha] = makeRepo(git.root, 'apps', [{ files: { 'charts/app/Chart.yaml': app } }]);
      cluster.put(GITREPOSITORY_RESOURCE, {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'apps', namespace: 'apps' },
        spec: { url: `${git.url}/apps.git`, interval: '1m', ref: { branch: 'master' } },
      });
      const release = hr({ interval: '5m', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name: 'apps' }, reconcileStrategy: 'Revision' } } });
      const got = await resolveChart(release, opts());
      expect(got.version).toBe(`1.0.0+${sha!.slice(0, 12)}`);
      expect(got.sourceRevision).toBe(`master@sha1:${sha}`);
      expect((await readArchive(got.archive)).map((f) => f.path).sort()).toEqual(['app/Chart.yaml', 'app/charts/podinfo-lite-6.3.5.tgz']);
      expect(got.helmChart?.status?.conditions?.[0]?.message).toBe(`packaged 'app' chart with version '${got.version}'`);
    } finally {
      await git.stop();
    }
  });
});

describe('resolveChart with a GitRepository: the chart is built from the artifact', () => {
  it('leaves out what .sourceignore, spec.ignore, sparseCheckout and the default patterns leave out of the artifact', async () => {
    const git = await startGitServer();
    try {
      const chart = ['apiVersion: v2', 'name: app', 'version: 1.0.0', ''].join('\n');
      makeRepo(git.root, 'ignored', [
        {
          files: {
            'charts/app/Chart.yaml': chart,
            'charts/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
            'charts/app/templates/debug.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: debug\n',
            'charts/app/files/logo.png': 'not really a png',
            'charts/app/files/notes.txt': 'notes',
            'charts/.sourceignore': '*.txt\n',
          },
        },
      ]);
      makeRepo(git.root, 'plain', [{ files: { 'charts/app/Chart.yaml': chart, 'charts/app/files/logo.png': 'not really a png', 'charts/app/files/notes.txt': 'notes' } }]);
      const repoSpec = (name: string, extra: Record<string, unknown>, repoName = 'ignored') =>
        cluster.put(GITREPOSITORY_RESOURCE, {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name, namespace: 'apps' },
          spec: { url: `${git.url}/${repoName}.git`, interval: '1m', ref: { branch: 'master' }, ...extra },
        });
      const listed = async (name: string) => {
        const got = await resolveChart(hr({ interval: '5m', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name } } } }), opts());
        return (await readArchive(got.archive)).map((f) => f.path).sort();
      };
      // No patterns of the user: source-controller's defaults leave out images.
      repoSpec('plain', {}, 'plain');
      expect(await listed('plain')).toEqual(['app/Chart.yaml', 'app/files/notes.txt']);
      // A .sourceignore pattern is the user's: the default exclusions (*.png) no longer apply.
      repoSpec('with-sourceignore', {});
      expect(await listed('with-sourceignore')).toEqual(['app/Chart.yaml', 'app/files/logo.png', 'app/templates/cm.yaml', 'app/templates/debug.yaml']);
      repoSpec('with-ignore', { ignore: '/charts/app/templates/debug.yaml\n' });
      expect(await listed('with-ignore')).toEqual(['app/Chart.yaml', 'app/files/logo.png', 'app/templates/cm.yaml']);
      // sparseCheckout: files outside the prefixes are not checked out (charts/.sourceignore
      // included, so the defaults apply again); each entry must exist.
      repoSpec('sparse', { sparseCheckout: ['charts/app/'] });
      expect(await listed('sparse')).toEqual(['app/Chart.yaml', 'app/files/notes.txt', 'app/templates/cm.yaml', 'app/templates/debug.yaml']);
      repoSpec('sparse-missing', { sparseCheckout: ['charts/app/', 'deploy'] });
      const missing = (await resolveChart(hr({ interval: '5m', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name: 'sparse-missing' } } } }), opts()).catch((e: unknown) => e)) as SourceError;
      expect(missing.message).toBe("GitRepository apps/sparse-missing: sparse checkout dir 'deploy' does not exist in repository");
    } finally {
      await git.stop();
    }
  });
});

describe('resolveChart with a GitRepository whose chart is a submodule', () => {
  /** A superproject whose charts/lib is a submodule (relative URL) of the lib repository. */
  function superproject(root: string, libSha: string): void {
    const work = tempDir('flux-ts-superproject-');
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1' };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env, encoding: 'utf8' });
    try {
      git('init', '-q', '-b', 'master');
      writeFileSync(join(work, '.gitmodules'), '[submodule "charts/lib"]\n\tpath = charts/lib\n\turl = ../lib.git\n');
      git('add', '.gitmodules');
      git('update-index', '--add', '--cacheinfo', `160000,${libSha},charts/lib`);
      git('commit', '-q', '-m', 'submodule');
      execFileSync('git', ['clone', '-q', '--bare', work, join(root, 'super.git')], { env });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  it('recurseSubmodules clones the submodule the chart lives in; without it the chart path is empty', async () => {
    const git = await startGitServer();
    try {
      const [libSha] = makeRepo(git.root, 'lib', [{ files: { 'Chart.yaml': 'apiVersion: v2\nname: lib-app\nversion: 2.0.0\n', 'templates/cm.yaml': 'kind: ConfigMap\n' } }]);
      superproject(git.root, libSha!);
      const put = (name: string, extra: Record<string, unknown>) =>
        cluster.put(GITREPOSITORY_RESOURCE, {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name, namespace: 'apps' },
          spec: { url: `${git.url}/super.git`, interval: '1m', ref: { branch: 'master' }, ...extra },
        });
      const resolve = (name: string) => resolveChart(hr({ interval: '5m', chart: { spec: { chart: './charts/lib', sourceRef: { kind: 'GitRepository', name } } } }), opts());
      put('with-submodules', { recurseSubmodules: true });
      const got = await resolve('with-submodules');
      expect([got.chartName, got.version]).toEqual(['lib-app', '2.0.0']);
      // The submodule's `.git` is a file (gitdir: ...), which the VCS pattern `.git/` does not
      // match: Flux's artifact, and so its chart, carries it too.
      const files = await readArchive(got.archive);
      expect(files.map((f) => f.path).sort()).toEqual(['lib-app/.git', 'lib-app/Chart.yaml', 'lib-app/templates/cm.yaml']);
      expect(files.find((f) => f.path === 'lib-app/.git')?.data.toString()).toBe('gitdir: ../../.git/modules/charts/lib\n');
      put('without-submodules', {});
      const err = (await resolve('without-submodules').catch((e: unknown) => e)) as SourceError;
      expect(err).toBeInstanceOf(SourceError);
      expect(err.message).toContain('GitRepository apps/without-submodules: ');
    } finally {
      await git.stop();
    }
  });
});

describe('resolveChart with a GitRepository that includes another', () => {
  it('copies the included artifact (fromPath) to toPath before its own ignore rules, as source-controller does', async () => {
    const git = await startGitServer();
    try {
      makeRepo(git.root, 'shared', [
        { files: { 'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 0.1.0\n', 'charts/common/templates/cm.yaml': 'kind: ConfigMap\n', 'charts/common/logo.png': 'png', 'README.md': 'shared' } },
      ]);
      makeRepo(git.root, 'app', [{ files: { 'deploy/README.md': 'app' } }]);
      const put = (name: string, spec: Record<string, unknown>) =>
        cluster.put(GITREPOSITORY_RESOURCE, {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name, namespace: 'apps' },
          spec: { interval: '1m', ref: { branch: 'master' }, ...spec },
        });
      put('shared', { url: `${git.url}/shared.git`, ignore: '*.md\n' });
      put('app', { url: `${git.url}/app.git`, include: [{ repository: { name: 'shared' }, fromPath: 'charts/common', toPath: 'deploy/common' }] });
      const resolve = (name: string, chart: string) => resolveChart(hr({ interval: '5m', chart: { spec: { chart, sourceRef: { kind: 'GitRepository', name } } } }), opts());
      const got = await resolve('app', './deploy/common');
      // logo.png: the included artifact had its own user patterns (no defaults), and the app's
      // defaults then leave it out.
      expect((await readArchive(got.archive)).map((f) => f.path).sort()).toEqual(['common/Chart.yaml', 'common/templates/cm.yaml']);

      put('app-default-path', { url: `${git.url}/app.git`, include: [{ repository: { name: 'shared' } }] });
      expect((await resolve('app-default-path', './shared/charts/common')).chartName).toBe('common');

      put('app-missing', { url: `${git.url}/app.git`, include: [{ repository: { name: 'nope' } }] });
      const missing = (await resolve('app-missing', './deploy').catch((e: unknown) => e)) as SourceError;
      expect(missing.message).toBe(`GitRepository apps/app-missing: could not get resource for include 'nope': gitrepositories.source.toolkit.fluxcd.io "nope" not found`);

      put('app-clash', { url: `${git.url}/app.git`, include: [{ repository: { name: 'shared' }, toPath: 'deploy' }] });
      const clash = (await resolve('app-clash', './deploy').catch((e: unknown) => e)) as SourceError;
      expect(clash.message).toBe(`GitRepository apps/app-clash: failed to copy 'shared' include from  to deploy: 'deploy' already exists and is not empty`);
    } finally {
      await git.stop();
    }
  });
});

describe('GitRepository fields flux-ts does not implement', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['verify', { verify: { mode: 'HEAD', secretRef: { name: 'pgp' } } }, 'spec.verify is not supported by flux-ts: commit and tag signatures are not verified'],
    ['proxySecretRef', { url: 'ssh://git@127.0.0.1:9/never-fetched.git', proxySecretRef: { name: 'proxy' } }, 'spec.proxySecretRef is not supported by flux-ts: a proxy is used for http(s):// URLs only'],
    ['provider', { provider: 'azure' }, "spec.provider 'azure' is not supported by flux-ts: only 'generic' credentials from secretRef are supported"],
  ];
  it.each(cases)('refuses %s with one line naming the object and the field', async (field, extra, detail) => {
    const name = `refused-${field.toLowerCase()}`;
    cluster.put(GITREPOSITORY_RESOURCE, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name, namespace: 'apps' },
      spec: { url: 'http://127.0.0.1:9/never-fetched.git', interval: '1m', ...extra },
    });
    const release = hr({ interval: '5m', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name } } } });
    const err = await resolveChart(release, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toBe(`GitRepository apps/${name}: ${detail}`);
  });

  it('reads the proxy from proxySecretRef: address required, http or https', async () => {
    const secret = (name: string, stringData: Record<string, string>) =>
      cluster.put(SECRET_RESOURCE, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'apps' }, stringData });
    secret('proxy-no-address', { username: 'u', password: 'p' });
    secret('proxy-socks', { address: 'socks5://127.0.0.1:1080' });
    const failure = async (name: string, proxySecret: string) => {
      cluster.put(GITREPOSITORY_RESOURCE, {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name, namespace: 'apps' },
        spec: { url: 'http://127.0.0.1:9/never-fetched.git', interval: '1m', proxySecretRef: { name: proxySecret } },
      });
      const release = hr({ interval: '5m', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name } } } });
      return ((await resolveChart(release, opts()).catch((e: unknown) => e)) as SourceError).message;
    };
    expect(await failure('proxied-1', 'proxy-no-address')).toBe("GitRepository apps/proxied-1: invalid 'proxy-no-address' secret data: key 'address' not found");
    expect(await failure('proxied-2', 'proxy-socks')).toBe("GitRepository apps/proxied-2: invalid 'proxy-socks' secret data: proxy URL must use http or https, got 'socks5'");
  });

  it('accepts the values that change nothing (recurseSubmodules false, provider generic, empty lists)', async () => {
    cluster.put(GITREPOSITORY_RESOURCE, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'defaults', namespace: 'apps' },
      spec: { url: 'http://127.0.0.1:9/unreachable.git', interval: '1m', recurseSubmodules: false, provider: 'generic', include: [], sparseCheckout: [] },
    });
    const release = hr({ interval: '5m', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name: 'defaults' } } } });
    const err = (await resolveChart(release, opts()).catch((e: unknown) => e)) as SourceError;
    expect(err.message).not.toContain('not supported');
  });
});

describe('resolveChart with chartRef', () => {
  it('fetches an OCIRepository (semver ref, layerSelector, registry token auth)', async () => {
    const got = await resolveChart(hr({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } }), opts());
    expect(got.version).toBe('6.3.5');
    expect(got.artifactRevision).toMatch(/^6\.3\.5@sha256:[a-f0-9]{64}$/);
    expect(chartVersionForOciRevision(got.version, got.artifactRevision)).toBe(`6.3.5+${got.artifactRevision.split(':')[1]!.slice(0, 12)}`);
  });

  it('reads an OCIRepository served only as v1beta2', async () => {
    const legacy = structuredClone(cluster.objects.get(`${OCIREPOSITORY_RESOURCE.group}/v1/ocirepositories/apps/podinfo`)!);
    legacy.metadata.name = 'legacy';
    legacy.apiVersion = 'source.toolkit.fluxcd.io/v1beta2';
    cluster.put({ ...OCIREPOSITORY_RESOURCE, version: 'v1beta2' }, legacy);
    const got = await resolveChart(hr({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'legacy' } }), opts());
    expect(got.version).toBe('6.3.5');
  });

  it('refuses a cross-namespace chartRef', async () => {
    const err = await resolveChart(hr({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo', namespace: 'apps' } }, 'other'), opts()).catch((e: unknown) => e);
    expect((err as Error).message).toBe('cross-namespace references are not allowed: cannot access OCIRepository apps/podinfo');
  });

  it('reuses the cached artifact within the source interval without network', async () => {
    const o = opts({ reuseWithinInterval: true });
    await resolveChart(hr({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } }), o);
    const tokenRequests = registry.token!.requests.length;
    const again = await resolveChart(hr({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } }), o);
    expect(again.fromCache).toBe(true);
    expect(registry.token!.requests.length).toBe(tokenRequests);
  });
});

describe('unsupported features are refused, not ignored', () => {
  it('cloud providers and chart verification', async () => {
    cluster.put(OCIREPOSITORY_RESOURCE, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'aws', namespace: 'apps' },
      spec: { url: 'oci://123.dkr.ecr.eu-west-1.amazonaws.com/charts/x', provider: 'aws', interval: '5m' },
    });
    const aws = (await resolveChart(hr({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'aws' } }), opts()).catch((e: unknown) => e)) as SourceError;
    expect(aws.message).toBe("OCIRepository apps/aws: provider 'aws' is not supported by flux-ts (only 'generic' credentials from secretRef)");
    const release = hr(template({ kind: 'HelmRepository', name: 'oci' }));
    release.spec.chart!.spec.verify = { provider: 'cosign' };
    const verify = (await resolveChart(release, opts()).catch((e: unknown) => e)) as SourceError;
    expect(verify.message).toBe("HelmChart apps/apps-podinfo: chart verification (spec.verify, provider 'cosign') is not supported by flux-ts");
    const bucket = (await resolveChart(hr(template({ kind: 'Bucket', name: 'charts' })), opts()).catch((e: unknown) => e)) as SourceError;
    expect(bucket.message).toBe('HelmChart apps/apps-podinfo: spec.sourceRef: Bucket sources are not supported by flux-ts (it does not fetch bucket content)');
  });
});

describe('source statuses', () => {
  it('are worded as source-controller words them', async () => {
    const got = await resolveChart(hr({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } }), opts());
    const repoObj = (await cluster.get(OCIREPOSITORY_RESOURCE, 'podinfo', 'apps')) as OCIRepository;
    const status = sourceReadyStatus(repoObj, got, now);
    expect(status.conditions?.[0]).toEqual({ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-24T05:00:00Z', reason: 'Succeeded', message: `stored artifact for digest '${got.artifactRevision}'` });
    expect(status.artifact?.revision).toBe(got.artifactRevision);
    const http = await resolveChart(hr(template({ kind: 'HelmRepository', name: 'podinfo' })), opts());
    const helmRepo = (await cluster.get(HELMREPOSITORY_RESOURCE, 'podinfo', 'apps')) as HelmRepository;
    const hs = sourceReadyStatus(helmRepo, http, now);
    expect(hs.artifact?.revision).toBe(http.sourceRevision);
    expect(hs.conditions?.[0]?.message).toBe(`stored artifact: revision '${http.sourceRevision}'`);
  });
});

describe('reconcileSource', () => {
  it('fetches each kind and returns the status to write, failures included', async () => {
    const helmRepo = (await cluster.get(HELMREPOSITORY_RESOURCE, 'podinfo', 'apps')) as HelmRepository;
    const ok = await reconcileSource(helmRepo, opts());
    expect(ok.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Succeeded' });
    expect(ok.artifact?.revision).toMatch(/^sha256:[a-f0-9]{64}$/);
    const broken = { ...helmRepo, spec: { ...helmRepo.spec, secretRef: undefined } } as unknown as HelmRepository;
    const denied = await reconcileSource(broken, opts());
    expect(denied.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'AuthenticationFailed'],
      ['FetchFailed', 'True', 'AuthenticationFailed'],
    ]);
    const ociRepo = (await cluster.get(OCIREPOSITORY_RESOURCE, 'podinfo', 'apps')) as OCIRepository;
    expect((await reconcileSource(ociRepo, opts())).conditions?.[0]?.message).toMatch(/^stored artifact for digest '6\.3\.5@sha256:/);
    const chart = { ...helmChartFor(hr(template({ kind: 'HelmRepository', name: 'podinfo' }, '^6'))) };
    expect((await reconcileSource(chart, opts())).artifact?.revision).toBe('6.3.5');
  });
});

describe('chartVersionForOciRevision', () => {
  it('follows helm-controller', () => {
    const d = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    expect(chartVersionForOciRevision('6.3.5', `6.3.5@${d}`)).toBe('6.3.5+0123456789ab');
    expect(chartVersionForOciRevision('6.3.5', d)).toBe('6.3.5+0123456789ab');
    expect(() => chartVersionForOciRevision('6.3.5', `6.3.4@${d}`)).toThrowError('artifact revision 6.3.4 does not match chart version 6.3.5');
  });
});
