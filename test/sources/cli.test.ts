// `flux-ts pull chart` and `flux-ts push chart` run in-process (the same command tree as the
// CLI), against a real registry and chart server, checked against the real helm.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FluxCommand } from '../../src/cli/command.js';
import type { CliIO } from '../../src/cli/context.js';
import { errorMessage, exitCodeOf } from '../../src/cli/errors.js';
import { addGlobalFlags } from '../../src/cli/globals.js';
import { createLogger } from '../../src/cli/logger.js';
import { createRuntime } from '../../src/cli/runtime.js';
import { registerPull } from '../../src/commands/pull.js';
import { registerPush } from '../../src/commands/push.js';
import { startChartRepo, type ChartRepoServer } from '../support/servers/chart-repo.js';
import { fixturesDir } from '../support/servers/ports.js';
import { REGISTRY_USER, startRegistry, type Registry } from '../support/servers/registry.js';
import { chartFixture, helmEnv, helmPackage, helmPullVersion, helmRepoIndex, runHelm, serveDir, tempDir } from './helpers.js';

async function fluxTs(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env: { ...env }, isTTY: false };
  const logger = createLogger(io.stderr);
  const program = new FluxCommand('flux-ts');
  program.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => {} });
  addGlobalFlags(program, 'flux-system');
  const runtime = createRuntime(io, logger);
  registerPull(program, runtime);
  registerPush(program, runtime);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    logger.failure(errorMessage(err));
    return { code: exitCodeOf(err), stdout, stderr };
  }
}

let registry: Registry;
let secured: Registry;
let repo: ChartRepoServer;
let dir: string;
let home: string;

