// The install flow flux prints: generate, apply stage by stage (CRDs and the Namespace first,
// then waiting for the CRDs to be Established), verify the controller, finish.
import type { Cluster } from '../cluster/types.js';
import type { LineSink, Logger } from '../cli/logger.js';
import { applyAll, formatEntry } from './apply.js';
import { exportYaml } from './export.js';
import { generateManifests } from './manifests.js';
import {
  checkClusterDomain,
  checkComponents,
  checkImagePullSecret,
  checkLogLevel,
  checkRegistryCreds,
  checkTolerationKeys,
  checkVersion,
  CONTROLLER_NAME,
  DEFAULT_CLUSTER_DOMAIN,
  DEFAULT_REGISTRY,
  defaultImage,
  type InstallOptions,
  type RegistryCredentials,
} from './options.js';
import { pullSecret, upsertPullSecret } from './pull-secret.js';
import { waitCrdsEstablished, waitDeploymentReady } from './readiness.js';

export interface InstallInput {
  namespace: string;
  version?: string | undefined;
  components: string;
  /** `--components-extra`, already split: appended to `components`, then checked together as flux does. */
  componentsExtra?: readonly string[] | undefined;
  image?: string | undefined;
  registry?: string | undefined;
  /** `--registry-creds` as given (`user:password`). */
  registryCreds?: string | undefined;
  imagePullSecret?: string | undefined;
  tolerationKeys?: readonly string[] | undefined;
  clusterDomain?: string | undefined;
  allowCrossNamespaceRefs: boolean;
  watchAllNamespaces: boolean;
  networkPolicy: boolean;
  logLevel: string;
}

export interface InstallPlan {
  options: InstallOptions;
  /** Set with `--registry-creds`: the pull secret is created after the manifests are applied. */
  credentials?: RegistryCredentials | undefined;
}

/**
 * The flags checked in flux2 install.go's order (components, registry credentials, version),
 * then the rest. `--image` names the whole image and wins over `--registry`, which still keys
 * the pull secret's docker config.
 */
export function buildInstallPlan(input: InstallInput): InstallPlan {
  const components = checkComponents([input.components, ...(input.componentsExtra ?? [])]);
  const imagePullSecret = checkImagePullSecret(input.imagePullSecret ?? '');
  const credentials = checkRegistryCreds(input.registryCreds ?? '', imagePullSecret);
  const version = checkVersion(input.version);
  const registry = input.registry ?? DEFAULT_REGISTRY;
  const options: InstallOptions = {
    namespace: input.namespace,
    version,
    components,
    image: input.image && input.image !== '' ? input.image : defaultImage(version, registry),
    allowCrossNamespaceRefs: input.allowCrossNamespaceRefs,
    watchAllNamespaces: input.watchAllNamespaces,
    networkPolicy: input.networkPolicy,
    logLevel: checkLogLevel(input.logLevel),
    registry,
    imagePullSecret,
    tolerationKeys: checkTolerationKeys(input.tolerationKeys ?? []),
    clusterDomain: checkClusterDomain(input.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN),
  };
  return credentials ? { options, credentials } : { options };
}

export function buildInstallOptions(input: InstallInput): InstallOptions {
  return buildInstallPlan(input).options;
}

export interface InstallContext {
  logger: Logger;
  io: { stdout: LineSink; stderr: LineSink };
  deadline: AbortSignal;
  cluster(): Promise<Cluster>;
}

export interface InstallMode {
  export: boolean;
  dryRun: boolean;
  wait: boolean;
  /** The global --verbose: the generated manifests go to stdout before they are applied, as in flux. */
  verbose?: boolean;
  /** `--registry-creds`: create the `--image-pull-secret` Secret after the apply, as flux does. */
  credentials?: RegistryCredentials | undefined;
  /** Poll intervals (tests shorten them). */
  crdPollMs?: number;
  deploymentPollMs?: number;
}

export class InstallError extends Error {}

export async function runInstall(ctx: InstallContext, opts: InstallOptions, mode: InstallMode): Promise<void> {
  const objects = generateManifests(opts);
  if (mode.export) {
    ctx.io.stdout.write(exportYaml(objects, opts));
    return;
  }
  ctx.logger.generate('generating manifests');
  if (mode.verbose) ctx.io.stdout.write(exportYaml(objects, opts));
  ctx.logger.success('manifests build completed');
  const cluster = await ctx.cluster();
  ctx.logger.action(`installing components in ${opts.namespace} namespace`);
  await applyAll(cluster, objects, {
    dryRun: mode.dryRun,
    // flux prints the change set on stderr, among its progress lines.
    onEntry: (e) => ctx.io.stderr.write(`${formatEntry(e, mode.dryRun)}\n`),
    afterStage: async (stage) => {
      const crds = stage.filter((e) => e.object.kind === 'CustomResourceDefinition').map((e) => e.object.metadata.name);
      if (mode.dryRun || crds.length === 0) return;
      if (!(await waitCrdsEstablished(cluster, crds, ctx.deadline, mode.crdPollMs))) throw new InstallError('timeout waiting for CustomResourceDefinitions to be established');
    },
  });
  if (mode.credentials && opts.imagePullSecret !== '') {
    ctx.logger.action(`generating image pull secret ${opts.imagePullSecret}`);
    try {
      await upsertPullSecret(cluster, pullSecret(opts.imagePullSecret, opts.namespace, opts.registry, mode.credentials), mode.dryRun);
    } catch (err) {
      throw new InstallError(`install failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (mode.dryRun) {
    ctx.logger.success('install dry run finished');
    return;
  }
  ctx.logger.success('install completed');
  if (!mode.wait) return;
  ctx.logger.waiting('verifying installation');
  if (await waitDeploymentReady(cluster, CONTROLLER_NAME, opts.namespace, ctx.deadline, mode.deploymentPollMs)) {
    ctx.logger.success(`${CONTROLLER_NAME}: deployment ready`);
  } else {
    ctx.logger.failure(`${CONTROLLER_NAME}: deployment not ready`);
    throw new InstallError('install failed');
  }
  ctx.logger.success('install finished');
}
