// `--registry-creds`: the docker-registry Secret flux creates after applying the manifests
// (flux2 install.go + manifestgen/sourcesecret), created or updated in place. It is never
// part of the generated manifests, so `--export` and `--verbose` cannot print the password.
import { NAMESPACES, SECRETS } from '../cluster/core-resources.js';
import type { Cluster, KubeObject } from '../cluster/types.js';
import { FIELD_MANAGER, type RegistryCredentials } from './options.js';

export const DOCKER_CONFIG_JSON_KEY = '.dockerconfigjson';
export const DOCKER_CONFIG_JSON_TYPE = 'kubernetes.io/dockerconfigjson';

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

/** Go's encoding/json escapes these in strings; JSON.stringify does not. */
function goJsonString(value: string): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `{"auths":{"<registry>":{"username":…,"password":…,"auth":base64(user:password)}}}`, as json.Marshal writes it. */
export function dockerConfigJson(registry: string, creds: RegistryCredentials): string {
  const auth = Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64');
  const entry = [
    ...(creds.username !== '' ? [`"username":${goJsonString(creds.username)}`] : []),
    ...(creds.password !== '' ? [`"password":${goJsonString(creds.password)}`] : []),
    `"auth":${goJsonString(auth)}`,
  ].join(',');
  return `{"auths":{${goJsonString(registry)}:{${entry}}}}`;
}

export function pullSecret(name: string, namespace: string, registry: string, creds: RegistryCredentials): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: DOCKER_CONFIG_JSON_TYPE,
    data: { [DOCKER_CONFIG_JSON_KEY]: Buffer.from(dockerConfigJson(registry, creds), 'utf8').toString('base64') },
  };
}

/**
 * flux's upsertSecret: create when absent, else replace the docker config key and keep the
 * rest of the Secret. `data` (base64) stores exactly what flux's `stringData` stores.
 */
export async function upsertPullSecret(cluster: Cluster, secret: Secret, dryRun: boolean): Promise<'created' | 'configured'> {
  const opts = { fieldManager: FIELD_MANAGER, dryRun };
  // A dry run of a first install created its namespace only in the dry run: nothing to ask.
  if (dryRun && (await cluster.tryGet(NAMESPACES, secret.metadata.namespace ?? '')) === undefined) return 'created';
  const existing = await cluster.tryGet<Secret>(SECRETS, secret.metadata.name, secret.metadata.namespace);
  if (existing === undefined) {
    await cluster.create<Secret>(SECRETS, secret, opts);
    return 'created';
  }
  await cluster.replace<Secret>(SECRETS, { ...existing, data: { ...(existing.data ?? {}), ...(secret.data ?? {}) } }, opts);
  return 'configured';
}
