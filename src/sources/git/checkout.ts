// GitRepository checkout with the system `git` (a runtime dependency of flux-ts for Git
// sources, as it is for most Flux-like tools). Ref precedence and revision strings follow
// source-controller: commit > name > semver > tag > branch, default branch `master`;
// revisions `<branch>@sha1:<sha>`, `<tag>@sha1:<sha>`, `<name>@sha1:<sha>`, `sha1:<sha>`.
// Credentials reach git through environment config or a 0600 temp file, never argv or logs.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Constraints, SemverError, compareVersions, type Version } from '../../semver/index.js';
import { TransportError } from '../errors.js';
import { parseFluxVersion } from '../helm/select.js';
import type { GitRepositoryRef } from '../types.js';

export const DEFAULT_BRANCH = 'master';

export interface GitAuth {
  basic?: { username: string; password: string };
  bearerToken?: string;
  ssh?: { identity: string; knownHosts?: string; password?: string };
  /** HTTP(S) proxy URL, credentials included (proxySecretRef); given to git as config, never argv. */
  proxy?: string;
}

export interface GitCheckout {
  dir: string;
  commit: string;
  revision: string;
  cleanup(): Promise<void>;
}

interface RunResult {
  stdout: string;
  stderr: string;
}

class GitRunner {
  constructor(
    readonly cwd: string,
    readonly env: NodeJS.ProcessEnv,
    readonly timeoutMs: number,
  ) {}

  run(args: string[]): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      execFile('git', args, { cwd: this.cwd, env: this.env, timeout: this.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean };
          if (e.code === 'ENOENT') reject(new TransportError('Failed', 'the git binary was not found in PATH (GitRepository sources need git)'));
          else if (e.killed) reject(new TransportError('Unreachable', `git ${args[0]} timed out after ${this.timeoutMs}ms`));
          else reject(gitError(stderr));
          return;
        }
        resolve({ stdout, stderr });
      });
    });
  }
}

function gitError(stderr: string): TransportError {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^(fatal|error|remote):\s*/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('hint:'));
  const text = lines.join('; ') || 'git failed';
  if (/Authentication failed|could not read Username|Permission denied|403|401|Host key verification failed/i.test(text)) {
    return new TransportError('AuthenticationFailed', text);
  }
  if (/couldn't find remote ref|not found|does not appear to be a git repository|not our ref|unadvertised object/i.test(text)) {
    return new TransportError('NotFound', text);
  }
  if (/Could not resolve host|Connection refused|Failed to connect|unable to access|timed out/i.test(text)) {
    return new TransportError('Unreachable', text);
  }
  return new TransportError('Failed', text);
}

async function authEnv(auth: GitAuth | undefined, scratch: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: scratch,
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_ASKPASS: 'true',
    LANG: 'C',
  };
  // Proxy settings reach git (libcurl reads them from the environment), as in Flux.
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY', 'all_proxy']) {
    if (process.env[k] !== undefined) env[k] = process.env[k];
  }
  const config: [string, string][] = [['protocol.version', '2']];
  if (auth?.proxy !== undefined) config.push(['http.proxy', auth.proxy]);
  if (auth?.bearerToken !== undefined) config.push(['http.extraHeader', `Authorization: Bearer ${auth.bearerToken}`]);
  else if (auth?.basic !== undefined) {
    const token = Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64');
    config.push(['http.extraHeader', `Authorization: Basic ${token}`]);
  }
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  env.GIT_CONFIG_COUNT = String(config.length);
  if (auth?.ssh !== undefined) {
    const keyPath = join(scratch, 'identity');
    await writeFile(keyPath, auth.ssh.identity.endsWith('\n') ? auth.ssh.identity : `${auth.ssh.identity}\n`, { mode: 0o600 });
    await chmod(keyPath, 0o600);
    const opts = [`-i ${keyPath}`, '-o IdentitiesOnly=yes', '-o BatchMode=yes', '-F /dev/null'];
    if (auth.ssh.knownHosts !== undefined) {
      const kh = join(scratch, 'known_hosts');
      await writeFile(kh, auth.ssh.knownHosts, { mode: 0o600 });
      opts.push(`-o UserKnownHostsFile=${kh}`, '-o StrictHostKeyChecking=yes');
    } else {
      // Flux refuses SSH without known_hosts; so do we (see checkout()).
      opts.push('-o StrictHostKeyChecking=yes');
    }
    env.GIT_SSH_COMMAND = `ssh ${opts.join(' ')}`;
  }
  return env;
}

/** `git ls-remote` output as ref -> sha, with annotated tags peeled (`^{}` wins). */
export function parseLsRemote(out: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha === undefined || ref === undefined) continue;
    if (ref.endsWith('^{}')) refs.set(ref.slice(0, -3), sha);
    else if (!refs.has(ref)) refs.set(ref, sha);
  }
  return refs;
}