beforeAll(async () => {
  registry = await startRegistry();
  secured = await startRegistry({ auth: 'token' });
  dir = tempDir();
  home = tempDir();
  for (const v of ['1.0.0', '1.1.0', '2.0.0-rc.1']) helmPackage(dir, v);
  helmRepoIndex(dir);
  repo = await startChartRepo();
  serveDir(repo.files, dir);
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await secured?.stop();
  await repo?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** An empty helm home inside `dir` (no `helm registry login` credentials). */
function tempDirIn(dir: string): string {
  const home = join(dir, 'helm-home');
  mkdirSync(home, { recursive: true });
  return home;
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('flux-ts push chart', () => {
  it('packages a directory and pushes it; the real helm pulls it', async () => {
    const r = await fluxTs(['push', 'chart', chartFixture, `oci://${registry.host}/dir`, '--plain-http']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Pushed: ${registry.host}/dir/podinfo-lite:6\\.3\\.5\\nDigest: sha256:[a-f0-9]{64}\\n$`));
    const helm = await helmPullVersion([`oci://${registry.host}/dir/podinfo-lite`, '--plain-http'], home, 'podinfo-lite');
    expect(helm.version).toBe('6.3.5');
    const show = await runHelm(['show', 'chart', `oci://${registry.host}/dir/podinfo-lite`, '--plain-http'], home);
    expect(show.stdout).toContain('name: podinfo-lite');
  });

  it('pushes an archive with --creds to a token-auth registry', async () => {
    const tgz = join(dir, 'podinfo-lite-1.1.0.tgz');
    const denied = await fluxTs(['push', 'chart', tgz, `oci://${secured.host}/private`, '--plain-http']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^✗ oci:\/\/.*401 Unauthorized \(no credentials given\)\n$/);
    const ok = await fluxTs(['push', 'chart', tgz, `oci://${secured.host}/private`, '--plain-http', '--creds', `${REGISTRY_USER.username}:${REGISTRY_USER.password}`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain(REGISTRY_USER.password);
  });
});

describe('flux-ts pull chart', () => {
  it('pulls from an OCI registry what helm pushed, printing version and digest', async () => {
    const tgz = join(dir, 'podinfo-lite-1.0.0.tgz');
    expect((await runHelm(['push', tgz, `oci://${registry.host}/helm`, '--plain-http'], home)).status).toBe(0);
    const out = tempDir();
    try {
      const r = await fluxTs(['pull', 'chart', `oci://${registry.host}/helm/podinfo-lite`, '--version', '^1', '--plain-http', '-d', out, '-o', 'json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as Record<string, string>;
      expect(json).toEqual({
        name: 'podinfo-lite',
        version: '1.0.0',
        digest: sha(readFileSync(tgz)),
        url: `oci://${registry.host}/helm/podinfo-lite:1.0.0`,
        manifestDigest: expect.stringMatching(/^sha256:/) as unknown as string,
      });
      expect(readFileSync(join(out, 'podinfo-lite-1.0.0.tgz')).equals(readFileSync(tgz))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('pulls from an HTTP repository, choosing what helm pull chooses', async () => {
    for (const c of ['', '>=1.0.0-0', '1.0.x']) {
      const helm = await helmPullVersion(['--repo', repo.url, 'podinfo-lite', ...(c ? ['--version', c] : [])], home, 'podinfo-lite');
      const r = await fluxTs(['pull', 'chart', 'podinfo-lite', '--repo', repo.url, '--version', c, '-o', 'json']);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { version: string }).version).toBe(helm.version);
    }
    const text = await fluxTs(['pull', 'chart', 'podinfo-lite', '--repo', repo.url]);
    expect(text.stdout).toBe(`Pulled: podinfo-lite 1.1.0 from ${repo.url}/podinfo-lite-1.1.0.tgz\nDigest: ${sha(readFileSync(join(dir, 'podinfo-lite-1.1.0.tgz')))}\n`);
  });

  it('uses the credentials of `helm registry login`', async () => {
    const login = await runHelm(['registry', 'login', secured.host, '--username', REGISTRY_USER.username, '--password-stdin', '--plain-http'], home, REGISTRY_USER.password);
    expect(login.status).toBe(0);
    const r = await fluxTs(['pull', 'chart', `oci://${secured.host}/private/podinfo-lite`, '--plain-http', '-o', 'json'], helmEnv(home));
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { version: string }).version).toBe('1.1.0');
  });

  it('uses the docker credential helper the docker config names (credsStore)', async () => {
    const docker = tempDir();
    try {
      writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { [secured.host]: {} }, credsStore: 'fake' }));
      const env = {
        ...helmEnv(tempDirIn(docker)),
        DOCKER_CONFIG: docker,
        PATH: `${join(fixturesDir, 'credential-helper')}:${process.env.PATH}`,
        FAKE_HELPER_CREDS: `${secured.host} ${REGISTRY_USER.username} ${REGISTRY_USER.password}`,
      };
      const r = await fluxTs(['pull', 'chart', `oci://${secured.host}/private/podinfo-lite`, '--plain-http', '-o', 'json'], env);
      expect(r.stderr).toBe('');
      expect((JSON.parse(r.stdout) as { version: string }).version).toBe('1.1.0');
      const locked = await fluxTs(['pull', 'chart', `oci://${secured.host}/private/podinfo-lite`, '--plain-http'], { ...env, FAKE_HELPER_CREDS: '' });
      expect(locked.stderr).toMatch(/^✗ oci:\/\/.*401 Unauthorized \(no credentials given\)\n$/);
    } finally {
      rmSync(docker, { recursive: true, force: true });
    }
  });

  it('pull and push check -o as every command does (text|json)', async () => {
    const pull = await fluxTs(['pull', 'chart', 'podinfo-lite', '--repo', repo.url, '-o', 'yaml']);
    expect(pull).toMatchObject({ code: 1, stderr: '✗ invalid argument "yaml" for "-o, --output" flag: must be one of text|json\n' });
    const push = await fluxTs(['push', 'chart', 'x.tgz', 'oci://localhost/x', '-o', 'table']);
    expect(push).toMatchObject({ code: 1, stderr: '✗ invalid argument "table" for "-o, --output" flag: must be one of text|json\n' });
  });

  it('fails with one clear line', async () => {
    const none = await fluxTs(['pull', 'chart', 'podinfo-lite', '--repo', repo.url, '--version', '9.x']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`✗ ${repo.url}: no 'podinfo-lite' chart with version matching '9.x' found (available: 2.0.0-rc.1, 1.1.0, 1.0.0)\n`);
    const missingRepo = await fluxTs(['pull', 'chart', 'podinfo-lite']);
    expect(missingRepo.stderr).toBe('✗ podinfo-lite: a chart name needs --repo URL (or give an oci:// reference)\n');
    const badDest = await fluxTs(['pull', 'chart', 'podinfo-lite', '--repo', repo.url, '-d', '/nonexistent/dir']);
    expect(badDest.stderr).toBe('✗ /nonexistent/dir: destination is not a directory\n');
    expect(existsSync('/nonexistent/dir')).toBe(false);
  });
});
