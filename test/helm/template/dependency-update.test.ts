// `flux-ts template --dependency-update`: helm v4.1.4's downloader.Manager.Update on a chart
// whose dependencies are missing from charts/. Each case lays out the same work tree (chart,
// repositories.yaml, empty caches), runs the real helm in it, lays it out again and runs
// flux-ts: what they print (stdout, where the Manager writes, and stderr), the files they leave
// (charts/, Chart.lock without its timestamp, the repository cache) must be the same.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageChartDir } from '../../../src/sources/chart-archive.js';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate } from '../../../src/helm/template/run.js';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';
import { startRegistry, type Registry } from '../../support/servers/registry.js';
import { helmBin } from '../../support/tools.js';
import { helmTemplate, type Printed } from './helm-live.js';

const fixtures = join(import.meta.dirname, '../../fixtures/template-deps');
const root = mkdtempSync(join(tmpdir(), 'flux-ts-dep-update-'));
const work = join(root, 'work');
let repo: ChartRepoServer;
let authRepo: ChartRepoServer;
const USER = { username: 'dep-user', password: 'dep-pass' };
let registry: Registry;
const archives = new Map<string, Buffer>();

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Printed> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, status: code ?? -1 }));
  });
}

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: '/nonexistent',
    HELM_CONFIG_HOME: join(work, 'config'),
    HELM_CACHE_HOME: join(work, 'cache'),
    HELM_DATA_HOME: join(work, 'data'),
    HELM_PLUGINS: join(work, 'plugins'),
    KUBECONFIG: join(work, 'no-kubeconfig'),
  };
}

beforeAll(async () => {
  repo = await startChartRepo();
  authRepo = await startChartRepo({ basicAuth: USER });
  registry = await startRegistry();
  const entries: string[] = [];
  for (const v of ['0.1.0', '0.2.0']) {
    const { archive } = await packageChartDir(join(fixtures, `sub-${v}`));
    archives.set(v, archive);
    repo.files.set(`/charts/sub-${v}.tgz`, archive);
    entries.push(`    - {apiVersion: v2, name: sub, version: ${v}, digest: ${createHash('sha256').update(archive).digest('hex')}, urls: [sub-${v}.tgz]}`);
    const file = join(root, `sub-${v}.tgz`);
    writeFileSync(file, archive);
    const pushed = await run(helmBin, ['push', file, `oci://${registry.host}/charts`, '--plain-http'], { PATH: process.env.PATH, HOME: root, HELM_CONFIG_HOME: join(root, 'push') });
    if (pushed.status !== 0) throw new Error(`helm push: ${pushed.stderr}`);
  }
  repo.files.set('/other/index.yaml', Buffer.from('apiVersion: v1\nentries: {}\n'));
  repo.files.set('/charts/index.yaml', Buffer.from(['apiVersion: v1', 'entries:', '  sub:', ...entries.reverse(), 'generated: "2024-01-01T00:00:00Z"', ''].join('\n')));
  for (const [k, v] of repo.files) authRepo.files.set(k, v);
}, 60_000);

afterAll(async () => {
  await repo?.stop();
  await authRepo?.stop();
  await registry?.stop();
  rmSync(root, { recursive: true, force: true });
});

interface Layout {
  /** The dependencies block of parent/Chart.yaml. */
  dependencies: string;
  /** repositories.yaml entries (name → URL, or URL and credentials); none: no file. */
  repositories?: Record<string, string | { url: string; username: string; password: string }>;
  /** Archives already in parent/charts/ (fixture directory names). */
  vendored?: string[];
  /** More set-up once the tree is laid out. */
  before?: () => Promise<void>;
}

