// Credentials for sources, read from Secrets through the Cluster interface with the keys Flux
// documents: basic auth (`username`/`password`), TLS (`ca.crt`/`tls.crt`/`tls.key`, legacy
// `caFile`/`certFile`/`keyFile`), registry auth (`.dockerconfigjson`), Git SSH (`identity`,
// `known_hosts`), bearer tokens (`bearerToken`). Values never appear in errors.
import { SECRETS as SECRET_RESOURCE } from '../cluster/core-resources.js';
import type { Cluster, KubeObject } from '../cluster/types.js';
import type { TlsMaterial } from './http.js';
import { SourceError } from './errors.js';
import { credentialsFromDockerConfig, type RegistryCredentials } from './oci/credentials.js';
import type { GitAuth } from './git/checkout.js';

export { SECRET_RESOURCE };

export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** Decoded Secret data (data is base64, stringData plain, as the API may return either in tests). */
export type SecretData = Map<string, string>;

export async function readSecret(cluster: Cluster, namespace: string, name: string, subject: string): Promise<{ type: string; data: SecretData }> {
  let secret: SecretObject | undefined;
  try {
    secret = await cluster.tryGet<SecretObject>(SECRET_RESOURCE, name, namespace);
  } catch (err) {
    throw new SourceError(subject, 'Failed', `failed to get secret '${namespace}/${name}': ${(err as Error).message}`);
  }
  if (secret === undefined) throw new SourceError(subject, 'AuthenticationFailed', `failed to get secret '${namespace}/${name}': secrets "${name}" not found`);
  const data: SecretData = new Map();
  for (const [k, v] of Object.entries(secret.data ?? {})) data.set(k, Buffer.from(v, 'base64').toString('utf8'));
  for (const [k, v] of Object.entries(secret.stringData ?? {})) data.set(k, v);
  return { type: secret.type ?? 'Opaque', data };
}

export function basicAuthFrom(data: SecretData, subject: string, secretName: string): { username: string; password: string } | undefined {
  const username = data.get('username');
  const password = data.get('password');
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined || username === '' || password === '') {
    throw new SourceError(subject, 'InvalidSpec', `invalid '${secretName}' secret data: required fields 'username' and 'password'`);
  }
  return { username, password };
}

export function tlsFrom(data: SecretData, subject: string, secretName: string): TlsMaterial | undefined {
  const ca = data.get('ca.crt') ?? data.get('caFile');
  const cert = data.get('tls.crt') ?? data.get('certFile');
  const key = data.get('tls.key') ?? data.get('keyFile');
  if (ca === undefined && cert === undefined && key === undefined) return undefined;
  if ((cert === undefined) !== (key === undefined)) {
    throw new SourceError(subject, 'InvalidSpec', `invalid '${secretName}' secret data: 'tls.crt' and 'tls.key' must be given together`);
  }
  return { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}) };
}

/** Registry credentials for `host` from a dockerconfigjson Secret or username/password keys. */
export function registryCredentialsFrom(secret: { type: string; data: SecretData }, host: string, subject: string, secretName: string): RegistryCredentials | undefined {
  const json = secret.data.get('.dockerconfigjson');
  if (json !== undefined) {
    try {
      return credentialsFromDockerConfig(json, host);
    } catch (err) {
      throw new SourceError(subject, 'InvalidSpec', `invalid '${secretName}' secret data: ${(err as Error).message}`);
    }
  }
  return basicAuthFrom(secret.data, subject, secretName);
}

export function gitAuthFrom(data: SecretData, subject: string, secretName: string): GitAuth {
  const auth: GitAuth = {};
  const identity = data.get('identity');
  if (identity !== undefined) {
    const knownHosts = data.get('known_hosts');
    const password = data.get('password');
    auth.ssh = { identity, ...(knownHosts !== undefined ? { knownHosts } : {}), ...(password !== undefined ? { password } : {}) };
    return auth;
  }
  const bearer = data.get('bearerToken');
  if (bearer !== undefined) {
    auth.bearerToken = bearer;
    return auth;
  }
  const basic = basicAuthFrom(data, subject, secretName);
  if (basic !== undefined) auth.basic = basic;
  return auth;
}

/**
 * The proxy of a GitRepository's proxySecretRef (fluxcd/pkg ProxyURLFromSecret): `address`
 * (http or https URL) required, `username` and `password` optional, put into the URL.
 */
export function proxyUrlFrom(data: SecretData, subject: string, secretName: string): string {
  const address = data.get('address');
  if (address === undefined) throw new SourceError(subject, 'InvalidSpec', `invalid '${secretName}' secret data: key 'address' not found`);
  if (address === '') throw new SourceError(subject, 'InvalidSpec', `invalid '${secretName}' secret data: proxy address is empty`);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    // The address is not a secret; it is quoted as Flux quotes it.
    throw new SourceError(subject, 'InvalidSpec', `invalid '${secretName}' secret data: failed to parse proxy address '${address}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SourceError(subject, 'InvalidSpec', `invalid '${secretName}' secret data: proxy URL must use http or https, got '${url.protocol.slice(0, -1)}'`);
  }
  const username = data.get('username');
  const password = data.get('password');
  if (username !== undefined) {
    url.username = encodeURIComponent(username);
    if (password !== undefined) url.password = encodeURIComponent(password);
  }
  return url.toString();
}
