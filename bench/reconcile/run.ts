// bench/reconcile: what one in-process reconcile of the bundled example costs end to end, and the
// cost per release when reconciling many in a row. Not a test (no assertions on time).
//
// Setup, all in this process: the API test server with workloads that become ready after
// --ready-ms (default 10 ms, so the wait does not dominate), a chart HTTP repository serving
// examples/charts/grade-api, the example's ConfigMap/Secret/HelmRelease (its GitRepository swapped
// for that HelmRepository), and an artifact cache warmed by a first reconcile ("source cached").
//
// Measures:
//   build     `build hr grade-api --path examples/clusters/my-cluster` (no cluster), median
//   one-shot  reconcile of a fresh copy of the example HelmRelease (install, wait, status), median
//   CLI one-shot  the same as a user runs it: `flux-ts reconcile hr NAME --local`, a fresh
//               process (the bundle: `npm run build` first) with the shared artifact cache
//   N in a row  N fresh releases installed one after another: total and per release;
//               then the same N reconciled again (in sync: state check only): per release
// Run: npx tsx bench/reconcile/run.ts [--runs 7] [--count 200] [--ready-ms 10] [--qps 50]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/cluster/connect.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { buildFromDir } from '../../src/reconcile/local/build.js';
import { reconcileHelmRelease, HELMRELEASE_RESOURCE } from '../../src/reconcile/run/index.js';
import { ArtifactCache } from '../../src/sources/index.js';
import { loadFluxCrds } from '../../test/support/apiserver/flux-crds.js';
import { parseObjects, startApiServer } from '../../test/support/apiserver/index.js';
import { startChartRepo } from '../../test/support/servers/chart-repo.js';
import { numberArg as arg, serveChart } from '../support.js';

const RUNS = arg('--runs', 7);
const COUNT = arg('--count', 200);
const READY_MS = arg('--ready-ms', 10);
// The client's rate limit, flux's --kube-api-qps (burst 300): 50 by default; 0 lifts it. Past the
// burst every request waits 1/qps, so in a long run the limit, not flux-ts, sets the pace.
const QPS = arg('--qps', 50);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/clusters/my-cluster');
const APP = join(EXAMPLE, 'apps/grade-api');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
}

/** Wall time and this process's CPU time (user+system) of fn, in ms. The CPU time is what
 * flux-ts and the in-process test server cost: wall time also holds the simulated readiness
 * delay and every timer the run waits on. */
async function timeCpu(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c = process.cpuUsage();
  const [wall] = await time(fn);
  const used = process.cpuUsage(c);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const server = await startApiServer({ objects: loadFluxCrds(), simulateWorkloads: true, readyAfterMs: READY_MS });
const { cluster } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {}, rateLimit: { qps: QPS, burst: 300 } });
const repo = await startChartRepo();
await serveChart(repo, join(ROOT, 'examples/charts/grade-api'), 'grade-api', '1.0.0');
const cacheDir = mkdtempSync(join(tmpdir(), 'flux-ts-bench-cache-'));
const cache = new ArtifactCache({ dir: cacheDir });

const read = (f: string) => parseObjects(readFileSync(join(APP, f), 'utf8'));
const [exampleHr] = read('helmrelease.yaml') as [KubeObject & { spec: Record<string, unknown> }];
for (const o of [...read('namespace.yaml'), ...read('values-configmap.yaml'), ...read('values-secret.yaml')]) server.store.put(o as never);
server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } } as never);
server.store.put({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'charts', namespace: 'flux-system' }, spec: { url: repo.url, interval: '1h' } } as never);

