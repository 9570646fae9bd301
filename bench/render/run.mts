// bench/render: rendering speed of flux-ts against Go's text/template and `helm template`.
//
//   node --import tsx bench/render/run.mts [iterations]
//
// 1. Engine: the synthetic chart (500 templates, ~1 MB of output) rendered N times in-process by
//    our engine and, in the same run, by Go's text/template (bench/render/main.go, built with
//    Go 1.19) on the same templates and values; outputs are compared first.
// 2. End to end: `helm template` against `flux-ts template` (the built CLI and its launcher, and
//    the ESM bundle alone) on the example charts and the synthetic chart (process start, chart
//    load, render, print); outputs compared.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadChart } from '../../src/helm/chart/index.js';
import { makeCapabilities } from '../../src/helm/engine/capabilities.js';
import { renderChartView } from '../../src/helm/engine/chart-view.js';
import { goTemplateEngine } from '../../src/helm/engine/gotemplate-set.js';
import { ParseCache, renderChart } from '../../src/helm/engine/render.js';
import { boundFuncs } from '../../src/helm/funcs/helm/bound.js';
import { helmFuncMap } from '../../src/helm/funcs/helm/funcmap.js';
import { toRenderValues } from '../../src/helm/values/index.js';
import { toYaml } from '../../src/helm/yaml/index.js';
import { ensureTools } from '../../scripts/tools.mjs';
// @ts-expect-error plain JS helper
import { writeSyntheticChart } from './synthetic.mjs';

const root = resolve(import.meta.dirname, '../..');
const iterations = Number(process.argv[2] ?? 20);
const e2eRuns = Number(process.argv[3] ?? 10);
const GO = '/usr/lib/go-1.19/bin/go';
const { helm } = ensureTools() as { helm: string };
const work = mkdtempSync(join(tmpdir(), 'bench-render-'));
const synthetic = join(work, 'synthetic');
(writeSyntheticChart as (dir: string) => void)(synthetic);

interface Stats {
  median: number;
  min: number;
  mean: number;
}
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}
const ms = (n: number): string => `${n.toFixed(1)} ms`;

