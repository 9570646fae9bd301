// `flux-ts build helmrelease|hr NAME --path DIR`: renders a HelmRelease from manifests on disk,
// with no cluster, and prints what helm-controller would install. Registration only; the
// builder loads when the command runs.
import type { Command } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import { CliError, UsageError } from '../cli/errors.js';
import { commandGroup } from './shared/command-group.js';

export interface LocalBuildFlags {
  path?: string;
  sourceDir?: string;
  kubeVersion?: string;
}

/** The flags `build hr` and `diff hr` share. */
export function addLocalBuildFlags(cmd: Command): Command {
  return cmd
    .option('--path <string>', 'directory with the HelmRelease, its sources and its values ConfigMaps/Secrets')
    .option('--source-dir <string>', 'local checkout a GitRepository source maps to (default: the nearest parent of --path holding the chart)')
    .option('--kube-version <string>', 'Kubernetes version for Capabilities.KubeVersion');
}

/** Checks NAME and --path; returns the builder's options. */
export function localBuildOptions(ctx: CommandContext, verb: string, args: string[], flags: LocalBuildFlags) {
  const name = args[0];
  if (!name) throw new UsageError(`HelmRelease name is required`);
  if (!flags.path) throw new UsageError(`invalid resource path "", the --path flag is required for "flux-ts ${verb} hr"`);
  return {
    name,
    namespace: ctx.options.namespace,
    path: flags.path,
    ...(flags.sourceDir !== undefined ? { sourceDir: flags.sourceDir } : {}),
    ...(flags.kubeVersion !== undefined ? { kubeVersion: flags.kubeVersion } : {}),
    // Helm's values warnings on stderr, as `helm template` prints them (Secret values masked).
    log: (line: string) => void ctx.io.stderr.write(`${line}\n`),
  };
}

export function registerBuild(program: Command, runtime: CliRuntime): void {
  const build = commandGroup(program, 'build', 'Build a flux resource locally');
  addLocalBuildFlags(build.command('helmrelease').aliases(['hr']).description('Render a HelmRelease from manifests on disk, without a cluster').argument('[name]', 'HelmRelease name')).action(
    runtime.action(async (ctx: CommandContext, args: string[], cmd: Command) => {
      const opts = localBuildOptions(ctx, 'build', args, cmd.opts<LocalBuildFlags>());
      const { runBuild } = await import('./build-run.js');
      const out = await runBuild(opts);
      if (out.error !== undefined) throw new CliError(out.error);
      ctx.io.stdout.write(out.stdout);
    }),
  );
}
