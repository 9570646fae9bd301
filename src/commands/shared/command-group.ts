// A verb that only groups sub-commands (`pull chart`, `push chart`): alone, it prints its help.
import type { Command } from 'commander';

export function commandGroup(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .action(function (this: Command) {
      this.outputHelp();
    });
}
