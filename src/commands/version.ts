// `flux-ts version [--client] [-o yaml|json]`: flux's version report. Registration only;
// version-report.ts does the work.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError } from '../cli/errors.js';

export function registerVersion(program: Command, runtime: CliRuntime): void {
  program
    .command('version')
    .description('Print the client and server-side components version information.')
    .option('--client', 'print only client version')
    .option('-o, --output <string>', "the format in which the information should be printed. can be 'json' or 'yaml'", 'yaml')
    // cobra's legacyArgs: a leaf command takes (and ignores) arguments.
    .allowExcessArguments(true)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const flags = cmd.opts<{ client?: boolean; output: string }>();
        if (flags.output !== 'yaml' && flags.output !== 'json') throw new CliError(`--output must be json or yaml, not ${flags.output}`);
        const [{ collectVersionInfo, versionJson, versionYaml }, { cliVersionTag }] = await Promise.all([import('./version-report.js'), import('../install/options.js')]);
        const info =
          flags.client === true
            ? { cli: cliVersionTag(), distribution: '', controllers: new Map<string, string>() }
            : await collectVersionInfo(await ctx.cluster(), ctx.options.namespace, cliVersionTag());
        ctx.io.stdout.write(flags.output === 'json' ? versionJson(info) : versionYaml(info));
      }),
    );
}
