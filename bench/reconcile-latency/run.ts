// bench/reconcile-latency: how long after the controller writes the final status does
// `flux-ts reconcile hr` return? flux polls every 2 s (up to 2 s late); flux-ts watches.
// Each run spawns the built CLI against the API test server; the fake controller answers the
// request after a fixed delay (so the CLI is already waiting) and timestamps its status write;
// the sample is the time from that write to the child's exit. Median over 20 runs; target < 100 ms.
// Run: npm run build && npx tsx bench/reconcile-latency/run.ts [--runs N]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseObjects, startApiServer } from '../../test/support/apiserver/index.js';
import { FakeController } from '../../test/support/fake-controller/index.js';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 20;
const NS = 'bench';
// Long enough for the CLI to start, annotate and open its watch before the answer comes.
const ANSWER_AFTER_MS = 1500;

const RELEASE = `
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: podinfo, namespace: ${NS} }
spec:
  interval: 1m0s
  chart: { spec: { chart: podinfo, sourceRef: { kind: HelmRepository, name: podinfo } } }
`;

function now(): number {
  return performance.timeOrigin + performance.now();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const server = await startApiServer({ objects: parseObjects(readFileSync(new URL('../../test/fixtures/crds/flux-crds.yaml', import.meta.url), 'utf8')) });
server.store.load(parseObjects(RELEASE));
const controller = new FakeController(server);
const samples: number[] = [];
const totals: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    let statusAt = 0;
    controller.set('HelmRelease', NS, 'podinfo', { behaviour: 'success', delayMs: ANSWER_AFTER_MS, onStatus: () => (statusAt = now()) });
    const started = now();
    const { code, exitedAt, stderr } = await new Promise<{ code: number | null; exitedAt: number; stderr: string }>((resolve, reject) => {
      const child = spawn('bin/flux-ts', ['reconcile', 'hr', 'podinfo', '-n', NS, '--timeout', '30s'], {
        env: { PATH: process.env.PATH, HOME: '/nonexistent-home', KUBECONFIG: server.kubeconfigPath },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('exit', (c) => resolve({ code: c, exitedAt: now(), stderr: err }));
    });
    if (code !== 0 || statusAt === 0) throw new Error(`run ${i + 1} failed (exit ${code}):\n${stderr}`);
    samples.push(exitedAt - statusAt);
    totals.push(exitedAt - started);
  }
} finally {
  controller.stop();
  await server.close();
}
const fmt = (x: number) => `${x.toFixed(1)} ms`;
console.log(`runs: ${RUNS}`);
console.log(`status write → exit: median ${fmt(median(samples))}, min ${fmt(Math.min(...samples))}, max ${fmt(Math.max(...samples))}`);
console.log(`whole command (incl. ${ANSWER_AFTER_MS} ms controller delay): median ${fmt(median(totals))}`);
console.log(`target: median < 100 ms → ${median(samples) < 100 ? 'met' : 'NOT met'}`);
