// `flux-ts completion bash|zsh|fish|powershell` prints the shell script; the hidden `__complete` command
// answers the scripts (completion-engine.ts), reading names and namespaces from the cluster.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import type { KubeObject, ResourceRef } from '../cluster/types.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { completionScript, SHELLS } from './completion-scripts.js';
import { commandGroup } from './shared/command-group.js';

/** Completion must answer quickly or not at all: a slow cluster gives no candidates. */
const LOOKUP_TIMEOUT_MS = 5_000;
const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };

function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

export function registerCompletion(program: Command, runtime: CliRuntime): void {
  // flux's shape: one sub-command per shell; `completion` alone prints its help, an unknown
  // shell is an unknown command.
  const completion = commandGroup(program, 'completion', 'Generates completion scripts for various shells');
  for (const shell of SHELLS) {
    completion
      .command(shell)
      .description(`Generates ${shell} completion scripts`)
      // cobra accepts (and ignores) extra words after a leaf command without an Args rule.
      .allowExcessArguments(true)
      .action(
        runtime.action(async (ctx) => {
          ctx.io.stdout.write(completionScript(shell));
        }),
      );
  }

  program
    .command('__complete', { hidden: true })
    .description('Request shell completion choices for the specified command-line')
    .argument('[words...]')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(
      runtime.action(async (ctx, args, cmd) => {
        const [{ complete, formatCompletion }, registry] = await Promise.all([import('./completion-engine.js'), import('../kinds/registry.js')]);
        const words = args.length > 0 ? args : [''];
        const root = rootOf(cmd);
        const { walk } = await import('./completion-engine.js');
        const typed = walk(root, words).typed;
        const kindFor = (c: Command): AnyFluxKind | undefined => {
          if (['helmreleases', 'helmrelease'].includes(c.name())) return registry.helmReleaseKind as AnyFluxKind;
          if (c.parent && ['source', 'sources'].includes(c.parent.name())) return (registry.SOURCE_KINDS as Record<string, AnyFluxKind>)[c.name()];
          return undefined;
        };
        // Connect lazily, only when a candidate needs the cluster, to the cluster the words name.
        const deadline = AbortSignal.timeout(LOOKUP_TIMEOUT_MS);
        let opened: Promise<import('../cluster/types.js').Cluster> | undefined;
        const cluster = () =>
          (opened ??= import('../cluster/connect.js').then(async ({ connect }) => {
            const flags = { ...ctx.options.kube, ...(typed.kubeconfig ? { kubeconfig: typed.kubeconfig } : {}), ...(typed.context ? { context: typed.context } : {}) };
            return (await connect({ flags, env: ctx.io.env, deadline })).cluster;
          }));
        const names = async (list: () => Promise<{ items: KubeObject[] }>) => {
          try {
            return (await list()).items.map((o) => o.metadata.name);
          } catch {
            return [];
          }
        };
        const result = await complete(
          root,
          { words, defaultNamespace: ctx.options.namespace, kindFor },
          {
            namespaces: () => names(async () => (await cluster()).list(NAMESPACES)),
            kubeconfigNames: async (what) => {
              try {
                const { loadMergedConfig } = await import('../cluster/kubeconfig.js');
                const flags = { ...ctx.options.kube, ...(typed.kubeconfig ? { kubeconfig: typed.kubeconfig } : {}) };
                return [...loadMergedConfig(flags, { env: ctx.io.env })[what].keys()].sort();
              } catch {
                return [];
              }
            },
            names: (kind, namespace) =>
              names(async () => {
                const { listKind } = await import('../kinds/served.js');
                return { items: await listKind(await cluster(), kind, { namespace }) };
              }),
          },
        );
        try {
          (await opened)?.close?.();
        } catch {
          // nothing to release
        }
        ctx.io.stdout.write(formatCompletion(result));
      }),
    );
}
