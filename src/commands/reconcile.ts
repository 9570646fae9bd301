// `flux-ts reconcile helmrelease|hr NAME` and `reconcile source git|helm|oci|chart NAME`.
// Registration only; the engine (reconcile-run.ts) loads when a reconcile runs.
import type { Command } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { commandGroup } from './shared/command-group.js';

interface ReconcileFlags {
  withSource?: boolean;
  force?: boolean;
  reset?: boolean;
  local?: boolean;
}

type KindPick = (registry: typeof import('../kinds/registry.js')) => AnyFluxKind;

function action(runtime: CliRuntime, pick: KindPick) {
  return runtime.action(async (ctx: CommandContext, args: string[], cmd: Command) => {
    const [registry, { reconcileObject }, { withWaitSignal }] = await Promise.all([import('../kinds/registry.js'), import('./reconcile-run.js'), import('./wait/interrupt.js')]);
    const kind = pick(registry);
    const name = args[0];
    if (!name) throw new CliError(`${kind.kind} name is required`);
    const flags = cmd.opts<ReconcileFlags>();
    if (flags.local) {
      // In-process reconcile (src/reconcile/run); no controller involved.
      const { runLocalReconcile } = await import('./reconcile-local.js');
      await runLocalReconcile(ctx, { name, namespace: ctx.options.namespace, force: flags.force === true, reset: flags.reset === true });
      return;
    }
    await withWaitSignal(ctx.deadline, async (signal) => {
      const cluster = await ctx.cluster();
      await reconcileObject(
        { ctx, cluster, signal, kindByName: (k) => registry.ALL_KINDS.find((x) => x.kind === k) },
        { kind, name, namespace: ctx.options.namespace },
        { withSource: flags.withSource === true, force: flags.force === true, reset: flags.reset === true },
      );
    });
  });
}

export function registerReconcile(program: Command, runtime: CliRuntime): void {
  const reconcile = commandGroup(program, 'reconcile', 'Reconcile sources and resources');

  reconcile
    .command('helmrelease')
    .aliases(['hr'])
    .description('Reconcile a HelmRelease resource')
    .argument('[name]', 'HelmRelease name')
    .option('--with-source', 'reconcile HelmRelease source')
    .option('--force', 'force a one-off install or upgrade of the HelmRelease resource')
    .option('--reset', 'reset the retry counter for the HelmRelease resource')
    .option('--local', 'run the reconcile in this process against the cluster, without helm-controller')
    // flux declares no Args rule: words after the name are ignored.
    .allowExcessArguments(true)
    .action(action(runtime, (r) => r.helmReleaseKind as AnyFluxKind));

  const source = commandGroup(reconcile, 'source', 'Reconcile sources');
  const words: [string, string, KindPick, boolean][] = [
    ['git', 'Reconcile a GitRepository source', (r) => r.SOURCE_KINDS.git, false],
    ['helm', 'Reconcile a HelmRepository source', (r) => r.SOURCE_KINDS.helm, false],
    ['oci', 'Reconcile an OCIRepository source', (r) => r.SOURCE_KINDS.oci, false],
    ['chart', 'Reconcile a HelmChart source', (r) => r.SOURCE_KINDS.chart, true],
    ['bucket', 'Reconcile a Bucket source', (r) => r.SOURCE_KINDS.bucket, false],
  ];
  for (const [word, description, pick, withSource] of words) {
    const cmd = source.command(word).description(description).argument('[name]', 'source name').allowExcessArguments(true);
    if (withSource) cmd.option('--with-source', 'reconcile HelmChart source');
    cmd.action(action(runtime, pick));
  }
}