/** A copy of the example HelmRelease named `name`, its chart from the local repository; tests off (no kubelet runs test pods). */
async function createRelease(name: string): Promise<void> {
  const spec = structuredClone(exampleHr.spec) as Record<string, unknown> & { chart: { spec: Record<string, unknown> } };
  spec['chart'] = { spec: { chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' } } };
  spec['releaseName'] = name;
  spec['test'] = { enable: false };
  await cluster.create(HELMRELEASE_RESOURCE, { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name, namespace: 'flux-system' }, spec });
}
const reconcile = async (name: string) => {
  const r = await reconcileHelmRelease({ cluster, namespace: 'flux-system', name, cache, ...(process.env['BENCH_DEBUG'] ? { progress: (s: string, m: string) => console.error(name, s, m) } : {}) });
  const ready = r.hr.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') throw new Error(`${name}: ${ready?.message ?? r.kind}`);
};

// Warm-up: fills the artifact cache and the module/JIT caches.
await createRelease('warmup');
await reconcile('warmup');

const build: { wall: number; cpu: number }[] = [];
for (let i = 0; i < RUNS; i++) build.push(await timeCpu(() => buildFromDir({ name: 'grade-api', namespace: 'flux-system', path: EXAMPLE })));

const oneShot: { wall: number; cpu: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  const name = `oneshot-${i}`;
  await createRelease(name);
  oneShot.push(await timeCpu(() => reconcile(name)));
}

/** `flux-ts reconcile hr NAME --local` in a fresh process; CPU of that process from GNU time. */
async function cliReconcile(name: string): Promise<{ wall: number; cpu: number }> {
  const started = process.hrtime.bigint();
  const args = ['-f', '%U %S', join(ROOT, 'bin/flux-ts'), 'reconcile', 'hr', name, '-n', 'flux-system', '--local'];
  const env = { ...process.env, KUBECONFIG: server.kubeconfigPath, FLUX_TS_CACHE_DIR: cacheDir, HOME: mkdtempSync(join(tmpdir(), 'flux-ts-bench-home-')) };
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((res) => {
    // Asynchronous: the API server lives in this process and must keep answering.
    const child = spawn('/usr/bin/time', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => res({ code: -1, stderr: `${e.message} (GNU time at /usr/bin/time is needed)` }));
    child.on('close', (c) => res({ code: c, stderr: err }));
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`flux-ts reconcile hr ${name} --local exited ${code}: ${stderr}`);
  const [user, sys] = stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number];
  return { wall, cpu: (user + sys) * 1000 };
}

const cliOneShot: { wall: number; cpu: number }[] = [];
const bundled = existsSync(join(ROOT, 'dist/cli.js'));
if (bundled) {
  for (let i = 0; i < RUNS; i++) {
    const name = `cli-${i}`;
    await createRelease(name);
    cliOneShot.push(await cliReconcile(name));
  }
}

for (let i = 0; i < COUNT; i++) await createRelease(`many-${i}`);
const installAll = await timeCpu(async () => {
  for (let i = 0; i < COUNT; i++) await reconcile(`many-${i}`);
});
const syncAll = await timeCpu(async () => {
  for (let i = 0; i < COUNT; i++) await reconcile(`many-${i}`);
});

const stats = (xs: { wall: number; cpu: number }[]) =>
  `wall median ${fmt(median(xs.map((x) => x.wall)))} (min ${fmt(Math.min(...xs.map((x) => x.wall)))}), CPU median ${fmt(median(xs.map((x) => x.cpu)))}`;
const perRelease = (x: { wall: number; cpu: number }) => `total ${(x.wall / 1000).toFixed(2)} s; per release: wall ${fmt(x.wall / COUNT)}, CPU ${fmt(x.cpu / COUNT)}`;
console.log(`bench/reconcile (ready after ${READY_MS} ms, ${RUNS} runs, ${COUNT} releases, client rate limit ${QPS > 0 ? `${QPS} qps, burst 300` : 'off'})`);
console.log(`build hr (no cluster):          ${stats(build)}`);
console.log(`one-shot reconcile (install):   ${stats(oneShot)}`);
console.log(`CLI one-shot (reconcile --local): ${bundled ? `${stats(cliOneShot)} (CPU of the CLI process only)` : 'skipped: no dist/cli.js (npm run build)'}`);
console.log(`${COUNT} installs in a row:         ${perRelease(installAll)}`);
console.log(`${COUNT} in-sync reconciles:        ${perRelease(syncAll)}`);
console.log(`peak RSS: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);

cluster.close?.();
await repo.stop();
await server.close();
process.exit(0);
