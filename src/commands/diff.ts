// `flux-ts diff helmrelease|hr NAME --path DIR`: builds the HelmRelease from disk and compares
// it with the live cluster. Exit 0 no difference, 1 differences, 2 failure (as `flux diff`).
import type { Command } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import { CliError, RequestError } from '../cli/errors.js';
import { addLocalBuildFlags, localBuildOptions, type LocalBuildFlags } from './build.js';
import { commandGroup } from './shared/command-group.js';

/** flux diff's exit codes. */
export const DIFF_FOUND = 1;
export const DIFF_FAILED = 2;

export const DIFF_FOUND_MESSAGE = 'identified at least one change, exiting with non-zero exit code';

/** flux's `RequestError{StatusCode: 1}` from `diff`: differences were found (a warning, exit 1). */
export class DiffFoundError extends RequestError {
  override readonly name = 'DiffFoundError';
  constructor() {
    super(DIFF_FOUND_MESSAGE, DIFF_FOUND);
  }
}

export function registerDiff(program: Command, runtime: CliRuntime): void {
  const diff = commandGroup(program, 'diff', 'Diff a flux resource');
  addLocalBuildFlags(diff.command('helmrelease').aliases(['hr']).description('Diff a HelmRelease built from manifests on disk against the cluster').argument('[name]', 'HelmRelease name')).action(
    runtime.action(async (ctx: CommandContext, args: string[], cmd: Command) => {
      let out;
      try {
        const opts = localBuildOptions(ctx, 'diff', args, cmd.opts<LocalBuildFlags>());
        const { runDiff } = await import('./diff-run.js');
        out = await runDiff(await ctx.cluster(), opts, ctx.deadline);
      } catch (e) {
        // Any failure, the build's or the cluster's, is flux diff's exit 2.
        throw new CliError(e instanceof Error ? e.message : String(e), DIFF_FAILED);
      }
      ctx.io.stdout.write(out.stdout);
      if (out.changed) throw new DiffFoundError();
    }),
  );
}
