// `flux-ts install`: generates the CRDs, RBAC, settings ConfigMap and controller Deployment
// (src/install) and applies them with server-side apply, printing flux's progress lines and
// change set; `--export` prints the YAML instead and needs no cluster.
import { Option, type Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { boolOption, checkLogLevelFlag, parseBoolFlag } from './install-flags.js';

interface InstallFlags {
  export?: boolean;
  dryRun?: boolean;
  version?: string;
  components?: string;
  image?: string;
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
    .option('--image <string>', 'controller image (default ghcr.io/flux-ts/flux-ts:<CLI version>)')
    .option('--allow-namespace-cross-references', 'let HelmReleases reference sources in other namespaces')
    .option('--watch-all-namespaces [bool]', 'watch for custom resources in all namespaces, if set to false it will only watch the namespace where it is installed', parseBoolFlag)
    .option('--network-policy [bool]', 'deny ingress access to the controller from other namespaces using network policies', parseBoolFlag)
    // A --wait/--no-wait pair: the CLI's argv rewriting turns `--wait=false` into `--no-wait`.
    .option('--wait', 'wait for the CRDs to be established and the controller to be ready (default true)')
    .addOption(new Option('--no-wait', 'do not wait for the controller to be ready').hideHelp())
    .option('--log-level <logLevel>', 'log level, available options are: (debug, info, error)', 'info')
    .allowExcessArguments(false)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const flags = cmd.opts<InstallFlags>();
        checkLogLevelFlag(flags.logLevel ?? 'info');
        const { buildInstallOptions, runInstall } = await import('../install/run.js');
        let opts;
        try {
          opts = buildInstallOptions({
            namespace: ctx.options.namespace,
            version: flags.version,
            components: flags.components ?? '',
            image: flags.image,
            allowCrossNamespaceRefs: flags.allowNamespaceCrossReferences === true,
            watchAllNamespaces: boolOption(flags.watchAllNamespaces, true),
            networkPolicy: boolOption(flags.networkPolicy, true),
            logLevel: flags.logLevel ?? 'info',
          });
        } catch (err) {
          throw new CliError(err instanceof Error ? err.message : String(err));
        }
        await runInstall(ctx, opts, { export: flags.export === true, dryRun: flags.dryRun === true, wait: flags.wait !== false, verbose: ctx.options.verbose });
      }),
    );
}
