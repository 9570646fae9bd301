// `flux-ts check`: flux's checks and lines: the Kubernetes version, the installed version and
// settings, the controller Deployment and its image, the CRDs and their stored versions.
// As flux's status checker does, a controller Deployment that exists but is not ready yet is
// polled every --poll-interval until it is, or until --timeout. flux-ts's one controller serves
// every component, so --components/--components-extra select which components' CRDs are
// checked (an install made with a subset checks with the same subset). Returns whether every
// check passed (the command then prints `✗ check failed`, exit 1).
import semver from 'semver';
import { CONFIGMAPS } from '../cluster/core-resources.js';
import type { Cluster, KubeObject } from '../cluster/types.js';
import type { Logger } from '../cli/logger.js';
import type { CustomResourceDefinition } from '../install/crds/types.js';
import { crdNames } from '../install/manifests.js';
import { CONTROLLER_NAME, SETTINGS_CONFIGMAP, type Component } from '../install/options.js';
import { crdEstablished, CRD_RESOURCE, deploymentReady, DEPLOYMENT_RESOURCE } from '../install/readiness.js';
import { sleepUnlessAborted } from '../cluster/sleep.js';

export const MIN_KUBERNETES = '>=1.33.0-0';

export interface CheckOptions {
  namespace: string;
  /** `--pre`: the Kubernetes version only. */
  pre: boolean;
  /** `--components` + `--components-extra`, checked against what flux-ts has. */
  components: readonly Component[];
  /** `--poll-interval`, in milliseconds. */
  pollIntervalMs: number;
  /** Aborts at `--timeout`: the end of waiting for the controller. */
  deadline: AbortSignal;
}

export async function runCheck(cluster: Cluster, logger: Logger, opts: CheckOptions): Promise<boolean> {
  let ok = true;
  logger.action('checking prerequisites');
  const gitVersion = await cluster.serverVersion();
  const version = semver.coerce(gitVersion, { includePrerelease: false })?.version ?? gitVersion.replace(/^v/, '');
  if (semver.valid(version) && semver.satisfies(version, MIN_KUBERNETES, { includePrerelease: true })) logger.success(`Kubernetes ${version} ${MIN_KUBERNETES}`);
  else {
    logger.failure(`Kubernetes version ${version} does not match ${MIN_KUBERNETES}`);
    ok = false;
  }
  if (opts.pre) {
    if (ok) logger.success('prerequisites checks passed');
    return ok;
  }

  logger.action('checking version in cluster');
  const settings = await cluster.tryGet(CONFIGMAPS, SETTINGS_CONFIGMAP, opts.namespace);
  const data = (settings?.['data'] ?? {}) as Record<string, string>;
  if (data['version']) logger.success(`distribution: flux-ts-${data['version']}`);
  else {
    logger.failure(`flux-ts is not installed in ${opts.namespace} namespace (no ${SETTINGS_CONFIGMAP} ConfigMap)`);
    ok = false;
  }
  logger.success('bootstrapped: false');

  logger.action('checking settings');
  if (data['allow-cross-namespace'] !== undefined) logger.success(`allow-cross-namespace: ${data['allow-cross-namespace']}`);
  if (data['watch-all-namespaces'] !== undefined) logger.success(`watch-all-namespaces: ${data['watch-all-namespaces']}`);

  logger.action('checking controllers');
  let dep: KubeObject | undefined = await cluster.tryGet(DEPLOYMENT_RESOURCE, CONTROLLER_NAME, opts.namespace);
  if (!dep) {
    logger.failure(`${CONTROLLER_NAME}: deployment not found`);
    ok = false;
  } else {
    dep = await pollWhileNotReady(cluster, dep, opts);
    if (deploymentReady(dep)) logger.success(`${CONTROLLER_NAME}: deployment ready`);
    else {
      logger.failure(`${CONTROLLER_NAME}: deployment not ready`);
      ok = false;
    }
    for (const image of imagesOf(dep)) logger.action(image);
  }

  logger.action('checking crds');
  // The requests share the --timeout deadline: flux's CRD list fails the same way once it passed.
  if (opts.deadline.aborted) {
    logger.failure('error listing CRDs: context deadline exceeded');
    return false;
  }
  for (const name of crdNames(opts.components)) {
    const crd = await cluster.tryGet<CustomResourceDefinition>(CRD_RESOURCE, name);
    if (!crd) {
      logger.failure(`${name}: not found`);
      ok = false;
    } else if (!crdEstablished(crd)) {
      logger.failure(`${name}: not established`);
      ok = false;
    } else {
      const stored = crd.status?.storedVersions ?? [];
      logger.success(`${name}/${stored[stored.length - 1] ?? crd.spec.versions.find((v) => v.storage)?.name ?? ''}`);
    }
  }
  if (ok) logger.success('all checks passed');
  return ok;
}

/** The Deployment, looked at again every poll interval while it is not ready, until the deadline. */
async function pollWhileNotReady(cluster: Cluster, dep: KubeObject, opts: CheckOptions): Promise<KubeObject | undefined> {
  let latest: KubeObject | undefined = dep;
  while (!deploymentReady(latest)) {
    await sleepUnlessAborted(opts.pollIntervalMs, opts.deadline);
    if (opts.deadline.aborted) break;
    try {
      latest = await cluster.tryGet(DEPLOYMENT_RESOURCE, CONTROLLER_NAME, opts.namespace);
    } catch (err) {
      // The deadline passed during the request: judge what was seen last.
      if (opts.deadline.aborted) break;
      throw err;
    }
  }
  return latest;
}

function imagesOf(dep: KubeObject | undefined): string[] {
  const spec = dep?.['spec'] as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined;
  return (spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '').filter((i) => i !== '');
}
