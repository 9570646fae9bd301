// `flux-ts controller`: runs the HelmRelease controller in the foreground (the install's
// Deployment runs it as `flux-ts controller --leader-elect ...`). JSON logs on stderr.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { boolOption, parseBoolFlag } from './install-flags.js';

interface ControllerFlags {
  watchNamespace?: string;
  watchAllNamespaces?: string | boolean;
  concurrent: number;
  metricsAddr: string;
  healthAddr: string;
  leaderElect?: boolean;
  noCrossNamespaceRefs?: string | boolean;
  logLevel: string;
  watchConfigsLabelSelector: string;
  leaseDuration?: string;
  renewDeadline?: string;
  retryPeriod?: string;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`must be a positive integer, got "${value}"`);
  return n;
}

export function registerController(program: Command, runtime: CliRuntime): void {
  program
    .command('controller')
    .description('Run the flux-ts HelmRelease controller')
    .option('--watch-namespace <string>', 'watch only this namespace (default: all namespaces)')
    .option('--watch-all-namespaces [bool]', 'watch all namespaces; false watches only the runtime namespace', parseBoolFlag)
    .option('--concurrent <int>', 'the number of concurrent HelmRelease reconciles', positiveInt, 4)
    .option('--metrics-addr <string>', 'the address the metric endpoint binds to', ':8080')
    .option('--health-addr <string>', 'the address the health endpoint binds to', ':9440')
    .option('--leader-elect', 'enable leader election for the controller manager')
    .option('--leader-election-lease-duration <duration>', 'interval at which non-leader candidates will wait to force acquire leadership', '15s')
    .option('--leader-election-renew-deadline <duration>', 'duration that the leading controller manager will retry refreshing leadership before giving up', '10s')
    .option('--leader-election-retry-period <duration>', 'duration the LeaderElector clients should wait between tries of actions', '2s')
    .option('--no-cross-namespace-refs [bool]', 'when true, references between custom resources are allowed only if they are in the same namespace (default: the install setting)', parseBoolFlag)
    .option('--requeue-dependency <duration>', 'the interval at which failing dependencies and sources that are not ready are reevaluated', '30s')
    .option('--log-level <string>', 'log verbosity level: debug, info, error', 'info')
    .option('--watch-configs-label-selector <string>', 'Watch for ConfigMaps and Secrets with matching labels.', 'reconcile.fluxcd.io/watch=Enabled')
    .allowExcessArguments(false)
    .action(
      runtime.action(async (ctx, _args, cmd) => {
        const f = cmd.opts<ControllerFlags & Record<string, unknown>>();
        const { parseGoDuration } = await import('../cli/duration.js');
        const { createJsonLogger } = await import('../controller/log.js');
        const { runController } = await import('../controller/run.js');
        const { loadCoreReconciler } = await import('../controller/core.js');
        const { parseConfigsSelector } = await import('../controller/config-selector.js');
        const level = f.logLevel;
        if (level !== 'debug' && level !== 'info' && level !== 'error') throw new CliError(`invalid --log-level "${level}": expected debug, info or error`);
        let configsSelector;
        try {
          configsSelector = parseConfigsSelector(f.watchConfigsLabelSelector);
        } catch (err) {
          throw new CliError(err instanceof Error ? err.message : String(err));
        }
        const runtimeNamespace = ctx.io.env.RUNTIME_NAMESPACE || ctx.options.namespace;
        const watchNamespace = f.watchNamespace ?? (boolOption(f.watchAllNamespaces, true) ? undefined : runtimeNamespace);
        const duration = (flag: string, v: unknown) => {
          try {
            return parseGoDuration(String(v));
          } catch (err) {
            throw new CliError(`invalid --${flag}: ${err instanceof Error ? err.message : String(err)}`);
          }
        };
        // commander maps `--no-cross-namespace-refs` to `crossNamespaceRefs` (negation); read both.
        // Given bare it is `false` (negated), with a value the parsed boolean; unset: the install decides.
        const raw = f['crossNamespaceRefs'];
        const noCross = cmd.getOptionValueSource('crossNamespaceRefs') !== 'cli' ? undefined : raw === false ? true : raw === true;
        const leaseDurationMs = duration('leader-election-lease-duration', f['leaderElectionLeaseDuration']);
        const renewDeadlineMs = duration('leader-election-renew-deadline', f['leaderElectionRenewDeadline']);
        const retryPeriodMs = duration('leader-election-retry-period', f['leaderElectionRetryPeriod']);
        const { VERSION } = await import('../cli/version.js');
        // Not ctx.cluster(): that client ends with the command's --timeout, and a controller runs
        // until it is stopped.
        const { connect } = await import('../cluster/connect.js');
        const { cluster } = await connect({ flags: ctx.options.kube, env: ctx.io.env, userAgent: `flux-ts/${VERSION}`, rateLimit: ctx.options.kubeApi });
        // Source reconciling gets a client of its own, with its own rate limit, as Flux's
        // source-controller is a separate process: fetching sources does not slow HelmReleases.
        const { cluster: sourceCluster } = await connect({ flags: ctx.options.kube, env: ctx.io.env, userAgent: `flux-ts/${VERSION}`, rateLimit: ctx.options.kubeApi });
        const log = createJsonLogger((l) => ctx.io.stderr.write(l), level);
        // `lookup` in charts reaches the cluster through a worker with its own client: the same flags.
        const clusterOptions = { flags: ctx.options.kube, env: { ...ctx.io.env }, userAgent: `flux-ts/${VERSION}` };
        const requeueDependencyMs = duration('requeue-dependency', f['requeueDependency']);
        const reconciler = await loadCoreReconciler(cluster, (line) => log.debug(line, { logger: 'helm' }), clusterOptions, requeueDependencyMs);
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
        try {
          const code = await runController({
            cluster,
            sourceCluster,
            reconciler,
            log,
            runtimeNamespace,
            watchNamespace,
            concurrent: f.concurrent,
            metricsAddr: f.metricsAddr,
            healthAddr: f.healthAddr,
            leaderElect: f.leaderElect === true,
            leaseDurationMs,
            renewDeadlineMs,
            retryPeriodMs,
            noCrossNamespaceRefs: noCross,
            configsSelector,
            stop: stop.signal,
          });
          if (code !== 0) throw new CliError('leader election lost', code);
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          cluster.close?.();
          sourceCluster.close?.();
        }
      }),
    );
}