/** The work tree of a case: parent/ with its Chart.yaml, local/ beside it, config and caches. */
async function layOut(l: Layout): Promise<string> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'config'), { recursive: true });
  cpSync(join(fixtures, 'parent'), join(work, 'parent'), { recursive: true });
  cpSync(join(fixtures, 'local'), join(work, 'local'), { recursive: true });
  writeFileSync(join(work, 'parent', 'Chart.yaml'), `apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n${l.dependencies}`);
  if (l.repositories) {
    const items = Object.entries(l.repositories).map(([name, r]) =>
      typeof r === 'string' ? `- name: ${name}\n  url: ${r}\n` : `- name: ${name}\n  url: ${r.url}\n  username: ${r.username}\n  password: ${r.password}\n`,
    );
    writeFileSync(join(work, 'config', 'repositories.yaml'), `apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n${items.join('')}`);
  }
  for (const dir of l.vendored ?? []) {
    mkdirSync(join(work, 'parent', 'charts'), { recursive: true });
    const { archive, metadata } = await packageChartDir(join(fixtures, dir));
    writeFileSync(join(work, 'parent', 'charts', `${metadata.name}-${metadata.version}.tgz`), archive);
  }
  return join(work, 'parent');
}

interface Outcome extends Printed {
  /** Files of the work tree, the caches included (helm keeps dependencies out of its content cache). */
  files: string[];
  lock?: string;
}

function outcome(p: Printed): Outcome {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const full = join(d, n);
      const rel = relative(work, full);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(rel);
    }
  };
  walk(work);
  const lockFile = join(work, 'parent', 'Chart.lock');
  const lock = existsSync(lockFile) ? readFileSync(lockFile, 'utf8').replace(/^generated: .*$/m, 'generated: <time>') : undefined;
  return { ...p, stdout: repoUpdatesSorted(p.stdout), files, ...(lock !== undefined ? { lock } : {}) };
}

/** helm refreshes repositories in parallel: their "...Successfully/Unable" reports come in any order. */
function repoUpdatesSorted(stdout: string): string {
  const entries: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('\t') && entries.length > 0) entries[entries.length - 1] += `\n${line}`;
    else entries.push(line);
  }
  const out: string[] = [];
  for (let i = 0; i < entries.length; ) {
    let j = i;
    while (j < entries.length && entries[j]!.startsWith('...')) j++;
    if (j > i) out.push(...entries.slice(i, j).sort());
    else out.push(entries[j++]!);
    i = j;
  }
  return out.join('\n');
}

async function flux(args: string[]): Promise<Printed> {
  const r = await runTemplate(parseTemplateArgs(args), defaultTemplateEnv(work, {}, { env: env() }));
  const stderr = r.warnings.map((w) => `${w}\n`).join('') + (r.error !== undefined ? `Error: ${r.error}\n` : '');
  return { stdout: r.stdout, stderr, status: r.error !== undefined ? 1 : 0 };
}

/** helm and flux-ts on the same fresh layout; their outcomes must be equal. */
async function same(l: Layout, extra: string[] = [], chart = './parent'): Promise<Outcome> {
  const args = ['rel', chart, '--dependency-update', ...extra];
  await layOut(l);
  await l.before?.();
  const helm = outcome(await helmTemplate(args, work, env()));
  await layOut(l);
  await l.before?.();
  const ours = outcome(await flux(args));
  expect(ours).toEqual(helm);
  return helm;
}

const dep = (name: string, version: string, repository?: string, more = ''): string =>
  `- name: ${name}\n  version: "${version}"\n${repository !== undefined ? `  repository: "${repository}"\n` : ''}${more}`;

