// How flux-ts reaches a GitRepository: credentials from spec.secretRef and the proxy from
// spec.proxySecretRef, both Secrets in the GitRepository's namespace.
import type { Cluster } from '../../cluster/types.js';
import { gitAuthFrom, proxyUrlFrom, readSecret } from '../secrets.js';
import type { GitRepository } from '../types.js';
import type { GitAuth } from './checkout.js';

export async function gitAccessFor(cluster: Cluster, repo: GitRepository, subject: string): Promise<GitAuth | undefined> {
  const ns = repo.metadata.namespace ?? 'default';
  let auth: GitAuth | undefined;
  if (repo.spec.secretRef !== undefined) {
    const secret = await readSecret(cluster, ns, repo.spec.secretRef.name, subject);
    auth = gitAuthFrom(secret.data, subject, repo.spec.secretRef.name);
  }
  const proxyRef = repo.spec.proxySecretRef;
  if (proxyRef != null) {
    const secret = await readSecret(cluster, ns, proxyRef.name, subject);
    auth = { ...auth, proxy: proxyUrlFrom(secret.data, subject, proxyRef.name) };
  }
  return auth;
}
