// `flux-ts check [--pre]`: is the cluster ready for flux-ts, and is flux-ts installed and healthy.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError } from '../cli/errors.js';

export function registerCheck(program: Command, runtime: CliRuntime): void {
  program
    .command('check')
    .description('Check requirements and installation')
    .option('--pre', 'only run pre-installation checks')
    .allowExcessArguments(false)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const { runCheck } = await import('../install/check.js');
        const ok = await runCheck(await ctx.cluster(), ctx.logger, { namespace: ctx.options.namespace, pre: cmd.opts<{ pre?: boolean }>().pre === true });
        if (!ok) throw new CliError('check failed');
      }),
    );
}
