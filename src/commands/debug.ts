// `flux-ts debug helmrelease|hr NAME --show-status|--show-values|--show-history` (flux's `debug
// hr`): the status or the history as flux prints them, or the composed values. Unlike flux,
// values that came from a Secret are masked (flux-ts never prints Secret content).
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError, UsageError } from '../cli/errors.js';
import { commandGroup } from './shared/command-group.js';

interface DebugFlags {
  showStatus?: boolean;
  showValues?: boolean;
  showHistory?: boolean;
}

const STATUS_DOC = '# Status documentation: https://fluxcd.io/flux/components/helm/helmreleases/#helmrelease-status\n';
const HISTORY_DOC = '# History documentation: https://fluxcd.io/flux/components/helm/helmreleases/#history\n';

export function registerDebug(program: Command, runtime: CliRuntime): void {
  const debug = commandGroup(program, 'debug', 'Debug a flux resource');
  debug
    .command('helmrelease')
    .aliases(['hr'])
    .description('Debug a HelmRelease resource: its status, its composed values (Secret values masked) or its history')
    .argument('[name]')
    .option('--show-status', 'print the status of the Helm release')
    .option('--show-values', 'print the final values of the Helm release (values from Secrets masked)')
    .option('--show-history', 'print the reconciliation history of the Helm release')
    .allowExcessArguments(true)
    .action(
      runtime.action(async (ctx, _declared, cmd) => {
        // cobra.ExactArgs(1), counting the words beyond the declared one too.
        const args = cmd.args;
        if (args.length !== 1) throw new UsageError(`accepts 1 arg(s), received ${args.length}`);
        const flags = cmd.opts<DebugFlags>();
        const chosen = [flags.showStatus, flags.showValues, flags.showHistory].filter((f) => f === true).length;
        if (chosen !== 1) throw new CliError('exactly one of --show-status, --show-values, or --show-history must be set');
        const [{ helmReleaseKind }, out] = await Promise.all([import('../kinds/registry.js'), import('./debug/status-yaml.js')]);
        const cluster = await ctx.cluster();
        const hr = await cluster.get<import('../kinds/api-types.js').HelmRelease>(helmReleaseKind.resource, args[0] as string, ctx.options.namespace);
        if (flags.showStatus) ctx.io.stdout.write(STATUS_DOC + out.goYaml(out.statusForYaml(hr)));
        else if (flags.showHistory) ctx.io.stdout.write(HISTORY_DOC + out.goYaml(out.historyForYaml(hr)));
        else {
          const { showValues } = await import('./describe/values.js');
          ctx.io.stdout.write(await showValues(cluster, hr));
        }
      }),
    );
}
