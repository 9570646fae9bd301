// Registry credentials: from `--creds user:pass`, a kubernetes.io/dockerconfigjson Secret, or
// the docker/helm config files on disk (what `helm registry login` writes), including the
// credential helpers those files name (`credHelpers`, `credsStore`), run as docker runs them.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runCredentialHelper } from './credential-helper.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  /** Helper for every registry: `docker-credential-<credsStore>`. */
  credsStore?: string;
  /** Helper per registry host, before credsStore. */
  credHelpers?: Record<string, string>;
}

function hostKey(key: string): string {
  // Entries may be written as URLs (https://index.docker.io/v1/) or bare hosts.
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

export class DockerConfigError extends Error {
  override name = 'DockerConfigError';
}

function parseDockerConfig(json: string): DockerConfig {
  try {
    return JSON.parse(json) as DockerConfig;
  } catch (err) {
    throw new DockerConfigError(`invalid docker config JSON: ${(err as Error).message}`);
  }
}

/** Credentials for `host` in the `auths` of a docker config JSON document, if any. */
export function credentialsFromDockerConfig(json: string, host: string): RegistryCredentials | undefined {
  return fromAuths(parseDockerConfig(json), host);
}

function fromAuths(cfg: DockerConfig, host: string): RegistryCredentials | undefined {
  for (const [key, entry] of Object.entries(cfg.auths ?? {})) {
    if (hostKey(key) !== host) continue;
    if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
    if (entry.auth !== undefined) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0) throw new DockerConfigError(`invalid docker config JSON: auth entry for '${key}' is not user:password`);
      return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
  }
  return undefined;
}

/** The credential helper docker would ask for `host`: credHelpers first, then credsStore. */
export function credentialHelperFor(json: string, host: string): string | undefined {
  const cfg = parseDockerConfig(json);
  for (const [key, helper] of Object.entries(cfg.credHelpers ?? {})) if (hostKey(key) === host && helper !== '') return helper;
  return cfg.credsStore !== undefined && cfg.credsStore !== '' ? cfg.credsStore : undefined;
}

/** `user:pass` from a CLI flag. */
export function parseCredsFlag(creds: string): RegistryCredentials {
  const i = creds.indexOf(':');
  if (i <= 0) throw new DockerConfigError("--creds must be given as 'username:password'");
  return { username: creds.slice(0, i), password: creds.slice(i + 1) };
}

/**
 * Helm's registry config (`helm registry login`), then docker's, for the CLI. In each file, as
 * docker: a helper named for the host (credHelpers) or for all (credsStore) answers instead of
 * `auths`; a helper that knows nothing of the host leaves the next file to answer.
 */
export async function credentialsFromLocalConfig(host: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryCredentials | undefined> {
  const candidates = [
    env.HELM_REGISTRY_CONFIG ?? join(env.HELM_CONFIG_HOME ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'helm'), 'registry', 'config.json'),
    join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json'),
  ];
  for (const path of candidates) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const helper = credentialHelperFor(text, host);
    const found = helper !== undefined ? await runCredentialHelper(helper, host, env) : credentialsFromDockerConfig(text, host);
    if (found !== undefined) return found;
  }
  return undefined;
}
