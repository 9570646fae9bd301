// `flux-ts uninstall`, in flux's order: the controller's objects (by the install labels), then
// the Flux finalizers on HelmReleases and sources (the controller is gone, nothing would remove
// them and CRD deletion would hang), then the CRDs, then the namespace.
import { NAMESPACES } from '../cluster/core-resources.js';
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import type { Logger } from '../cli/logger.js';
import { isNoKindMatch, isNotFound } from '../cluster/errors.js';
import { ALL_KINDS } from '../kinds/registry.js';
import { listKind, resourceOfObject } from '../kinds/served.js';
import { crdNames } from './manifests.js';
import { CRD_RESOURCE } from './readiness.js';

const r = (group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceRef => ({ group, version, plural, kind, namespaced });

/** What install creates besides CRDs and the Namespace, in deletion order. */
const COMPONENT_RESOURCES: ResourceRef[] = [
  r('apps', 'v1', 'deployments', 'Deployment', true),
  r('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true),
  r('', 'v1', 'configmaps', 'ConfigMap', true),
  r('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  r('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
];

export interface UninstallOptions {
  namespace: string;
  keepNamespace: boolean;
  dryRun: boolean;
}

function subject(kind: string, obj: KubeObject): string {
  return obj.metadata.namespace ? `${kind}/${obj.metadata.namespace}/${obj.metadata.name}` : `${kind}/${obj.metadata.name}`;
}

export async function runUninstall(cluster: Cluster, logger: Logger, opts: UninstallOptions): Promise<void> {
  const suffix = opts.dryRun ? ' (dry run)' : '';
  const del = { dryRun: opts.dryRun };
  const selector = `app.kubernetes.io/part-of=flux-ts,app.kubernetes.io/instance=${opts.namespace}`;

  logger.action(`deleting components in ${opts.namespace} namespace`);
  for (const res of COMPONENT_RESOURCES) {
    const list = await cluster.list(res, { labelSelector: selector, ...(res.namespaced ? { namespace: opts.namespace } : {}) });
    for (const obj of list.items) {
      await ignoreNotFound(cluster.delete(res, obj.metadata.name, obj.metadata.namespace, del));
      logger.success(`${subject(res.kind, obj)} deleted${suffix}`);
    }
  }

  logger.action('deleting toolkit.fluxcd.io finalizers in all namespaces');
  for (const kind of ALL_KINDS) {
    let items: KubeObject[];
    try {
      // At the served version: objects of an older API (OCIRepository v1beta2) hold finalizers too.
      items = await listKind(cluster, kind);
    } catch (err) {
      if (isNotFound(err) || isNoKindMatch(err)) continue;
      throw err;
    }
    for (const obj of items) {
      if (!(obj.metadata.finalizers ?? []).length) continue;
      if (!opts.dryRun) await ignoreNotFound(cluster.mergePatch(resourceOfObject(kind, obj), obj.metadata.name, obj.metadata.namespace, { metadata: { finalizers: null } }));
      logger.success(`${subject(kind.kind, obj)} finalizers deleted${suffix}`);
    }
  }

  logger.action('deleting toolkit.fluxcd.io custom resource definitions');
  for (const name of crdNames()) {
    const crd = await cluster.tryGet(CRD_RESOURCE, name);
    if (!crd) continue;
    await ignoreNotFound(cluster.delete(CRD_RESOURCE, name, undefined, del));
    logger.success(`CustomResourceDefinition/${name} deleted${suffix}`);
  }

  if (!opts.keepNamespace && (await cluster.tryGet(NAMESPACES, opts.namespace))) {
    await ignoreNotFound(cluster.delete(NAMESPACES, opts.namespace, undefined, del));
    logger.success(`Namespace/${opts.namespace} deleted${suffix}`);
  }
  logger.success('uninstall finished');
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