describe('helm template --dependency-update', () => {
  it('packages file:// dependencies into charts/ and writes Chart.lock', async () => {
    const o = await same({ dependencies: dep('local', '^1.2.0', 'file://../local') });
    expect(o.status).toBe(0);
    expect(o.files).toContain(join('parent', 'charts', 'local-1.2.3.tgz'));
    expect(o.stdout).toContain('greeting: "hi"');
  });

  it('--debug adds the Manager\'s local-path lines and helm\'s debug log', async () => {
    const o = await same({ dependencies: dep('local', '1.2.3', 'file://../local') }, ['--debug']);
    expect(o.stdout).toContain('Archiving local from repo file://../local');
  });

  it('an http(s) repository helm was not told about gets a generated name and cached index', async () => {
    const o = await same({ dependencies: dep('sub', '~0.1', `${repo.url}/charts`) });
    expect(o.status).toBe(0);
    expect(o.stdout).toContain('Getting updates for unmanaged Helm repositories...');
    expect(o.lock).toContain('version: 0.1.0');
  });

  it('@name and alias:name repositories from repositories.yaml, every repository refreshed (or reported)', async () => {
    const o = await same({ dependencies: dep('sub', '>=0.1.0', '@myrepo') + dep('local', '*', 'file://../local'), repositories: { myrepo: `${repo.url}/charts`, other: `${repo.url}/other/` } });
    expect(o.status).toBe(0);
    expect(o.lock).toContain('version: 0.2.0');
    // A configured repository without a cached index stops the download, as in helm.
    await same({ dependencies: dep('sub', '*', '@myrepo'), repositories: { myrepo: `${repo.url}/charts`, down: `${repo.url}/down` } });
    await same({ dependencies: dep('sub', '0.1.0', 'alias:myrepo'), repositories: { myrepo: `${repo.url}/charts` } });
    await same({ dependencies: dep('sub', '0.1.0', `${repo.url}/charts`), repositories: { myrepo: `${repo.url}/charts` } });
  });

  it('a repository with credentials in repositories.yaml: index and archive fetched with them', async () => {
    const url = `${authRepo.url}/charts`;
    authRepo.requests.length = 0;
    const o = await same({ dependencies: dep('sub', '0.1.0', '@private'), repositories: { private: { url, ...USER } } });
    expect(o.status).toBe(0);
    const basic = `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}`;
    expect(authRepo.requests.filter((r) => r.authorization === basic).map((r) => r.path)).toEqual(['/charts/index.yaml', '/charts/sub-0.1.0.tgz', '/charts/index.yaml', '/charts/sub-0.1.0.tgz']);
    // Without them (an unmanaged URL), the server refuses.
    await same({ dependencies: dep('sub', '0.1.0', url) });
  });

  it('outdated archives of a dependency are replaced', async () => {
    const o = await same({ dependencies: dep('sub', '0.2.0', `${repo.url}/charts`) + dep('local', '1.2.3', 'file://../local'), vendored: ['sub-0.0.1'] });
    expect(o.files).not.toContain(join('parent', 'charts', 'sub-0.0.1.tgz'));
  });

  it('oci:// dependencies are pulled from the registry', async () => {
    const o = await same({ dependencies: dep('sub', '0.2.0', `oci://${registry.host}/charts`) }, ['--plain-http']);
    expect(o.status).toBe(0);
    expect(o.stderr).toContain('Pulled: ');
    await same({ dependencies: dep('sub', '~0.1', `oci://${registry.host}/charts`) }, ['--plain-http']);
  });

  it('errors: no matching version, unknown repository names, chart not in the index, bad paths', async () => {
    await same({ dependencies: dep('sub', '9.9', `${repo.url}/charts`) });
    await same({ dependencies: dep('sub', '*', '@nope'), repositories: { myrepo: `${repo.url}/charts` } });
    await same({ dependencies: dep('sub', '*', 'nope') });
    await same({ dependencies: dep('zz', '*', `${repo.url}/charts`) });
    await same({ dependencies: dep('local', '*', 'file://../nowhere') });
    await same({ dependencies: dep('local', '5', 'file://../local') });
    await same({ dependencies: dep('sub', 'bad constraint', `${repo.url}/charts`) });
  });

  it('only a chart directory can be updated, not an archive', async () => {
    const packParent = async (): Promise<void> => writeFileSync(join(work, 'parent.tgz'), (await packageChartDir(join(work, 'parent'))).archive);
    const o = await same({ dependencies: dep('local', '*', 'file://../local'), before: packParent }, [], './parent.tgz');
    expect(o.stderr).toBe('Error: only unpacked charts can be updated\n');
  });

  it('a repository that cannot be reached', async () => {
    await same({ dependencies: dep('sub', '*', `${repo.url}/missing`) });
  });
});
