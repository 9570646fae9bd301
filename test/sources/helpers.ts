// Shared test helpers: charts packaged by the real `helm package`, indexes by `helm repo index`,
// and an isolated HELM_*_HOME so the reference helm never touches the user's config.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBin } from '../support/tools.js';
import { fixturesDir } from '../support/servers/ports.js';

export const chartFixture = join(fixturesDir, 'charts', 'podinfo-lite');

export function tempDir(prefix = 'flux-ts-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function helmEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'config', 'registry.json'),
  };
}

/** `helm package` of the fixture chart at `version` (name optionally changed); returns the .tgz path. */
export function helmPackage(outDir: string, version: string, opts: { name?: string; appVersion?: string } = {}): string {
  const src = tempDir('flux-ts-chart-');
  try {
    cpSync(chartFixture, src, { recursive: true });
    if (opts.name !== undefined) {
      const chartYaml = readFileSync(join(src, 'Chart.yaml'), 'utf8').replace(/^name: .*$/m, `name: ${opts.name}`);
      writeFileSync(join(src, 'Chart.yaml'), chartYaml);
    }
    execFileSync(helmBin, ['package', src, '--version', version, '-d', outDir, ...(opts.appVersion ? ['--app-version', opts.appVersion] : [])], {
      env: helmEnv(src),
      stdio: 'ignore',
    });
    return join(outDir, `${opts.name ?? 'podinfo-lite'}-${version}.tgz`);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
}

/** `helm repo index` of a directory; `url` makes the archive URLs absolute. */
export function helmRepoIndex(dir: string, url?: string): void {
  execFileSync(helmBin, ['repo', 'index', dir, ...(url ? ['--url', url] : [])], { env: helmEnv(dir), stdio: 'ignore' });
}

export interface HelmRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the reference helm asynchronously (servers in this process must keep answering). */
export function runHelm(args: string[], home: string, stdin?: string): Promise<HelmRun> {
  return new Promise((resolve) => {
    const child = execFile(helmBin, args, { env: helmEnv(home), encoding: 'utf8' }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ status, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

/** The version `helm pull` picks (read from the file it saves), or its error. */
export async function helmPullVersion(args: string[], home: string, chart: string): Promise<{ version?: string; error?: string }> {
  const out = tempDir('flux-ts-helm-pull-');
  try {
    const r = await runHelm(['pull', ...args, '-d', out], home);
    if (r.status !== 0) return { error: r.stderr.trim() };
    const file = readdirSync(out).find((f) => f.endsWith('.tgz'));
    if (file === undefined) return { error: 'no file' };
    return { version: file.slice(chart.length + 1, -'.tgz'.length) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Loads every file of a directory into a chart repo server's map, at `prefix`. */
export function serveDir(files: Map<string, Buffer>, dir: string, prefix = ''): void {
  for (const name of readdirSync(dir)) files.set(`${prefix}/${name}`, readFileSync(join(dir, name)));
}
