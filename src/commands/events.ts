// `flux-ts events [--for Kind[/name]] [--types Normal,Warning] [-A] [-w]`: flux's events
// command. Registration only; events/run.ts does the work when it runs.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';

interface EventsFlags {
  allNamespaces?: boolean;
  watch?: boolean;
  for?: string;
  types?: string[];
}

/** pflag's StringSlice: repeatable, and each value split on commas. */
function collectTypes(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').filter((t) => t !== '')];
}

export function registerEvents(program: Command, runtime: CliRuntime): void {
  program
    .command('events')
    .description('Display Kubernetes events for Flux resources')
    .option('-A, --all-namespaces', 'display events from Flux resources across all namespaces')
    .option('-w, --watch', 'indicate if the events should be streamed')
    .option('--for <string>', 'get events for a particular object')
    .option('--types <strings>', 'filter events for certain types (valid types are: Normal, Warning)', collectTypes)
    .allowExcessArguments(true)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const flags = cmd.opts<EventsFlags>();
        const { runEvents } = await import('./events/run.js');
        await runEvents(ctx, {
          allNamespaces: flags.allNamespaces === true,
          watch: flags.watch === true,
          types: flags.types ?? [],
          ...(flags.for !== undefined ? { for: flags.for } : {}),
        });
      }),
    );
}
