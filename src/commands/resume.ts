// `flux-ts resume helmrelease|hr NAME...|--all [--wait]` and `resume source <kind> ...` (flux's
// resumeCommand): patch every object first, then wait for them all at once (by watching),
// then report in name order. Waits when exactly one name is given and --wait is not, or with --wait.
import { Option, type Command } from 'commander';
import type { KubeObject } from '../cluster/types.js';
import type { CliRuntime, CommandAction } from '../cli/context.js';
import { CliError, errorMessage } from '../cli/errors.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { commandGroup } from './shared/command-group.js';
import { distinct, everyObject, lookUp, registerKindCommands, requireTargets, setSuspended } from './suspend-resume.js';

interface ResumeFlags {
  all?: boolean;
  wait?: boolean;
}

/** flux: wait iff (--wait not on the command line and exactly one argument) or --wait=true. */
export function shouldWait(args: readonly string[], waitGiven: boolean, wait: boolean): boolean {
  return (!waitGiven && args.length === 1) || wait;
}

function resumeAction(kind: AnyFluxKind): CommandAction {
  return async (ctx, args, cmd) => {
    const flags = cmd.optsWithGlobals<ResumeFlags>();
    requireTargets(kind, args, flags.all === true);
    let waitGiven = false;
    for (let c: Command | null = cmd; c; c = c.parent) if (c.getOptionValueSource('wait') === 'cli') waitGiven = true;
    const wait = shouldWait(args, waitGiven, flags.wait === true);
    const cluster = await ctx.cluster();
    const ns = ctx.options.namespace;

    // Patch phase, one object after the other.
    const resumed: KubeObject[] = [];
    const resume = async (obj: KubeObject) => {
      const patched = await setSuspended(ctx, cluster, kind, obj, false);
      if (patched) resumed.push(patched);
    };
    if (args.length === 0) {
      const objects = await everyObject(cluster, kind, ns);
      if (objects.length === 0) ctx.logger.failure(`no ${kind.kind} objects found in ${ns} namespace`);
      for (const obj of objects) await resume(obj);
    } else {
      for (const name of distinct(args)) {
        const obj = await lookUp(cluster, kind, name, ns);
        // flux names the FIRST argument here, whichever is missing.
        if (!obj) ctx.logger.failure(`${kind.kind} object '${args[0]}' not found in ${ns} namespace`);
        else await resume(obj);
      }
    }
    if (!wait || resumed.length === 0) return;

    const [{ watchUntil }, { objectReady }, { waitSignal }, { successMessage }] = await Promise.all([
      import('./wait/watch-until.js'),
      import('./wait/checks.js'),
      import('./wait/interrupt.js'),
      import('./reconcile-run.js'),
    ]);
    const signal = waitSignal(ctx.deadline);
    try {
      const check = objectReady((o) => kind.isStatic?.(o) ?? false);
      const outcomes = await Promise.all(
        resumed.map(async (obj) => {
          ctx.logger.waiting(`waiting for ${kind.kind} reconciliation`);
          const name = obj.metadata.name;
          try {
            const verdict = await watchUntil({ cluster, kind, name, namespace: ns }, check, { signal: signal.signal });
            return verdict.state === 'done' ? { name, object: verdict.object } : { name, error: verdict.message };
          } catch (err) {
            if (signal.signal.reason instanceof CliError && signal.signal.reason.exitCode === 130) throw signal.signal.reason;
            return { name, error: errorMessage(err) };
          }
        }),
      );
      outcomes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      let failed = 0;
      for (const o of outcomes) {
        if ('object' in o && o.object) {
          ctx.logger.success(`${kind.kind} ${o.name} reconciliation completed`);
          ctx.logger.success(successMessage(kind, o.object));
        } else {
          failed++;
          ctx.logger.failure(`${kind.kind} ${o.name} reconciliation failed: ${'error' in o ? o.error : ''}`);
        }
      }
      if (failed > 0) throw new CliError(`reconciliation failed for ${failed} ${kind.kind}(s)`);
    } finally {
      signal.dispose();
    }
  };
}

export function registerResume(program: Command, runtime: CliRuntime): void {
  const resume = commandGroup(program, 'resume', 'Resume suspended resources')
    .option('--all', 'resume all resources in that namespace')
    .option('--wait', 'waits for one resource to reconcile before moving to the next one')
    // Hidden negation so `--wait=false` counts as given (flux then does not wait).
    .addOption(new Option('--no-wait').hideHelp());
  registerKindCommands(resume, runtime, 'Resume', resumeAction);
}
