// `flux-ts reconcile hr NAME --local`: runs the reconcile in this process against the configured
// cluster (no controller needed), printing each step and ending as `flux reconcile hr` does.
import type { CommandContext } from '../cli/context.js';
import type { HelmRelease } from '../kinds/api-types.js';
import { CliError } from '../cli/errors.js';
import { withWaitSignal } from './wait/interrupt.js';
import { rfc3339Nano } from './wait/timestamp.js';

export interface LocalReconcileRequest {
  name: string;
  namespace: string;
  /** --force: a one-off install/upgrade (reconcile.fluxcd.io/forceAt). */
  force?: boolean;
  /** --reset: reset the failure counters (reconcile.fluxcd.io/resetAt). */
  reset?: boolean;
}

export async function runLocalReconcile(ctx: CommandContext, req: LocalReconcileRequest): Promise<void> {
  const [{ reconcileHelmRelease, clusterEventRecorder, HELMRELEASE_RESOURCE: HR }, { bridgeLookupProvider }, { requestAnnotations }, { VERSION }] = await Promise.all([
    import('../reconcile/run/index.js'),
    import('../reconcile/run/lookup-session.js'),
    import('./reconcile-request.js'),
    import('../cli/version.js'),
  ]);
  const cluster = await ctx.cluster();
  const log = ctx.logger;
  const obj = await cluster.tryGet<HelmRelease>(HR, req.name, req.namespace);
  if (!obj) throw new CliError(`HelmRelease ${req.namespace}/${req.name} not found`);
  // As `flux reconcile`: a suspended object is refused before any request is written.
  if (obj.spec?.suspend === true) throw new CliError('resource is suspended');

  // The same request annotations `flux reconcile` writes, so the status records them as handled.
  const annotations = requestAnnotations(rfc3339Nano(), req);
  await cluster.mergePatch(HR, req.name, req.namespace, { metadata: { annotations } });

  log.action(`reconciling HelmRelease ${req.name} in ${req.namespace} namespace`);
  // Ctrl-C or --timeout cancels the running Helm action, which records its release as failed
  // (as helm-controller on SIGTERM) instead of leaving it pending.
  const result = await withWaitSignal(ctx.deadline, (signal) =>
    reconcileHelmRelease({
      cluster,
      namespace: req.namespace,
      name: req.name,
      signal,
      // Each run is its own process: count a repeated event on the live Event, as one controller
      // process would, instead of creating a new Event every run.
      events: clusterEventRecorder(cluster, { countAcrossProcesses: true }),
      // `lookup` in templates sees the cluster, through a worker with its own client (same flags).
      lookup: bridgeLookupProvider({ clusterOptions: { flags: ctx.options.kube, env: { ...ctx.io.env }, userAgent: `flux-ts/${VERSION}` } }),
      progress: (symbol, message) => {
        // Multi-line condition messages (drift summaries) print as one step each line.
        const text = message.split('\n')[0]!;
        if (symbol === '►') log.action(text);
        else if (symbol === '✔') log.success(text);
        else if (symbol === '◎') log.waiting(text);
        // Failures end the command below, once.
      },
    }),
  );
  if (result.kind === 'suspended') throw new CliError(`HelmRelease ${req.namespace}/${req.name} is suspended`);
  if (result.kind === 'not-ready') throw new CliError(result.message);
  const ready = result.hr.status?.conditions?.find((c) => c.type === 'Ready');
  const stalled = result.hr.status?.conditions?.find((c) => c.type === 'Stalled');
  if (ready?.status !== 'True') throw new CliError(ready?.message ?? stalled?.message ?? 'HelmRelease is not ready');
  const revision = result.hr.status?.history?.[0]?.chartVersion ?? result.hr.status?.lastAttemptedRevision ?? '';
  log.success(`applied revision ${revision}`);
}
