// `flux-ts install`: generates the CRDs, RBAC, settings ConfigMap and controller Deployment
// (src/install) and applies them with server-side apply, printing flux's progress lines and
// change set; `--export` prints the YAML instead and needs no cluster.
import { Option, type Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_REGISTRY } from '../install/options.js';
import { boolOption, checkLogLevelFlag, collectStringSlice, parseBoolFlag } from './install-flags.js';

interface InstallFlags {
  export?: boolean;
  dryRun?: boolean;
  version?: string;
  components?: string;
  componentsExtra?: string[];
  image?: string;
  registry?: string;
  registryCreds?: string;
  imagePullSecret?: string;
  tolerationKeys?: string[];
  clusterDomain?: string;
  force?: boolean;
  allowNamespaceCrossReferences?: boolean;
  watchAllNamespaces?: string | boolean;
  networkPolicy?: string | boolean;
  wait?: boolean;
  logLevel?: string;
}

export function registerInstall(program: Command, runtime: CliRuntime): void {
  program
    .command('install')
    .description('Install or upgrade flux-ts: CRDs, RBAC and the flux-ts controller')
    .option('--export', 'write the install manifests to stdout and exit')
    .option('--dry-run', 'apply as a server dry run, changing nothing')
    .option('-v, --version <string>', 'toolkit version, e.g. v0.1.0 (only the CLI version is embedded)')
    .option('--components <strings>', 'list of components, accepts comma-separated values', 'source-controller,helm-controller')
    .option(
      '--components-extra <strings>',
      "list of components in addition to those supplied or defaulted, accepts comma-separated values (flux's image-reflector-controller, image-automation-controller and source-watcher are not flux-ts components)",
      collectStringSlice,
    )
    .option('--registry <string>', 'container registry where the flux-ts image is published (the image is <registry>/flux-ts:<version>)', DEFAULT_REGISTRY)
    .option('--registry-creds <string>', "container registry credentials in the format 'user:password', requires --image-pull-secret to be set")
    .option('--image-pull-secret <string>', 'Kubernetes secret name used for pulling the flux-ts image from a private registry')
    .option('--image <string>', 'controller image, overrides --registry (default ghcr.io/flux-ts/flux-ts:<CLI version>)')
    .option('--allow-namespace-cross-references', 'let HelmReleases reference sources in other namespaces')
    .option('--watch-all-namespaces [bool]', 'watch for custom resources in all namespaces, if set to false it will only watch the namespace where it is installed', parseBoolFlag)
    .option('--network-policy [bool]', 'deny ingress access to the controller from other namespaces using network policies', parseBoolFlag)
    // A --wait/--no-wait pair: the CLI's argv rewriting turns `--wait=false` into `--no-wait`.
    .option('--wait', 'wait for the CRDs to be established and the controller to be ready (default true)')
    .addOption(new Option('--no-wait', 'do not wait for the controller to be ready').hideHelp())
    .option('--log-level <logLevel>', 'log level, available options are: (debug, info, error)', 'info')
    .option('--cluster-domain <string>', 'internal cluster domain (validated; the flux-ts controller builds no in-cluster address from it)', DEFAULT_CLUSTER_DOMAIN)
    .option('--toleration-keys <strings>', 'list of toleration keys used to schedule the controller pod onto nodes with matching taints', collectStringSlice)
    .option('--force', "override existing Flux installation if it's managed by a different tool such as Helm (flux-ts never prompts, so it changes nothing)")
    .allowExcessArguments(false)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const flags = cmd.opts<InstallFlags>();
        checkLogLevelFlag(flags.logLevel ?? 'info');
        const { buildInstallPlan, runInstall } = await import('../install/run.js');
        let plan;
        try {
          plan = buildInstallPlan({
            namespace: ctx.options.namespace,
            version: flags.version,
            components: flags.components ?? '',
            componentsExtra: flags.componentsExtra,
            image: flags.image,
            registry: flags.registry,
            registryCreds: flags.registryCreds,
            imagePullSecret: flags.imagePullSecret,
            tolerationKeys: flags.tolerationKeys,
            clusterDomain: flags.clusterDomain,
            allowCrossNamespaceRefs: flags.allowNamespaceCrossReferences === true,
            watchAllNamespaces: boolOption(flags.watchAllNamespaces, true),
            networkPolicy: boolOption(flags.networkPolicy, true),
            logLevel: flags.logLevel ?? 'info',
          });
        } catch (err) {
          throw new CliError(err instanceof Error ? err.message : String(err));
        }
        await runInstall(ctx, plan.options, { credentials: plan.credentials, export: flags.export === true, dryRun: flags.dryRun === true, wait: flags.wait !== false, verbose: ctx.options.verbose });
      }),
    );
}
