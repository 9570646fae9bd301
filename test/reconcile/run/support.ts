// What the reconcile-run tests share: a test API server with the Flux CRDs, a Cluster connected
// to it and a real HTTP chart repository serving charts packaged from directories (started and
// stopped around each suite by reconcileEnv), and HelmRelease / source objects as Flux users
// write them.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../../src/cluster/types.js';
import type { Condition, HelmRelease } from '../../../src/kinds/api-types.js';
import { packageChartDir } from '../../../src/sources/chart-archive.js';
import { spawnApiServer, type ApiServerProcess } from '../../support/apiserver/child-process.js';
import { fluxCrdFiles, loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type StartOptions, type TestApiServer } from '../../support/apiserver/index.js';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';

/** The example chart most suites install. */
export const GRADE_API = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));

export const HR_API = 'helm.toolkit.fluxcd.io/v2';

/** A chart repository serving each chart directory as `<name>-<version>.tgz` in one index. */
export async function chartRepoWith(chartDirs: { dir: string; name: string; version: string }[]): Promise<ChartRepoServer> {
  const repo = await startChartRepo();
  let index = 'apiVersion: v1\nentries:\n';
  for (const c of chartDirs) {
    const { archive } = await packageChartDir(c.dir);
    const file = `${c.name}-${c.version}.tgz`;
    repo.files.set(`/${file}`, archive);
    const digest = createHash('sha256').update(archive).digest('hex');
    index += `  ${c.name}:\n  - name: ${c.name}\n    version: ${c.version}\n    digest: ${digest}\n    urls:\n    - ${repo.url}/${file}\n`;
  }
  repo.files.set('/index.yaml', Buffer.from(index));
  return repo;
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function helmRepository(name: string, ns: string, url: string): KubeObject {
  return { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name, namespace: ns }, spec: { url, interval: '1m' } };
}

/** A HelmRelease of `chart` from the HelmRepository `charts` in its namespace. */
export function helmRelease(name: string, ns: string, chart: string, version: string, spec: Partial<NonNullable<HelmRelease['spec']>> = {}, generation = 1): HelmRelease {
  return {
    apiVersion: HR_API,
    kind: 'HelmRelease',
    metadata: { name, namespace: ns, generation },
    spec: { interval: '1m', chart: { spec: { chart, version, sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, ...spec } as NonNullable<HelmRelease['spec']>,
  };
}

export interface EventLike {
  type: string;
  reason: string;
  message: string;
  involvedObject: { name: string };
}

export interface ChartDir {
  dir: string;
  name: string;
  version: string;
}

export interface ReconcileEnvOptions {
  /** The test server's options besides the Flux CRDs (workload simulation). */
  server?: Omit<StartOptions, 'objects'>;
  /** Charts the repository serves; grade-api 1.0.0 unless given. */
  charts?: ChartDir[];
  /** Objects stored once the repository runs; the `apps` namespace and its `charts` HelmRepository unless given. */
  objects?: (repoUrl: string) => object[];
}

/** One suite's server, cluster and chart repository, and what its tests read back from the store. */
export interface ReconcileEnv {
  readonly server: TestApiServer;
  readonly cluster: Cluster;
  readonly repo: ChartRepoServer;
  /** The stored HelmRelease (in `apps`, `grade` unless named). */
  hr(name?: string): HelmRelease;
  condition(type: string, name?: string): Condition | undefined;
  /** `version:status` of each status.history snapshot. */
  history(name?: string): string[] | undefined;
  /** The Events about the HelmRelease, oldest first. */
  events(name?: string): Array<EventLike & { count?: number }>;
  put(...objects: object[]): void;
}

export const defaultObjects = (repoUrl: string): object[] => [namespace('apps'), helmRepository('charts', 'apps', repoUrl)];

/** Starts the environment before the suite's tests (before its own beforeAll hooks) and stops it after. */
export function reconcileEnv(opts: ReconcileEnvOptions = {}): ReconcileEnv {
  let server: TestApiServer | undefined;
  let cluster: Cluster | undefined;
  let repo: ChartRepoServer | undefined;
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('reconcileEnv: used before the suite started');
    return v;
  };
  const env: ReconcileEnv = {
    get server() {
      return started(server);
    },
    get cluster() {
      return started(cluster);
    },
    get repo() {
      return started(repo);
    },
    hr: (name = 'grade') => env.server.store.get(HR_API, 'HelmRelease', name, 'apps') as unknown as HelmRelease,
    condition: (type, name) => env.hr(name).status?.conditions?.find((c) => c.type === type),
    history: (name) => env.hr(name).status?.history?.map((h) => `${h.version}:${h.status}`),
    events: (name = 'grade') => (env.server.store.list('v1', 'Event', 'apps') as unknown as Array<EventLike & { count?: number }>).filter((e) => e.involvedObject.name === name),
    put: (...objects) => {
      for (const o of objects) env.server.store.put(o as never);
    },
  };
  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds(), ...opts.server });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    repo = await chartRepoWith(opts.charts ?? [{ dir: GRADE_API, name: 'grade-api', version: '1.0.0' }]);
    env.put(...(opts.objects ?? defaultObjects)(repo.url));
  });
  afterAll(async () => {
    cluster?.close?.();
    await repo?.stop();
    await server?.close();
  });
  return env;
}

/** The fixture chart whose templates call `lookup`. */
export const LOOKUP_CHART = fileURLToPath(new URL('../../fixtures/render/charts/lookup', import.meta.url));

/** A suite whose API server runs in its own process, with a repository serving the lookup chart. */
export interface SpawnedLookupEnv {
  /** A temporary directory of the suite (removed after it). */
  readonly dir: string;
  readonly kubeconfig: string;
  readonly cluster: Cluster;
  readonly repo: ChartRepoServer;
}

/**
 * Rendering blocks the test's thread while the lookup worker asks the API server, so the server
 * cannot run in-process: it is spawned, loading the Flux CRDs and `objects(repoUrl)` (YAML).
 * Started before the suite's own beforeAll hooks, stopped after it.
 */
export function spawnedLookupEnv(prefix: string, objects: (repoUrl: string) => string): SpawnedLookupEnv {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const kubeconfig = join(dir, 'kubeconfig');
  let server: ApiServerProcess | undefined;
  let repo: ChartRepoServer | undefined;
  let cluster: Cluster | undefined;
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('spawnedLookupEnv: used before the suite started');
    return v;
  };
  beforeAll(async () => {
    repo = await chartRepoWith([{ dir: LOOKUP_CHART, name: 'lookup', version: '0.1.0' }]);
    const file = join(dir, 'objects.yaml');
    writeFileSync(file, objects(repo.url));
    server = spawnApiServer(['--load', fluxCrdFiles.all, '--load', file, '--kubeconfig', kubeconfig]);
    await server.ready;
    cluster = (await connect({ flags: { kubeconfig }, env: {} })).cluster;
  });
  afterAll(async () => {
    cluster?.close?.();
    await repo?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    kubeconfig,
    get cluster() {
      return started(cluster);
    },
    get repo() {
      return started(repo);
    },
  };
}
