// `flux-ts uninstall [--keep-namespace] [--dry-run]`: removes what `flux-ts install` created.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';

export function registerUninstall(program: Command, runtime: CliRuntime): void {
  program
    .command('uninstall')
    .description('Uninstall flux-ts: the controller, its RBAC and settings, the Flux finalizers, the CRDs and the namespace')
    .option('--keep-namespace', 'skip namespace deletion')
    .option('--dry-run', 'only print the objects that would be deleted')
    .option('-s, --silent', 'delete components without asking for confirmation (flux-ts never asks)')
    .allowExcessArguments(false)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const flags = cmd.opts<{ keepNamespace?: boolean; dryRun?: boolean }>();
        const { runUninstall } = await import('../install/uninstall.js');
        await runUninstall(await ctx.cluster(), ctx.logger, { namespace: ctx.options.namespace, keepNamespace: flags.keepNamespace === true, dryRun: flags.dryRun === true });
      }),
    );
}
