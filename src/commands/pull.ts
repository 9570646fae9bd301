// `flux-ts pull chart NAME --repo URL --version C` and `flux-ts pull chart oci://host/repo/NAME
// --version C`: resolve the chart exactly as Flux would, save it with -d, print the chosen
// version and digest (text, or `-o json`: name, version, digest, url). The sources module is
// loaded only when the command runs.
import type { Command } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import { CliError, UsageError } from '../cli/errors.js';
import { commandGroup } from './shared/command-group.js';
import { addOutputFlag, parseOutputFormat, RESULT_FORMATS } from './shared/output.js';
import { credentialsFromFlags, type CredentialFlags } from './shared/registry-flags.js';

interface PullFlags extends CredentialFlags {
  repo?: string;
  version?: string;
  destination?: string;
  output?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  passCredentials?: boolean;
  plainHttp?: boolean;
}

export function registerPull(program: Command, runtime: CliRuntime): void {
  const pull = commandGroup(program, 'pull', 'Pull artifacts from chart sources');
  const chart = pull
    .command('chart')
    .description('Resolve a chart version as Flux would and download it (HTTP repository or OCI registry)')
    .argument('<chart>', 'chart name (with --repo) or oci://host/path/name')
    .option('--repo <string>', 'chart repository URL (HTTP/S)')
    .option('--version <string>', 'semver version or constraint; empty = latest stable', '')
    .option('-d, --destination <string>', 'directory to write the chart archive to');
  addOutputFlag(chart, RESULT_FORMATS)
    .option('--creds <string>', 'credentials for the repository or registry')
    .option('--username <string>', 'repository username')
    .option('--password <string>', 'repository password')
    .option('--ca-file <string>', 'verify the server certificate with this CA bundle')
    .option('--cert-file <string>', 'client certificate file (mutual TLS)')
    .option('--key-file <string>', 'client key file (mutual TLS)')
    .option('--pass-credentials', 'send credentials to every host, not only the repository host')
    .option('--plain-http', 'use plain HTTP for the OCI registry')
    .action(
      runtime.action(async (ctx: CommandContext, args: string[], cmd: Command) => {
        const flags = cmd.opts<PullFlags>();
        const output = parseOutputFormat(flags.output, RESULT_FORMATS);
        const [{ pullChart }, creds, tls] = await Promise.all([import('../sources/pull-push.js'), credentialsFromFlags(flags), tlsOf(flags)]);
        let result;
        try {
          result = await pullChart({
            chart: args[0] ?? '',
            version: flags.version ?? '',
            ...(flags.repo !== undefined ? { repoUrl: flags.repo } : {}),
            ...(flags.destination !== undefined ? { destination: flags.destination } : {}),
            ...(creds ? { credentials: creds } : {}),
            ...(tls ? { tls } : {}),
            ...(flags.passCredentials ? { passCredentials: true } : {}),
            ...(flags.plainHttp ? { plainHttp: true } : {}),
            timeoutMs: ctx.options.timeoutMs,
            env: ctx.io.env,
          });
        } catch (err) {
          throw new CliError((err as Error).message);
        }
        if (output === 'json') {
          const out = { name: result.name, version: result.version, digest: result.digest, url: result.url, ...(result.manifestDigest ? { manifestDigest: result.manifestDigest } : {}) };
          ctx.io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          return;
        }
        ctx.io.stdout.write(`Pulled: ${result.name} ${result.version} from ${result.url}\n`);
        ctx.io.stdout.write(`Digest: ${result.digest}\n`);
        if (result.path !== undefined) ctx.io.stdout.write(`Saved: ${result.path}\n`);
      }),
    );
}

async function tlsOf(flags: PullFlags): Promise<{ ca?: string; cert?: string; key?: string } | undefined> {
  if (flags.caFile === undefined && flags.certFile === undefined && flags.keyFile === undefined) return undefined;
  if ((flags.certFile === undefined) !== (flags.keyFile === undefined)) throw new UsageError('--cert-file and --key-file must be given together');
  const { readFile } = await import('node:fs/promises');
  const read = async (p: string | undefined, flag: string): Promise<string | undefined> => {
    if (p === undefined) return undefined;
    try {
      return await readFile(p, 'utf8');
    } catch (err) {
      throw new UsageError(`${flag}: ${(err as Error).message}`);
    }
  };
  const [ca, cert, key] = await Promise.all([read(flags.caFile, '--ca-file'), read(flags.certFile, '--cert-file'), read(flags.keyFile, '--key-file')]);
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}
