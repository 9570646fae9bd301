// bench/get: how `flux-ts get hr -A` compares with kubectl on a big cluster, and what start-up
// costs. Seeds the API test server with 10,000 HelmReleases in 500 namespaces, then times, in
// the same run: flux-ts get hr -A, kubectl get helmreleases -A, flux-ts --version, node -e 0.
// Run: npm run build && npx tsx bench/get/run.ts [--runs N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlBin } from '../../test/support/tools.js';
import { parseObjects, startApiServer } from '../../test/support/apiserver/index.js';
import { seedHelmReleases } from './seed.js';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const COUNT = 10_000;
const NAMESPACES = 500;

interface Sample {
  ms: number;
  maxRssKb: number;
  stdoutBytes: number;
  code: number;
}

/** Runs a command under /usr/bin/time for its peak RSS; async, because the server is in this process. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdoutBytes += c.length));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const lines = stderr.trim().split('\n');
      const maxRssKb = Number(lines[lines.length - 1]);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, maxRssKb, stdoutBytes, code: code ?? 0 });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const crds = readFileSync(new URL('../../test/fixtures/crds/flux-crds.yaml', import.meta.url), 'utf8');
const server = await startApiServer({ objects: parseObjects(crds) });
const seedStart = Date.now();
server.store.load(seedHelmReleases(COUNT, NAMESPACES));
console.log(`seeded ${COUNT} HelmReleases in ${NAMESPACES} namespaces in ${Date.now() - seedStart} ms`);

const cacheDir = mkdtempSync(join(tmpdir(), 'bench-kubectl-cache-'));
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'bench-home-')), KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: cacheDir };

const subjects: [string, string, string[]][] = [
  ['flux-ts get hr -A', 'bin/flux-ts', ['get', 'hr', '-A']],
  ['kubectl get helmreleases -A', kubectlBin, ['get', 'helmreleases.helm.toolkit.fluxcd.io', '-A']],
  ['flux-ts --version', 'bin/flux-ts', ['--version']],
  ['node -e 0', process.execPath, ['-e', '0']],
];

const results = new Map<string, Sample[]>();
// One warm-up each (kubectl fills its discovery cache), then interleaved rounds so that noise
// from the shared machine hits every subject alike.
for (const [name, cmd, args] of subjects) {
  const s = await measure(cmd, args, env);
  console.log(`warm-up ${name}: ${s.ms.toFixed(0)} ms, ${s.stdoutBytes} bytes of output`);
  results.set(name, []);
}
for (let round = 0; round < RUNS; round++) {
  for (const [name, cmd, args] of subjects) results.get(name)?.push(await measure(cmd, args, env));
}
await server.close();

const med = (name: string) => median((results.get(name) ?? []).map((s) => s.ms));
const rss = (name: string) => Math.max(...(results.get(name) ?? []).map((s) => s.maxRssKb)) / 1024;
console.log(`\nmedians over ${RUNS} runs:`);
for (const [name] of subjects) console.log(`  ${name.padEnd(30)} ${med(name).toFixed(0).padStart(6)} ms   peak RSS ${rss(name).toFixed(1)} MB`);
const getRatio = med('flux-ts get hr -A') / med('kubectl get helmreleases -A');
const versionRatio = med('flux-ts --version') / med('node -e 0');
console.log(`\nflux-ts get / kubectl get      ${getRatio.toFixed(2)}  (target ≤ 1.00) ${getRatio <= 1 ? 'OK' : 'MISSED'}`);
console.log(`flux-ts --version / node -e 0  ${versionRatio.toFixed(2)}  (target ≤ 1.50) ${versionRatio <= 1.5 ? 'OK' : 'MISSED'}`);
console.log(`flux-ts get peak RSS           ${rss('flux-ts get hr -A').toFixed(1)} MB (target < 150 MB) ${rss('flux-ts get hr -A') < 150 ? 'OK' : 'MISSED'}`);