/** Flux's semver checkout: the highest tag whose version satisfies the constraint. */
export function chooseSemverTag(tags: string[], constraint: string): string {
  let c: Constraints;
  try {
    c = Constraints.parse(constraint);
  } catch (err) {
    if (err instanceof SemverError) throw new TransportError('InvalidSpec', `semver parse error: ${err.message}`);
    throw err;
  }
  let best: { tag: string; v: Version } | undefined;
  for (const tag of tags) {
    const v = parseFluxVersion(tag);
    if (v === undefined || !c.check(v)) continue;
    if (best === undefined || compareVersions(v, best.v) > 0) best = { tag, v };
  }
  if (best === undefined) throw new TransportError('NotFound', `no match found for semver: ${constraint}`);
  return best.tag;
}

export interface CheckoutOptions {
  /** spec.recurseSubmodules: submodules cloned (recursively) with the same credentials. */
  recurseSubmodules?: boolean;
}

export async function checkout(url: string, ref: GitRepositoryRef | undefined, auth: GitAuth | undefined, timeoutMs = 60_000, opts: CheckoutOptions = {}): Promise<GitCheckout> {
  if (url.startsWith('ssh://') && auth?.ssh !== undefined && auth.ssh.knownHosts === undefined) {
    throw new TransportError('InvalidSpec', "invalid 'ssh' auth option: 'known_hosts' is required");
  }
  const scratch = await mkdtemp(join(tmpdir(), 'flux-ts-git-'));
  const dir = join(scratch, 'repo');
  const cleanup = (): Promise<void> => rm(scratch, { recursive: true, force: true });
  try {
    const env = await authEnv(auth, scratch);
    const boot = new GitRunner(scratch, env, timeoutMs);
    await boot.run(['init', '-q', dir]);
    const git = new GitRunner(dir, env, timeoutMs);
    await git.run(['remote', 'add', 'origin', url]);
    let commit: string;
    let revision: string;
    if (ref?.commit !== undefined && ref.commit !== '') {
      const branch = ref.branch;
      await git.run(['fetch', '-q', '--no-tags', 'origin', branch ? `+refs/heads/${branch}:refs/remotes/origin/${branch}` : '+refs/heads/*:refs/remotes/origin/*']);
      try {
        commit = (await git.run(['rev-parse', '--verify', `${ref.commit}^{commit}`])).stdout.trim();
      } catch {
        throw new TransportError('NotFound', `unable to resolve commit '${ref.commit}'${branch ? ` in branch '${branch}'` : ''}`);
      }
      revision = branch ? `${branch}@sha1:${commit}` : `sha1:${commit}`;
    } else if (ref?.name !== undefined && ref.name !== '') {
      await git.run(['fetch', '-q', '--no-tags', '--depth', '1', 'origin', ref.name]);
      commit = (await git.run(['rev-parse', 'FETCH_HEAD^{commit}'])).stdout.trim();
      revision = `${ref.name}@sha1:${commit}`;
    } else if (ref?.semver !== undefined && ref.semver !== '') {
      const remote = parseLsRemote((await git.run(['ls-remote', '--tags', 'origin'])).stdout);
      const tags = [...remote.keys()].filter((r) => r.startsWith('refs/tags/')).map((r) => r.slice('refs/tags/'.length));
      const tag = chooseSemverTag(tags, ref.semver);
      await git.run(['fetch', '-q', '--no-tags', '--depth', '1', 'origin', `+refs/tags/${tag}:refs/tags/${tag}`]);
      commit = (await git.run(['rev-parse', `refs/tags/${tag}^{commit}`])).stdout.trim();
      revision = `${tag}@sha1:${commit}`;
    } else if (ref?.tag !== undefined && ref.tag !== '') {
      await git.run(['fetch', '-q', '--no-tags', '--depth', '1', 'origin', `+refs/tags/${ref.tag}:refs/tags/${ref.tag}`]);
      commit = (await git.run(['rev-parse', `refs/tags/${ref.tag}^{commit}`])).stdout.trim();
      revision = `${ref.tag}@sha1:${commit}`;
    } else {
      const branch = ref?.branch !== undefined && ref.branch !== '' ? ref.branch : DEFAULT_BRANCH;
      await git.run(['fetch', '-q', '--no-tags', '--depth', '1', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
      commit = (await git.run(['rev-parse', `refs/remotes/origin/${branch}^{commit}`])).stdout.trim();
      revision = `${branch}@sha1:${commit}`;
    }
    await git.run(['-c', 'advice.detachedHead=false', 'checkout', '-q', commit]);
    if (opts.recurseSubmodules) await git.run(['submodule', 'update', '-q', '--init', '--recursive']);
    return { dir, commit, revision, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
