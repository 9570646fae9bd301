// `flux-ts trace`: which Flux objects manage an in-cluster object, from which source and
// revision (flux trace). Registration only; trace-run.ts does the work when the command runs.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { setArgsUsage } from '../cli/help.js';

export function registerTrace(program: Command, runtime: CliRuntime): void {
  const trace = program
    .command('trace')
    .description('Trace in-cluster objects throughout the GitOps delivery pipeline')
    .argument('[args...]')
    .option('--kind <string>', "the Kubernetes object kind, e.g. Deployment'")
    .option('--api-version <string>', "the Kubernetes object API version, e.g. 'apps/v1'")
    .action(
      runtime.action(async (ctx, args, cmd) => {
        const { runTrace } = await import('./trace-run.js');
        const opts = cmd.opts<{ kind?: string; apiVersion?: string }>();
        await runTrace(ctx, { args, ...(opts.kind !== undefined ? { kind: opts.kind } : {}), ...(opts.apiVersion !== undefined ? { apiVersion: opts.apiVersion } : {}) });
      }),
    );
  setArgsUsage(trace, '<resource> <name> [<name> ...]');
}
