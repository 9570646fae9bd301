// Kubeconfig files pointing at the test server, as kubectl and client-node load them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** Context (and cluster/user) name; default `test`. */
  context?: string;
  namespace?: string;
  token?: string;
}

export function kubeconfigYaml(server: string, opts: KubeconfigOptions = {}): string {
  const name = opts.context ?? 'test';
  const context: Record<string, string> = { cluster: name, user: name };
  if (opts.namespace) context['namespace'] = opts.namespace;
  const user: Record<string, string> = {};
  if (opts.token) user['token'] = opts.token;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses plain http unless TLS verification is off; kubectl does not mind.
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    contexts: [{ name, context }],
    'current-context': name,
    users: [{ name, user }],
    preferences: {},
  });
}

export function writeKubeconfig(path: string, server: string, opts: KubeconfigOptions = {}): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(server, opts), { mode: 0o600 });
  return path;
}
