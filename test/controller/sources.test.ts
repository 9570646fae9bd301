// The controller as source-controller too, end to end: the API test server, a real HTTP chart
// repository, git daemon (smart HTTP) and docker-registry, the controller with the
// reconciliation core and source reconciling in this process, and the CLI in process.
// `reconcile source helm|git|oci|chart` return with flux's success line, `reconcile hr
// --with-source` walks HelmRepository → HelmChart → HelmRelease, a failing source shows
// source-controller's Ready=False, and the templated HelmChart lives and dies with its HelmRelease.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, ResourceRef } from '../../src/cluster/types.js';
import { coreReconciler } from '../../src/controller/core.js';
import { startInProcessController } from './support/core-controller.js';
import { packageChartDir, readChartMetadata } from '../../src/sources/chart-archive.js';
import { RegistryClient } from '../../src/sources/oci/client.js';
import { pushChart } from '../../src/sources/oci/helm-chart.js';
import { HELMCHART_RESOURCE } from '../../src/sources/helmchart.js';
import type { Condition } from '../../src/sources/types.js';
import { flux } from '../commands/reconcile/harness.js';
import { GRADE_API, helmRelease, reconcileEnv } from '../reconcile/run/support.js';
import { makeRepo, startGitServer, type GitServer } from '../support/servers/git-server.js';
import { startRegistry, type Registry } from '../support/servers/registry.js';
import { until } from './support/recording-reconciler.js';

const SRC = 'source.toolkit.fluxcd.io/v1';
const HR_RES: ResourceRef = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true };
const STORAGE = 'http://source-controller.flux-system.svc.cluster.local.';

type Src = KubeObject & {
  spec: Record<string, unknown>;
  status?: { conditions?: Condition[]; artifact?: { revision: string; digest?: string }; url?: string; observedGeneration?: number; lastHandledReconcileAt?: string };
};
type Ev = KubeObject & { type: string; reason: string; message: string; involvedObject: { kind: string; name: string }; source?: { component?: string }; reportingComponent?: string };

let git: GitServer;
let registry: Registry;
let gitSha = '';
let ociDigest = '';

const env = reconcileEnv({
  // Deployments become ready shortly after they are applied, as a kubelet would make them.
  server: { simulateWorkloads: true, readyAfterMs: 100 },
  objects: (url) => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
    { apiVersion: SRC, kind: 'HelmRepository', metadata: { name: 'charts', namespace: 'apps' }, spec: { url, interval: '1m' } },
    { apiVersion: SRC, kind: 'HelmRepository', metadata: { name: 'broken', namespace: 'apps' }, spec: { url: `${url}/missing`, interval: '1m' } },
    helmRelease('grade', 'apps', 'grade-api', '1.0.0'),
  ],
});

function source(kind: string, name: string): Src | undefined {
  return env.server.store.get(SRC, kind, name, 'apps') as unknown as Src | undefined;
}
function cond(kind: string, name: string, type: string): Condition | undefined {
  return source(kind, name)?.status?.conditions?.find((c) => c.type === type);
}
function events(kind: string, name: string): Ev[] {
  return (env.server.store.list('v1', 'Event', 'apps') as unknown as Ev[]).filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);
}
const lines = (text: string) => text.trimEnd().split('\n');

let stopController: () => Promise<number>;
let metricsPort = 0;
let cacheDir: string;

beforeAll(async () => {
  git = await startGitServer();
  // The chart in a Git repository, as the tutorial keeps it (charts/grade-api).
  const files = Object.fromEntries(
    readdirSync(GRADE_API, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [`charts/grade-api/${relative(GRADE_API, path)}`, readFileSync(path, 'utf8')];
      }),
  );
  [gitSha] = makeRepo(git.root, 'app', [{ files, message: 'Add the grade-api chart where the tutorial keeps it, under charts/\n\nbody' }]);
  registry = await startRegistry();
  const { archive } = await packageChartDir(GRADE_API);
  const pushed = await pushChart(new RegistryClient(registry.host, { plainHttp: true }), 'charts', archive, await readChartMetadata(archive));
  ociDigest = pushed.digest;
  env.put(
    { apiVersion: SRC, kind: 'GitRepository', metadata: { name: 'app', namespace: 'apps' }, spec: { url: `${git.url}/app.git`, interval: '1m', ref: { branch: 'master' } } },
    { apiVersion: SRC, kind: 'OCIRepository', metadata: { name: 'grade', namespace: 'apps' }, spec: { url: `oci://${registry.host}/charts/grade-api`, interval: '1m', insecure: true, ref: { tag: '1.0.0' } } },
  );
  cacheDir = mkdtempSync(join(tmpdir(), 'flux-ts-sources-cache-'));
  const controller = startInProcessController(env.cluster, coreReconciler({ cluster: env.cluster, cacheDir }), {
    sourceCacheDir: cacheDir,
    onListening: (p) => (metricsPort = p.metrics),
  });
  stopController = controller.stop;
}, 60_000);

