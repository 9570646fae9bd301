// A verb that only groups sub-commands (`pull chart`, `reconcile source git`): alone, it prints
// its help, as cobra does, and refuses stray arguments.
import type { Command } from 'commander';

export function commandGroup(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .allowExcessArguments(false)
    .action(function (this: Command) {
      this.outputHelp();
    });
}
