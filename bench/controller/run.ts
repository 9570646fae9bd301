// bench/controller: N HelmReleases (default 500) of one chart from one HelmRepository (so the
// chart comes from the artifact cache after the first fetch), reconciled by a `flux-ts
// controller` child process against the API test server. Reports the time from creating the
// objects to all of them Ready=True, then the controller's CPU and memory while idle.
// Run: npx tsx bench/controller/run.ts [--count N] [--concurrent C] [--idle-seconds S] [--ready-ms MS] [--qps Q]
//      (uses the bundle bin/flux-ts when dist/cli.js exists — `npm run build` — else tsx on src)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/cluster/connect.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { startApiServer } from '../../test/support/apiserver/index.js';
import { startChartRepo } from '../../test/support/servers/chart-repo.js';
import { flux } from '../../test/commands/reconcile/harness.js';
import { numberArg as arg, serveChart } from '../support.js';

const COUNT = arg('--count', 500);
const CONCURRENT = arg('--concurrent', 4);
const IDLE_SECONDS = arg('--idle-seconds', 20);
// How long simulated workloads take to become ready once applied (part of every install's wait).
const READY_MS = arg('--ready-ms', 10);
// The controller's client rate limit (--kube-api-qps, burst 300): flux's 50 by default, 0 lifts it.
const QPS = arg('--qps', 50);
const root = fileURLToPath(new URL('../../', import.meta.url));
const CHART = `${root}examples/charts/grade-api`;

/** utime+stime of a process in clock ticks (Linux /proc), its resident set and the anonymous part of it in KiB. */
function procStats(pid: number): { ticks: number; rssKiB: number; anonKiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { ticks, rssKiB: kib('VmRSS'), anonKiB: kib('RssAnon') };
}

const server = await startApiServer({ simulateWorkloads: true, readyAfterMs: READY_MS, historyLimit: 200_000 });
const repo = await startChartRepo();
await serveChart(repo, CHART, 'grade-api', '1.0.0');
const installed = await flux(server, ['install', '--wait=false']);
if (installed.code !== 0) throw new Error(installed.stderr);
console.error('installed');

// BENCH_CLI: another build's cli.js (e.g. `node scripts/build.mjs --outdir /tmp/x` beside a shared dist/).
const otherCli = process.env.BENCH_CLI;
const bundled = otherCli !== undefined || (existsSync(`${root}dist/cli.js`) && process.env.BENCH_TSX !== '1');
const argv = otherCli ? ['--stack-size=4000', otherCli] : bundled ? [`${root}bin/flux-ts`] : ['--import', 'tsx', `${root}src/cli/main.ts`];
// BENCH_HEAPSNAPSHOT_DIR: the idle controller writes a heap snapshot there at the end (SIGUSR2).
const snapshotDir = process.env.BENCH_HEAPSNAPSHOT_DIR;
if (snapshotDir) argv.unshift('--heapsnapshot-signal=SIGUSR2');
// --timeout: the CLI's command deadline (5m by default) also bounds the controller's client
// today, so every request would fail once it passed (see README); a controller runs until stopped.
const child = spawn(process.execPath, [...argv, 'controller', '--timeout=8760h', `--concurrent=${CONCURRENT}`, `--kube-api-qps=${QPS}`, '--metrics-addr=127.0.0.1:0', '--health-addr=127.0.0.1:0', `--log-level=${process.env.BENCH_LOG_LEVEL ?? 'error'}`], {
  env: { ...process.env, KUBECONFIG: server.kubeconfigPath, RUNTIME_NAMESPACE: 'flux-system' },
  stdio: ['ignore', 'ignore', 'inherit'],
  ...(snapshotDir ? { cwd: snapshotDir } : {}),
});

const { cluster } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} });
const res = (o: KubeObject) => cluster.resourceFor(o.apiVersion, o.kind);
const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } };
const helmRepo: KubeObject = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'charts', namespace: 'bench' }, spec: { url: repo.url, interval: '1h' } };
await cluster.create(await res(ns), ns);
await cluster.create(await res(helmRepo), helmRepo);
const started = performance.now();
const busyStart = procStats(child.pid as number);
// This process runs the API test server and its workload simulator: its CPU is the cluster's share.
const serverCpuStart = process.cpuUsage();
for (let i = 0; i < COUNT; i++) {
  const hr: KubeObject = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: `app-${String(i).padStart(4, '0')}`, namespace: 'bench' },
    spec: { interval: '1h', chart: { spec: { chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, values: { replicaCount: 1 } },
  };
  await cluster.create(await res(hr), hr);
}
const createdMs = performance.now() - started;
console.error(`created ${COUNT} HelmReleases in ${Math.round(createdMs)}ms`);

const isReady = (o: KubeObject) => ((o['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
let readyCount = 0;
for (;;) {
  readyCount = server.store.list('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'bench').filter((o) => isReady(o as KubeObject)).length;
  if (readyCount >= COUNT) break;
  if (child.exitCode !== null) throw new Error(`controller exited with ${child.exitCode}`);
  await new Promise((r) => setTimeout(r, 250));
}
const allReadyMs = performance.now() - started;
// The controller's own CPU while it reconciled them all (the wall time also holds the waits).
const busyTicks = procStats(child.pid as number).ticks - busyStart.ticks;
const serverCpu = process.cpuUsage(serverCpuStart);

// Idle: let the last writes settle, then sample CPU and memory.
await new Promise((r) => setTimeout(r, 3000));
const pid = child.pid as number;
const before = procStats(pid);
const idleStart = performance.now();
let peakRss = before.rssKiB;
while (performance.now() - idleStart < IDLE_SECONDS * 1000) {
  await new Promise((r) => setTimeout(r, 1000));
  peakRss = Math.max(peakRss, procStats(pid).rssKiB);
}
const after = procStats(pid);
const ticksPerSecond = 100; // Linux USER_HZ
const busyCpuMs = (busyTicks / ticksPerSecond) * 1000;
const idleCpuPercent = ((after.ticks - before.ticks) / ticksPerSecond / ((performance.now() - idleStart) / 1000)) * 100;

console.log(JSON.stringify({
  helmReleases: COUNT,
  concurrent: CONCURRENT,
  controller: bundled ? 'bundle' : 'tsx',
  createMs: Math.round(createdMs),
  allReadyMs: Math.round(allReadyMs),
  perReleaseMs: Math.round(allReadyMs / COUNT),
  readyAfterMs: READY_MS,
  kubeApiQps: QPS,
  controllerCpuMs: Math.round(busyCpuMs),
  controllerCpuPerReleaseMs: Number((busyCpuMs / COUNT).toFixed(1)),
  apiServerCpuMs: Math.round((serverCpu.user + serverCpu.system) / 1000),
  idleSeconds: IDLE_SECONDS,
  idleCpuPercent: Number(idleCpuPercent.toFixed(2)),
  idleRssMiB: Number((after.rssKiB / 1024).toFixed(1)),
  idleRssAnonMiB: Number((after.anonKiB / 1024).toFixed(1)),
  peakIdleRssMiB: Number((peakRss / 1024).toFixed(1)),
}, null, 2));

if (snapshotDir) console.error(`heap snapshot: ${await heapSnapshot(child.pid as number, snapshotDir)}`);

child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
cluster.close?.();
await repo.stop();
await server.close();

/** Signals the controller to write a heap snapshot and waits until the file stops growing. */
async function heapSnapshot(pid: number, dir: string): Promise<string> {
  const existing = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  for (let lastSize = -1; ; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !existing.has(f));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    if (size > 0 && size === lastSize) return join(dir, file);
    lastSize = size;
  }
}