afterAll(async () => {
  expect(await stopController?.()).toBe(0);
  await git?.stop();
  await registry?.stop();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

describe('flux-ts controller reconciles sources', () => {
  it('`reconcile source helm` returns with flux success line; the status is source-controller\'s', async () => {
    await until(() => cond('HelmRepository', 'charts', 'Ready')?.status === 'True', 15_000, 'charts Ready');
    const index = createHash('sha256').update(env.repo.files.get('/index.yaml')!).digest('hex');
    const out = await flux(env.server, ['reconcile', 'source', 'helm', 'charts', '-n', 'apps']);
    expect(out.code).toBe(0);
    expect(lines(out.stderr)).toEqual([
      '► annotating HelmRepository charts in apps namespace',
      '✔ HelmRepository annotated',
      '◎ waiting for HelmRepository reconciliation',
      `✔ fetched revision sha256:${index}`,
    ]);
    const repo = source('HelmRepository', 'charts')!;
    expect(repo.metadata.finalizers).toEqual(['finalizers.fluxcd.io']);
    expect(repo.status?.lastHandledReconcileAt).toBe(repo.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']);
    expect(repo.status?.observedGeneration).toBe(repo.metadata.generation);
    expect(repo.status?.url).toBe(`${STORAGE}/helmrepository/apps/charts/index.yaml`);
    expect(repo.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Ready', 'True', 'Succeeded', `stored artifact: revision 'sha256:${index}'`],
      ['ArtifactInStorage', 'True', 'Succeeded', `stored artifact: revision 'sha256:${index}'`],
    ]);
    const created = events('HelmRepository', 'charts').filter((e) => e.reason === 'NewArtifact');
    expect(created.map((e) => [e.type, e.message])).toEqual([['Normal', `stored fetched index of unknown size from '${env.repo.url}'`]]);
    expect(created[0]!.metadata.annotations).toEqual({ 'source.toolkit.fluxcd.io/revision': `sha256:${index}`, 'source.toolkit.fluxcd.io/digest': `sha256:${index}` });
    expect([created[0]!.source?.component, created[0]!.reportingComponent]).toEqual(['source-controller', 'source-controller']);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^controller_runtime_reconcile_total\{controller="helmrepository",result="requeue_after"\} \d+$/m);
    expect(metrics).toContain('controller_runtime_reconcile_time_seconds_count{controller="helmchart"}');
    const got = await flux(env.server, ['get', 'sources', 'helm', 'charts', '-n', 'apps']);
    expect(got.stdout).toMatch(new RegExp(`^charts\\s+sha256:${index.slice(0, 8)}\\s+False\\s+True\\s+stored artifact: revision 'sha256:${index.slice(0, 8)}'\\s*$`, 'm'));
  });

  it('templates the HelmChart next to its source and `reconcile hr --with-source` walks the chain', async () => {
    await until(() => cond('HelmChart', 'apps-grade', 'Ready')?.status === 'True', 15_000, 'HelmChart apps-grade Ready');
    await until(() => env.condition('Ready')?.status === 'True', 15_000, 'grade Ready');
    const chart = source('HelmChart', 'apps-grade')!;
    expect(chart.metadata.labels).toEqual({ 'helm.toolkit.fluxcd.io/name': 'grade', 'helm.toolkit.fluxcd.io/namespace': 'apps' });
    expect(chart.spec).toMatchObject({ chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '1m', reconcileStrategy: 'ChartVersion' });
    expect(cond('HelmChart', 'apps-grade', 'Ready')).toMatchObject({ reason: 'ChartPullSucceeded', message: "pulled 'grade-api' chart with version '1.0.0'" });
    expect(env.hr().status?.helmChart).toBe('apps/apps-grade');
    expect(env.events().filter((e) => e.reason === 'HelmChartCreated').map((e) => e.message)).toEqual(["Created HelmChart/apps/apps-grade with SourceRef 'HelmRepository/apps/charts'"]);

    const out = await flux(env.server, ['reconcile', 'hr', 'grade', '-n', 'apps', '--with-source']);
    expect(out.code).toBe(0);
    const index = source('HelmRepository', 'charts')!.status!.artifact!.revision;
    expect(lines(out.stderr)).toEqual([
      '► annotating HelmRepository charts in apps namespace',
      '✔ HelmRepository annotated',
      '◎ waiting for HelmRepository reconciliation',
      `✔ fetched revision ${index}`,
      '► annotating HelmChart apps-grade in apps namespace',
      '✔ HelmChart annotated',
      '◎ waiting for HelmChart reconciliation',
      '✔ fetched revision 1.0.0',
      '► annotating HelmRelease grade in apps namespace',
      '✔ HelmRelease annotated',
      '◎ waiting for HelmRelease reconciliation',
      '✔ applied revision 1.0.0',
    ]);
  });

  it('a failing HelmRepository is Ready=False with source-controller reason and message, and a Warning event', async () => {
    await until(() => cond('HelmRepository', 'broken', 'Ready')?.status === 'False', 15_000, 'broken not Ready');
    const message = `failed to fetch Helm repository index: failed to fetch ${env.repo.url}/missing/index.yaml: 404 Not Found`;
    expect(source('HelmRepository', 'broken')?.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Ready', 'False', 'Failed', message],
      ['FetchFailed', 'True', 'Failed', message],
      ['Reconciling', 'True', 'ProgressingWithRetry', 'building artifact'],
    ]);
    // Not observed (the CRD's default stays): a failed reconcile is retried, its generation not yet reconciled.
    expect(source('HelmRepository', 'broken')?.status?.observedGeneration).toBe(-1);
    const warned = () => events('HelmRepository', 'broken').some((e) => e.type === 'Warning' && e.reason === 'Failed' && e.message === message);
    await until(warned, 5_000, 'the Warning event');
    // Each retry of a never-reconciled generation shows Progressing (Ready=Unknown) first, as
    // source-controller's does: `get` is asked until it catches the settled failure.
    await until(async () => {
      const got = await flux(env.server, ['get', 'sources', 'helm', 'broken', '-n', 'apps']);
      return /^broken\s+\S*\s*False\s+False\s+failed to fetch Helm repository index: /m.test(got.stdout) && got.stdout.includes(message);
    }, 10_000, '`get sources helm broken` showing the failure');
    // Reconciling=True (retrying): flux's reconcile waits for the whole --timeout, as against source-controller.
    const waited = await flux(env.server, ['reconcile', 'source', 'helm', 'broken', '-n', 'apps', '--timeout=2s']);
    expect(waited.code).toBe(1);
    expect(lines(waited.stderr)).toEqual([
      '► annotating HelmRepository broken in apps namespace',
      '✔ HelmRepository annotated',
      '◎ waiting for HelmRepository reconciliation',
      '✗ context deadline exceeded',
    ]);
    expect(source('HelmRepository', 'broken')?.status?.lastHandledReconcileAt).toBe(source('HelmRepository', 'broken')?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']);
  });

  it('`reconcile source git` and `reconcile source oci` fetch from the git server and the registry', async () => {
    const gitOut = await flux(env.server, ['reconcile', 'source', 'git', 'app', '-n', 'apps']);
    expect(gitOut.code, gitOut.stderr).toBe(0);
    expect(lines(gitOut.stderr).at(-1)).toBe(`✔ fetched revision master@sha1:${gitSha}`);
    expect(cond('GitRepository', 'app', 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `stored artifact for revision 'master@sha1:${gitSha}'` });
    // source-controller names the commit by its subject, shortened to 50 characters.
    expect(events('GitRepository', 'app').filter((e) => e.reason === 'NewArtifact').map((e) => e.message)).toEqual(["stored artifact for commit 'Add the grade-api chart where the tutorial keeps i...'"]);
    const ociOut = await flux(env.server, ['reconcile', 'source', 'oci', 'grade', '-n', 'apps']);
    expect(ociOut.code, ociOut.stderr).toBe(0);
    expect(lines(ociOut.stderr).at(-1)).toBe(`✔ fetched revision 1.0.0@${ociDigest}`);
    expect(cond('OCIRepository', 'grade', 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `stored artifact for digest '1.0.0@${ociDigest}'` });
  });

  it('`reconcile hr --with-source` for a chart in a GitRepository prints flux\'s reconcile_helmrelease_from_git lines', async () => {
    env.put(helmRelease('fromgit', 'apps', './charts/grade-api', '*', { chart: { spec: { chart: './charts/grade-api', sourceRef: { kind: 'GitRepository', name: 'app' } } } }));
    await until(() => env.condition('Ready', 'fromgit')?.status === 'True', 20_000, 'fromgit Ready');
    expect(cond('HelmChart', 'apps-fromgit', 'Ready')).toMatchObject({ reason: 'ChartPackageSucceeded', message: "packaged 'grade-api' chart with version '1.0.0'" });
    const out = await flux(env.server, ['reconcile', 'hr', 'fromgit', '-n', 'apps', '--with-source']);
    expect(out.code, out.stderr).toBe(0);
    expect(lines(out.stderr)).toEqual([
      '► annotating GitRepository app in apps namespace',
      '✔ GitRepository annotated',
      '◎ waiting for GitRepository reconciliation',
      `✔ fetched revision master@sha1:${gitSha}`,
      '► annotating HelmChart apps-fromgit in apps namespace',
      '✔ HelmChart annotated',
      '◎ waiting for HelmChart reconciliation',
      '✔ fetched revision 1.0.0',
      '► annotating HelmRelease fromgit in apps namespace',
      '✔ HelmRelease annotated',
      '◎ waiting for HelmRelease reconciliation',
      '✔ applied revision 1.0.0',
    ]);
  });

  it('a user-made HelmChart is reconciled too; moving a HelmRelease to chartRef deletes its templated HelmChart', async () => {
    env.put(
      { apiVersion: SRC, kind: 'HelmChart', metadata: { name: 'shared', namespace: 'apps', generation: 1 }, spec: { chart: 'grade-api', version: '1.0.x', sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '1m' } },
      helmRelease('switch', 'apps', 'grade-api', '1.0.0'),
    );
    const out = await flux(env.server, ['reconcile', 'source', 'chart', 'shared', '-n', 'apps']);
    expect(out.code, out.stderr).toBe(0);
    expect(lines(out.stderr).at(-1)).toBe('✔ fetched revision 1.0.0');
    await until(() => env.hr('switch').status?.helmChart === 'apps/apps-switch', 15_000, 'switch templated');
    await env.cluster.mergePatch(HR_RES, 'switch', 'apps', { spec: { chart: null, chartRef: { kind: 'HelmChart', name: 'shared' } } });
    await until(() => source('HelmChart', 'apps-switch') === undefined, 15_000, 'apps-switch deleted');
    await until(() => env.hr('switch').status?.helmChart === undefined, 15_000, 'status.helmChart cleared');
    await until(() => env.events('switch').some((e) => e.reason === 'HelmChartDeleted' && e.message === "deleted HelmChart 'apps/apps-switch'"), 5_000, 'HelmChartDeleted event');
  });

  it('a changed chart template configures the HelmChart (Configured event), which is then rebuilt for its new generation', async () => {
    await env.cluster.mergePatch(HR_RES, 'grade', 'apps', { spec: { chart: { spec: { version: '1.0.x' } } } });
    await until(() => source('HelmChart', 'apps-grade')?.spec['version'] === '1.0.x', 15_000, 'template applied');
    const rebuilt = () => {
      const chart = source('HelmChart', 'apps-grade');
      return chart?.status?.observedGeneration === chart?.metadata.generation && cond('HelmChart', 'apps-grade', 'Ready')?.status === 'True';
    };
    await until(rebuilt, 15_000, 'apps-grade rebuilt');
    expect(env.events().filter((e) => e.reason === 'HelmChartConfigured').map((e) => e.message)).toEqual(["Configured HelmChart/apps/apps-grade with SourceRef 'HelmRepository/apps/charts'"]);
  });

  it('`suspend source helm` stops the reconciling, `resume source helm` waits for the controller', async () => {
    const suspended = await flux(env.server, ['suspend', 'source', 'helm', 'charts', '-n', 'apps']);
    expect(suspended.code, suspended.stderr).toBe(0);
    expect(source('HelmRepository', 'charts')?.spec['suspend']).toBe(true);
    const refused = await flux(env.server, ['reconcile', 'source', 'helm', 'charts', '-n', 'apps']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('resource is suspended');
    const resumed = await flux(env.server, ['resume', 'source', 'helm', 'charts', '-n', 'apps']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lines(resumed.stderr).at(-1)).toBe(`✔ fetched revision ${source('HelmRepository', 'charts')!.status!.artifact!.revision}`);
    expect(source('HelmRepository', 'charts')?.status?.observedGeneration).toBe(source('HelmRepository', 'charts')?.metadata.generation);
  });

  it('a new chart version in the repository flows through HelmRepository and HelmChart to an upgrade', async () => {
    // grade-api 1.0.1 joins 1.0.0 in the index; the HelmRelease asks for 1.0.x since the test above.
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-grade-101-'));
    try {
      cpSync(GRADE_API, dir, { recursive: true });
      writeFileSync(join(dir, 'Chart.yaml'), readFileSync(join(dir, 'Chart.yaml'), 'utf8').replace(/^version: 1\.0\.0$/m, 'version: 1.0.1'));
      const { archive } = await packageChartDir(dir);
      env.repo.files.set('/grade-api-1.0.1.tgz', archive);
      const digest = createHash('sha256').update(archive).digest('hex');
      const index = env.repo.files.get('/index.yaml')!.toString().replace('  grade-api:\n', `  grade-api:\n  - name: grade-api\n    version: 1.0.1\n    digest: ${digest}\n    urls:\n    - ${env.repo.url}/grade-api-1.0.1.tgz\n`);
      env.repo.files.set('/index.yaml', Buffer.from(index));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const out = await flux(env.server, ['reconcile', 'source', 'helm', 'charts', '-n', 'apps']);
    expect(out.code, out.stderr).toBe(0);
    await until(() => source('HelmChart', 'apps-grade')?.status?.artifact?.revision === '1.0.1', 15_000, 'HelmChart 1.0.1');
    const pulled = () => events('HelmChart', 'apps-grade').some((e) => e.reason === 'ChartPullSucceeded' && e.message === "pulled 'grade-api' chart with version '1.0.1'");
    await until(pulled, 5_000, 'the new artifact event');
    await until(() => env.history()?.[0] === '2:deployed', 15_000, 'upgraded to revision 2');
    expect(env.hr().status?.history?.[0]?.chartVersion).toBe('1.0.1');
  });

  it('valuesFiles make the HelmChart generation the version build metadata, through to the release history', async () => {
    await env.cluster.mergePatch(HR_RES, 'grade', 'apps', { spec: { chart: { spec: { valuesFiles: ['values.yaml'] } } } });
    const built = () => {
      const chart = source('HelmChart', 'apps-grade');
      return chart !== undefined && chart.status?.observedGeneration === chart.metadata.generation && chart.status?.artifact?.revision === `1.0.1+${chart.metadata.generation}`;
    };
    await until(built, 15_000, 'HelmChart rebuilt with the generation as metadata');
    const generation = source('HelmChart', 'apps-grade')!.metadata.generation;
    await until(() => env.hr().status?.history?.[0]?.chartVersion === `1.0.1+${generation}`, 15_000, 'upgraded to the new chart version');
  });

  it('deleting the HelmRelease deletes its HelmChart (whose source finalizer the controller removes)', async () => {
    expect(source('HelmChart', 'apps-grade')?.metadata.finalizers).toEqual(['finalizers.fluxcd.io']);
    await env.cluster.delete(HR_RES, 'grade', 'apps');
    await until(async () => (await env.cluster.tryGet(HR_RES, 'grade', 'apps')) === undefined, 30_000, 'grade gone');
    await until(async () => (await env.cluster.tryGet(HELMCHART_RESOURCE, 'apps-grade', 'apps')) === undefined, 15_000, 'apps-grade gone');
  });

  it('reconciles a source again at its spec.interval, without a request', async () => {
    env.put({ apiVersion: SRC, kind: 'HelmRepository', metadata: { name: 'fast', namespace: 'apps' }, spec: { url: env.repo.url, interval: '1s' } });
    await until(() => source('HelmRepository', 'fast')?.status?.artifact !== undefined, 15_000, 'fast fetched');
    const first = source('HelmRepository', 'fast')!.status!.artifact!.revision;
    env.repo.files.set('/index.yaml', Buffer.from(`${env.repo.files.get('/index.yaml')!.toString()}generated: "2026-11-24T00:00:00Z"\n`));
    await until(() => source('HelmRepository', 'fast')?.status?.artifact?.revision !== first, 15_000, 'fast re-fetched at its interval');
    expect(source('HelmRepository', 'fast')?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBeUndefined();
  });
});
