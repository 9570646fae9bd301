// `flux-ts push chart <chart.tgz|dir> oci://host/repo [--creds user:pass] [--plain-http]`:
// what `helm push` does (a directory is packaged first, like `helm package`). Credentials come
// from --creds or from `helm registry login` / docker config files.
import type { Command } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { commandGroup } from './shared/command-group.js';
import { addOutputFlag, parseOutputFormat, RESULT_FORMATS } from './shared/output.js';
import { credentialsFromFlags, type CredentialFlags } from './shared/registry-flags.js';

interface PushFlags extends CredentialFlags {
  plainHttp?: boolean;
  output?: string;
}

export function registerPush(program: Command, runtime: CliRuntime): void {
  const push = commandGroup(program, 'push', 'Push artifacts to OCI registries');
  const chart = push
    .command('chart')
    .description('Push a Helm chart (archive or directory) to an OCI registry, as helm push does')
    .argument('<chart>', 'chart archive (.tgz) or chart directory')
    .argument('<remote>', 'oci://host/path')
    .option('--creds <string>', 'registry credentials')
    .option('--plain-http', 'use plain HTTP for the registry');
  addOutputFlag(chart, RESULT_FORMATS).action(
      runtime.action(async (ctx: CommandContext, args: string[], cmd: Command) => {
        const flags = cmd.opts<PushFlags>();
        const output = parseOutputFormat(flags.output, RESULT_FORMATS);
        const [{ pushChartFrom }, credentials] = await Promise.all([import('../sources/pull-push.js'), credentialsFromFlags(flags)]);
        let pushed;
        try {
          pushed = await pushChartFrom({
            chart: args[0] ?? '',
            destination: args[1] ?? '',
            ...(credentials ? { credentials } : {}),
            ...(flags.plainHttp ? { plainHttp: true } : {}),
            timeoutMs: ctx.options.timeoutMs,
            env: ctx.io.env,
          });
        } catch (err) {
          throw new CliError((err as Error).message);
        }
        if (output === 'json') {
          ctx.io.stdout.write(`${JSON.stringify({ name: pushed.name, version: pushed.version, ref: pushed.ref, digest: pushed.digest }, null, 2)}\n`);
          return;
        }
        ctx.io.stdout.write(`Pushed: ${pushed.ref}\nDigest: ${pushed.digest}\n`);
      }),
    );
}