// --- 1. engine: flux-ts vs Go text/template -------------------------------------------------
const chart = await loadChart(synthetic);
const top = toRenderValues(chart, {}, { name: 'release-name', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, makeCapabilities());
const opts = { engine: goTemplateEngine, funcs: helmFuncMap(), boundFuncs, toYaml: (m: Record<string, string>) => toYaml(m) };
const view = renderChartView(chart);
let rendered = renderChart(view, top, opts);
for (let i = 0; i < 3; i++) rendered = renderChart(view, top, opts); // warm-up (JIT)
const tsSamples: number[] = [];
const tsCpu: number[] = [];
for (let i = 0; i < iterations; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  rendered = renderChart(view, top, opts);
  tsSamples.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  tsCpu.push((c.user + c.system) / 1000);
}
const outBytes = [...rendered.values()].reduce((n, s) => n + Buffer.byteLength(s), 0);
// The controller's case: the same chart rendered again, parsed templates reused (ParseCache).
const cachedOpts = { ...opts, parseCache: new ParseCache() };
for (let i = 0; i < 3; i++) renderChart(view, top, cachedOpts);
const cachedSamples: number[] = [];
const cachedCpu: number[] = [];
for (let i = 0; i < iterations; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const again = renderChart(view, top, cachedOpts);
  cachedSamples.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cachedCpu.push((c.user + c.system) / 1000);
  if (again.size !== rendered.size) throw new Error('cached render differs');
}

execFileSync(GO, ['build', '-o', join(work, 'gorender'), '.'], { cwd: import.meta.dirname, env: { ...process.env, HOME: work, GOCACHE: join(work, 'gocache'), GOFLAGS: '-mod=mod' } });
const goOut = join(work, 'go-out');
const goRun = JSON.parse(execFileSync(join(work, 'gorender'), [synthetic, String(iterations + 3), goOut], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { wall: number[]; cpu: number[] };
const goSamples = goRun.wall.slice(3); // same warm-up count
const goCpu = goRun.cpu.slice(3);
let mismatches = 0;
for (const f of readdirSync(join(goOut, 'synthetic/templates'))) {
  const name = `synthetic/templates/${f}`;
  if (readFileSync(join(goOut, name), 'utf8') !== rendered.get(name)) mismatches++;
}

// --- 2. end to end: helm template vs flux-ts template ---------------------------------------
// The CLI as users run it: `npm run build` output and the bin/flux-ts launcher, built into a
// private copy inside the project (so the bundle resolves the packages it loads at run time,
// ajv, as dist/ does; dist/ itself may be in use). Timed three ways on each chart: helm; the
// ESM bundle as the launcher runs it when the snapshot does not fit (`node <its flags>
// dist/cli.js`, what it always ran before the snapshot); the launcher (the snapshot when it fits).
const pkgCopy = join(root, 'node_modules/.cache/bench-render');
rmSync(pkgCopy, { recursive: true, force: true });
mkdirSync(join(pkgCopy, 'bin'), { recursive: true });
copyFileSync(join(root, 'bin/flux-ts'), join(pkgCopy, 'bin/flux-ts'));
chmodSync(join(pkgCopy, 'bin/flux-ts'), 0o755);
execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', join(pkgCopy, 'dist')], { cwd: root, stdio: 'inherit' });
const snapshotBuilt = existsSync(join(pkgCopy, 'dist/snapshot/stamp'));
const launcher = join(pkgCopy, 'bin/flux-ts');
const esmBundle = join(pkgCopy, 'dist/cli.js');
// The node flags the launcher runs with (its `flags=` line, which the snapshot is built with too).
const launcherFlags = /^flags='([^']*)'$/m.exec(readFileSync(launcher, 'utf8'))?.[1]?.split(' ').filter(Boolean) ?? [];
const charts: [string, string][] = [
  ['examples/charts/grade-api', join(root, 'examples/charts/grade-api')],
  ['test/fixtures/render/charts/basic', join(root, 'test/fixtures/render/charts/basic')],
  ['test/fixtures/render/charts/features', join(root, 'test/fixtures/render/charts/features')],
  ['synthetic (500 templates)', synthetic],
];
// Wall time, and CPU time (user+system of the process and its threads, from /usr/bin/time,
// 10 ms resolution), which the shared, loaded machine disturbs far less. The commands compared
// on a chart run interleaved (helm, esm, bin, helm, esm, bin...), so a burst of load from other
// work hits all of them alike.
interface Timed {
  wall: Stats;
  cpu: Stats;
  stdout: string;
}
interface Cmd {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}
function timeInterleaved(cmds: Cmd[]): Timed[] {
  const wall: number[][] = cmds.map(() => []);
  const cpu: number[][] = cmds.map(() => []);
  const stdout: string[] = cmds.map(() => '');
  const timeFile = join(work, 'time.txt');
  for (let i = 0; i < e2eRuns + 1; i++) {
    cmds.forEach((c, k) => {
      const t0 = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, c.cmd, ...c.args], { encoding: 'utf8', maxBuffer: 1 << 26, env: c.env ?? process.env });
      const dt = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${c.cmd} ${c.args.join(' ')} failed: ${r.stderr}`);
      const [u, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
      if (i > 0) {
        wall[k]!.push(dt); // the first round warms the page cache
        cpu[k]!.push(((u ?? 0) + (sys ?? 0)) * 1000);
      }
      stdout[k] = r.stdout;
    });
  }
  return cmds.map((_, k) => ({ wall: stats(wall[k]!), cpu: stats(cpu[k]!), stdout: stdout[k]! }));
}
// CPU time to the tenth of a millisecond, when perf can count it: /usr/bin/time's are in 10 ms
// steps, as coarse as the whole difference on a small chart. A pass of its own, since running
// under perf stretches the wall time.
const perfWorks = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', '--', 'true'], { encoding: 'utf8' }).status === 0;
function taskClockInterleaved(cmds: Cmd[]): Stats[] | undefined {
  if (!perfWorks) return undefined;
  const cpu: number[][] = cmds.map(() => []);
  const out = join(work, 'perf.txt');
  for (let i = 0; i < e2eRuns + 1; i++) {
    cmds.forEach((c, k) => {
      const r = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', '-o', out, '--', c.cmd, ...c.args], { encoding: 'utf8', maxBuffer: 1 << 26, env: c.env ?? process.env });
      if (r.status !== 0) throw new Error(`perf stat ${c.cmd} ${c.args.join(' ')} failed: ${r.stderr}`);
      const msecs = /^([\d.]+),msec,task-clock/m.exec(readFileSync(out, 'utf8'))?.[1];
      if (i > 0 && msecs !== undefined) cpu[k]!.push(Number(msecs));
    });
  }
  return cpu.map((samples) => stats(samples));
}

// NODE_EXTRA_CA_CERTS (set on this machine) makes node 20 parse its whole root store at start-up.
// bin/flux-ts defers that to the first TLS connection (src/cluster/extra-ca-certs.ts); the esm runs
// get the environment the launcher gives them. The floor is shown both ways.
const extraCa = process.env['NODE_EXTRA_CA_CERTS'];
const { NODE_EXTRA_CA_CERTS: _extra, ...withoutExtraCa } = process.env;
const launcherEnv: NodeJS.ProcessEnv = extraCa ? { ...withoutExtraCa, FLUX_TS_EXTRA_CA_CERTS: extraCa } : process.env;
const [floor, floorNoCa] = timeInterleaved([
  { cmd: process.execPath, args: ['-e', '0'] },
  { cmd: process.execPath, args: ['-e', '0'], env: withoutExtraCa },
]);
const e2e = charts.map(([label, dir]) => {
  const [helmRun, before, after] = timeInterleaved([
    { cmd: helm, args: ['template', dir] },
    { cmd: process.execPath, args: [...launcherFlags, esmBundle, 'template', dir], env: launcherEnv },
    { cmd: launcher, args: ['template', dir] },
  ]) as [Timed, Timed, Timed];
  const taskClock = taskClockInterleaved([
    { cmd: helm, args: ['template', dir] },
    { cmd: launcher, args: ['template', dir] },
  ]);
  return { label, helm: helmRun, before, after, taskClock, same: helmRun.stdout === before.stdout && helmRun.stdout === after.stdout, bytes: Buffer.byteLength(helmRun.stdout) };
});

// --- report ----------------------------------------------------------------------------------
const ts = stats(tsSamples);
const go = stats(goSamples);
const tsC = stats(tsCpu);
const cached = stats(cachedSamples);
const cachedC = stats(cachedCpu);
const goC = stats(goCpu);
console.log(`bench/render — ${new Date().toISOString()}, node ${process.version}, ${iterations} renders, ${e2eRuns} processes per chart, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores)`);
console.log('');
console.log(`Engine, synthetic chart: ${rendered.size} templates, ${(outBytes / 1e6).toFixed(2)} MB per render; outputs identical to Go: ${mismatches === 0 ? 'yes' : `NO (${mismatches} differ)`}`);
console.log(`  flux-ts engine     median ${ms(ts.median)}  min ${ms(ts.min)}  mean ${ms(ts.mean)}`);
console.log(`  Go text/template   median ${ms(go.median)}  min ${ms(go.min)}  mean ${ms(go.mean)}`);
console.log(`  ratio (flux-ts / Go, median) ${(ts.median / go.median).toFixed(2)}`);
console.log(`  CPU time per render: flux-ts median ${ms(tsC.median)}, Go median ${ms(goC.median)} (Go's includes its parallel GC), ratio ${(tsC.median / goC.median).toFixed(2)}`);
console.log(`  flux-ts with parsed templates reused (ParseCache): wall median ${ms(cached.median)}, CPU median ${ms(cachedC.median)}`);
console.log('');
console.log(`End to end (process start → output), ${e2eRuns} processes each; median (min) wall time, then median (mean) CPU time (user+system, /usr/bin/time: 10 ms steps${perfWorks ? '; then perf task-clock, in a pass of its own' : ''}):`);
console.log(`  helm = helm template; esm = node ${launcherFlags.join(' ')} dist/cli.js template (the launcher without the snapshot);`);
console.log(`  bin = bin/flux-ts template (${snapshotBuilt ? 'start-up snapshot' : 'NO SNAPSHOT BUILT: ESM bundle'})`);
const cell = (v: number, w: number): string => `${ms(v).padStart(w)}`;
console.log(`  ${`floor: node -e 0${extraCa ? ' (NODE_EXTRA_CA_CERTS set)' : ''}`.padEnd(36)} wall ${cell(floor!.wall.median, 9)} (${ms(floor!.wall.min)})   cpu ${cell(floor!.cpu.median, 9)} (${ms(floor!.cpu.mean)})`);
if (extraCa) console.log(`  ${'floor: node -e 0 (without it)'.padEnd(36)} wall ${cell(floorNoCa!.wall.median, 9)} (${ms(floorNoCa!.wall.min)})   cpu ${cell(floorNoCa!.cpu.median, 9)} (${ms(floorNoCa!.cpu.mean)})`);
for (const r of e2e) {
  const line = (what: string, f: (t: { wall: Stats; cpu: Stats }) => string): string => `  ${what.padEnd(36)} ${f(r.helm)}  │ ${f(r.before)}  │ ${f(r.after)}`;
  console.log(line(r.label, () => '').replace(/[│ ]+$/, '') + `  output ${r.bytes} B, identical: ${r.same ? 'yes' : 'NO'}`);
  console.log(line('  wall  helm │ esm │ bin', (t) => `${cell(t.wall.median, 9)} (${ms(t.wall.min).padStart(8)})`));
  console.log(line('  cpu   helm │ esm │ bin', (t) => `${cell(t.cpu.median, 9)} (${ms(t.cpu.mean).padStart(8)})`));
  console.log(`  ${''.padEnd(36)} bin/helm: wall ${(r.after.wall.median / r.helm.wall.median).toFixed(2)}, cpu ${(r.after.cpu.median / r.helm.cpu.median).toFixed(2)};  bin/esm: wall ${(r.after.wall.median / r.before.wall.median).toFixed(2)}, cpu ${(r.after.cpu.median / r.before.cpu.median).toFixed(2)}`);
  if (r.taskClock) {
    const [h, b] = r.taskClock as [Stats, Stats];
    console.log(`  ${'  cpu (perf task-clock) helm │ bin'.padEnd(36)} ${h.median.toFixed(1).padStart(6)} ms (${h.mean.toFixed(1)})  │ ${b.median.toFixed(1).padStart(6)} ms (${b.mean.toFixed(1)})   bin/helm ${(b.median / h.median).toFixed(2)}`);
  }
}
rmSync(pkgCopy, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });
