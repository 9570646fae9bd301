// `flux-ts check [--pre]`: is the cluster ready for flux-ts, and is flux-ts installed and healthy.
// flux's flags: --components / --components-extra (pflag string slices) and --poll-interval
// (a duration, default 5s); what they mean for flux-ts's one controller: check-run.ts.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { DurationError, parseGoDuration } from '../cli/duration.js';
import { CliError, UsageError } from '../cli/errors.js';
import { goQuote } from '../cli/go-quote.js';
import { COMPONENTS } from '../install/options.js';
import { collectStringSlice } from './install-flags.js';

interface CheckFlags {
  pre?: boolean;
  components: string | string[];
  componentsExtra?: string[];
  pollInterval: string;
}

const DEFAULT_COMPONENTS = COMPONENTS.join(',');

/** pflag's StringSlice with a default: the first value given replaces the default, later ones add. */
function collectReplacingDefault(value: string, previous: string | string[]): string[] {
  return collectStringSlice(value, Array.isArray(previous) ? previous : undefined);
}

function pollIntervalMs(raw: string): number {
  try {
    return parseGoDuration(raw);
  } catch (err) {
    if (err instanceof DurationError) throw new UsageError(`invalid argument ${goQuote(raw)} for "--poll-interval" flag: ${err.message}`);
    throw err;
  }
}

export function registerCheck(program: Command, runtime: CliRuntime): void {
  program
    .command('check')
    .description('Check requirements and installation')
    .option('--pre', 'only run pre-installation checks')
    .option('--components <strings>', 'list of components, accepts comma-separated values', collectReplacingDefault, DEFAULT_COMPONENTS)
    .option('--components-extra <strings>', 'list of components in addition to those supplied or defaulted, accepts comma-separated values', collectStringSlice)
    .option('--poll-interval <duration>', 'how often the health checker should poll the cluster for the latest state of the resources.', '5s')
    .allowExcessArguments(false)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const flags = cmd.opts<CheckFlags>();
        const interval = pollIntervalMs(flags.pollInterval);
        const [{ runCheck }, { checkComponents }] = await Promise.all([import('./check-run.js'), import('../install/options.js')]);
        const listed = typeof flags.components === 'string' ? [flags.components] : flags.components;
        let components;
        try {
          // The same rule as install's: flux-ts has source-controller and helm-controller only.
          components = checkComponents([...listed, ...(flags.componentsExtra ?? [])]);
        } catch (err) {
          throw new CliError(err instanceof Error ? err.message : String(err));
        }
        const ok = await runCheck(await ctx.cluster(), ctx.logger, { namespace: ctx.options.namespace, pre: flags.pre === true, components, pollIntervalMs: interval, deadline: ctx.deadline });
        if (!ok) throw new CliError('check failed');
      }),
    );
}
