// `flux-ts export helmrelease|hr NAME|--all` and `export source git|helm|oci|chart NAME|--all`:
// flux's export, the objects as YAML ready to apply elsewhere. flux's `--with-credentials` is
// left out: flux-ts never prints Secret content.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { commandGroup } from './shared/command-group.js';

type KindPick = (registry: typeof import('../kinds/registry.js')) => AnyFluxKind;

/** The API version flux writes for each kind (v2.9). */
const EXPORT_VERSIONS: Record<string, string> = {
  HelmRelease: 'helm.toolkit.fluxcd.io/v2',
  GitRepository: 'source.toolkit.fluxcd.io/v1',
  HelmRepository: 'source.toolkit.fluxcd.io/v1',
  OCIRepository: 'source.toolkit.fluxcd.io/v1',
  HelmChart: 'source.toolkit.fluxcd.io/v1',
};

function action(runtime: CliRuntime, pick: KindPick) {
  return runtime.action(async (ctx, _declared, cmd) => {
    const args = cmd.args;
    const all = cmd.optsWithGlobals<{ all?: boolean }>().all === true;
    if (!all && args.length < 1) throw new CliError('name is required');
    const [registry, { exportDocument }, { getKind, listKind }] = await Promise.all([import('../kinds/registry.js'), import('./export/document.js'), import('../kinds/served.js')]);
    const kind = pick(registry);
    const apiVersion = EXPORT_VERSIONS[kind.kind] ?? kind.resource.group + '/' + kind.resource.version;
    const cluster = await ctx.cluster();
    const ns = ctx.options.namespace;
    if (all) {
      const items = await listKind(cluster, kind, { namespace: ns });
      if (items.length === 0) throw new CliError(`no objects found in ${ns} namespace`);
      for (const item of items) ctx.io.stdout.write(exportDocument(item, apiVersion));
      return;
    }
    ctx.io.stdout.write(exportDocument(await getKind(cluster, kind, args[0] as string, ns), apiVersion));
  });
}

export function registerExport(program: Command, runtime: CliRuntime): void {
  const exp = commandGroup(program, 'export', 'Export resources in YAML format').option('--all', 'select all resources');
  exp
    .command('helmrelease')
    .aliases(['hr'])
    .description('Export HelmRelease resources in YAML format')
    .argument('[name]')
    .allowExcessArguments(true)
    .action(action(runtime, (r) => r.helmReleaseKind as AnyFluxKind));
  const source = commandGroup(exp, 'source', 'Export sources');
  const words: [string, string, KindPick][] = [
    ['git', 'Export GitRepository sources in YAML format', (r) => r.SOURCE_KINDS.git],
    ['helm', 'Export HelmRepository sources in YAML format', (r) => r.SOURCE_KINDS.helm],
    ['oci', 'Export OCIRepository sources in YAML format', (r) => r.SOURCE_KINDS.oci],
    ['chart', 'Export HelmChart sources in YAML format', (r) => r.SOURCE_KINDS.chart],
    ['bucket', 'Export Bucket sources in YAML format', (r) => r.SOURCE_KINDS.bucket],
  ];
  for (const [word, description, pick] of words) {
    source.command(word).description(description).argument('[name]').allowExcessArguments(true).action(action(runtime, pick));
  }
}
