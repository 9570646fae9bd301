// `flux-ts get`: registers the sub-commands. Nothing heavy is imported here; the engine
// (get-run.ts) is loaded when a get command actually runs.
import type { Command } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { commandGroup } from './shared/command-group.js';
import { addOutputFlag, parseOutputFormat } from './shared/output.js';

interface GetFlags {
  header?: boolean;
  watch?: boolean;
  statusSelector?: string;
  labelSelector?: string;
  output?: string;
  showSource?: boolean;
}

type KindPick = () => Promise<AnyFluxKind | readonly AnyFluxKind[]>;

function registry() {
  return import('../kinds/registry.js');
}

function runner(runtime: CliRuntime, pick: KindPick) {
  return runtime.action(async (ctx: CommandContext, args: string[], cmd: Command) => {
    const flags = cmd.optsWithGlobals<GetFlags>();
    const [{ runGetKind, runGetAll }, picked] = await Promise.all([import('./get-run.js'), pick()]);
    const req = {
      args,
      noHeader: flags.header === false,
      watch: flags.watch === true,
      output: parseOutputFormat(flags.output),
      showSource: flags.showSource === true,
      ...(flags.statusSelector !== undefined ? { statusSelector: flags.statusSelector } : {}),
      ...(flags.labelSelector !== undefined ? { labelSelector: flags.labelSelector } : {}),
    };
    if (Array.isArray(picked)) await runGetAll(ctx, picked as readonly AnyFluxKind[], req);
    else await runGetKind(ctx, picked as AnyFluxKind, req);
  });
}

export function registerGet(program: Command, runtime: CliRuntime): void {
  const get = commandGroup(program, 'get', 'Get the resources and their status')
    // Persistent on `get` only, as in flux: `flux reconcile hr x -A` is an unknown flag.
    .option('-A, --all-namespaces', 'list the requested object(s) across all namespaces')
    .option('--no-header', 'skip the header when printing the results')
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes.')
    .option('--status-selector <string>', 'specify the status condition name and the desired state to filter the get result, e.g. ready=false')
    .option('-l, --label-selector <string>', 'filter objects by label selector');
  addOutputFlag(get);

  get
    .command('helmreleases')
    .aliases(['hr', 'helmrelease'])
    .description('Get HelmRelease statuses')
    .argument('[name]', 'HelmRelease name')
    .option('--show-source', 'show the source reference for each helmrelease')
    .allowExcessArguments(true)
    .action(runner(runtime, async () => (await registry()).helmReleaseKind as AnyFluxKind));

  const sources = commandGroup(get, 'sources', 'Get source statuses').alias('source');
  const sourceKinds: [string, string, (r: Awaited<ReturnType<typeof registry>>) => AnyFluxKind][] = [
    ['git', 'Get GitRepository source statuses', (r) => r.SOURCE_KINDS.git],
    ['helm', 'Get HelmRepository source statuses', (r) => r.SOURCE_KINDS.helm],
    ['oci', 'Get OCIRepository status', (r) => r.SOURCE_KINDS.oci],
    ['chart', 'Get HelmChart statuses', (r) => r.SOURCE_KINDS.chart],
    ['bucket', 'Get Bucket source statuses', (r) => r.SOURCE_KINDS.bucket],
    ['external', 'Get ExternalArtifact source statuses', (r) => r.SOURCE_KINDS.external],
  ];
  for (const [word, description, pick] of sourceKinds) {
    sources
      .command(word)
      .description(description)
      .argument('[name]')
      .allowExcessArguments(true)
      .action(runner(runtime, async () => pick(await registry())));
  }
  sources
    .command('all')
    .description('Get all source statuses')
    .argument('[name]')
    .allowExcessArguments(true)
    .action(runner(runtime, async () => (await registry()).SOURCES_ALL_ORDER));

  get
    .command('all')
    .description('Get all resources and statuses')
    .argument('[name]')
    .allowExcessArguments(true)
    .action(runner(runtime, async () => (await registry()).GET_ALL_ORDER));
}
