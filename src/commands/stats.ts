// `flux-ts stats [-A]`: flux's stats report. Registration only; stats/report.ts does the work.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';

export function registerStats(program: Command, runtime: CliRuntime): void {
  program
    .command('stats')
    .description('Stats of Flux reconciles')
    .option('-A, --all-namespaces', 'list the statistics for objects across all namespaces')
    .allowExcessArguments(true)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        // cobra.NoArgs
        if (cmd.args.length > 0) throw new UsageError(`unknown command ${JSON.stringify(cmd.args[0])} for "flux-ts stats"`);
        const [{ statsRows, STATS_HEADER }, { renderTable }] = await Promise.all([import('./stats/report.js'), import('../cli/printers/table.js')]);
        const all = cmd.opts<{ allNamespaces?: boolean }>().allNamespaces === true;
        const rows = await statsRows(await ctx.cluster(), all ? undefined : ctx.options.namespace);
        ctx.io.stdout.write(renderTable(STATS_HEADER, rows));
      }),
    );
}
