// The flux-ts root command: global flags, usage errors in cobra's words, and every command
// from src/cli/commands.ts.
import { COMMANDS } from './commands.js';
import { FluxCommand } from './command.js';
import type { CliIO } from './context.js';
import { attachExamples } from './examples.js';
import { addGlobalFlags, defaultCacheDir, defaultNamespace } from './globals.js';
import { cobraHelp, cobraUsage, helpTopic, setProgramEnv } from './help.js';
import { createLogger, type Logger } from './logger.js';
import { createRuntime } from './runtime.js';
import { VERSION_LINE } from './version.js';

export interface Program {
  program: FluxCommand;
  logger: Logger;
}

export function createProgram(io: CliIO): Program {
  const logger = createLogger(io.stderr);
  const program = new FluxCommand('flux-ts');
  setProgramEnv(program, io.env);
  program
    // cobra prints the root's Long, which in flux starts with an empty line.
    .description('\nCommand line utility for assembling Kubernetes CD pipelines the GitOps way.')
    // cobra's root version flag takes -v when no other flag of the root has it.
    .version(VERSION_LINE, '-v, --version', 'version for flux-ts')
    .helpOption('-h, --help', 'help for flux-ts')
    .showSuggestionAfterError(false)
    // cobra's layout (Usage, Aliases, Available Commands, Flags, Global Flags): src/cli/help.ts.
    .configureHelp({ showGlobalOptions: true, formatHelp: cobraHelp })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are thrown (FluxCommand.error) and printed once by main as `✗ …`.
      outputError: () => {},
    })
    .exitOverride()
    // Like cobra: no sub-command prints the help on stdout and succeeds.
    .action(function (this: FluxCommand) {
      this.outputHelp();
    });
  addGlobalFlags(program, defaultNamespace(io.env, (m) => logger.warning(m)), defaultCacheDir(io.env));
  const runtime = createRuntime(io, logger);
  for (const register of COMMANDS) register(program, runtime);
  addHelpCommand(program, io);
  attachExamples();
  return { program, logger };
}

/** cobra's `help [command]`, registered last as cobra adds it. */
function addHelpCommand(program: FluxCommand, io: CliIO): void {
  program
    .command('help')
    .summary('Help about any command')
    .description(`Help provides help for any command in the application.\nSimply type ${program.name()} help [path to command] for full details.`)
    .argument('[command]')
    .allowExcessArguments(true)
    .action((_first: string | undefined, _opts: unknown, cmd: FluxCommand) => {
      const { command, unknown } = helpTopic(program, cmd.args);
      if (unknown === undefined) command.outputHelp();
      else io.stdout.write(`${unknown}\n${cobraUsage(command, command.createHelp())}`);
    });
}
