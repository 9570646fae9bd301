// `flux-ts suspend helmrelease|hr NAME...|--all` and `suspend source <kind> ...` (flux's
// suspendCommand): per object `► suspending …` + `✔ … suspended`; names not found are logged
// and the command still succeeds, as flux's does.
import type { Command } from 'commander';
import type { CliRuntime, CommandAction } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { KubeObject } from '../cluster/types.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { commandGroup } from './shared/command-group.js';
import { distinct, everyObject, lookUp, registerKindCommands, requireTargets, setSuspended } from './suspend-resume.js';

function suspendAction(kind: AnyFluxKind): CommandAction {
  return async (ctx, args, cmd) => {
    const all = cmd.optsWithGlobals<{ all?: boolean }>().all === true;
    requireTargets(kind, args, all);
    const cluster = await ctx.cluster();
    const ns = ctx.options.namespace;
    const suspend = (obj: KubeObject) => setSuspended(ctx, cluster, kind, obj, true);
    if (args.length === 0) {
      const objects = await everyObject(cluster, kind, ns);
      if (objects.length === 0) throw new CliError('no objects found');
      for (const obj of objects) await suspend(obj);
      return;
    }
    for (const name of distinct(args)) {
      const obj = await lookUp(cluster, kind, name, ns);
      if (!obj) {
        ctx.logger.failure(`${kind.kind} ${name} not found in ${ns} namespace`);
        continue;
      }
      await suspend(obj);
    }
  };
}

export function registerSuspend(program: Command, runtime: CliRuntime): void {
  const suspend = commandGroup(program, 'suspend', 'Suspend resources').option('--all', 'suspend all resources in that namespace');
  registerKindCommands(suspend, runtime, 'Suspend reconciliation of', suspendAction);
}
