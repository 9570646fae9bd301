// Docker credential helpers (`docker-credential-<name> get`): the server address on stdin, a
// JSON {ServerURL, Username, Secret} on stdout, or "credentials not found" and a non-zero exit.
// What a helper prints is never quoted in errors when it succeeded (it holds the secret).
import { spawn } from 'node:child_process';
import type { RegistryCredentials } from './credentials.js';
import { DockerConfigError } from './credentials.js';

const HELPER_TIMEOUT_MS = 30_000;
/** The message every docker-credential-helpers store prints for an unknown server. */
const NOT_FOUND = 'credentials not found in native keychain';

/** The address docker hands the helper: Docker Hub's historical URL, the host otherwise. */
export function helperServerAddress(host: string): string {
  return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(host) ? 'https://index.docker.io/v1/' : host;
}

interface HelperOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

function runGet(program: string, input: string, env: NodeJS.ProcessEnv): Promise<HelperOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: HELPER_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new DockerConfigError(`docker credential helper ${program} not found in PATH`) : new DockerConfigError(`docker credential helper ${program}: ${err.message}`));
    });
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.on('error', () => {}); // a helper that exits without reading stdin
    child.stdin.end(input);
  });
}

/** Credentials for `host` from `docker-credential-<helper>`; undefined when it has none. */
export async function runCredentialHelper(helper: string, host: string, env: NodeJS.ProcessEnv): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${helper}`;
  const out = await runGet(program, helperServerAddress(host), env);
  if (out.code !== 0) {
    const message = (out.stdout.trim() || out.stderr.trim()).split('\n')[0] ?? '';
    if (message.includes(NOT_FOUND)) return undefined;
    throw new DockerConfigError(`docker credential helper ${program} failed for ${host}: ${message || `exit code ${out.code}`}`);
  }
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(out.stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    throw new DockerConfigError(`docker credential helper ${program} printed no JSON credentials for ${host}`);
  }
  if (typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string') {
    throw new DockerConfigError(`docker credential helper ${program} gave no Username and Secret for ${host}`);
  }
  // docker's convention for an OAuth2 refresh token instead of a password.
  if (parsed.Username === '<token>') throw new DockerConfigError(`docker credential helper ${program} gave an identity token for ${host}: flux-ts supports username/password credentials only`);
  return { username: parsed.Username, password: parsed.Secret };
}
