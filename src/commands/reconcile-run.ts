// The `reconcile` verb, written once for every kind (flux's reconcileCommand and
// reconcileWithSourceCommand): optionally reconcile the source chain first, annotate, then
// wait by watching until the controller has handled exactly this request.
import type { Cluster, KubeObject } from '../cluster/types.js';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { field, findCondition, stringField } from '../kinds/accessors.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { getKind, resourceOfObject } from '../kinds/served.js';
import { reconcileHandled } from './wait/checks.js';
import { throwIfAborted } from './wait/interrupt.js';
import { rfc3339Nano } from './wait/timestamp.js';
import { watchUntil } from './wait/watch-until.js';
import { requestAnnotations, requestReconciliation, type RequestOptions } from './reconcile-request.js';

export interface ReconcileTarget {
  kind: AnyFluxKind;
  name: string;
  namespace: string;
}

export interface ReconcileOptions extends RequestOptions {
  /** Reconcile the source (and its source) first. */
  withSource: boolean;
}

export interface ReconcileEnv {
  ctx: CommandContext;
  cluster: Cluster;
  signal: AbortSignal;
  /** Registry lookups by Kind, for following source references. */
  kindByName(kind: string): AnyFluxKind | undefined;
  /** The annotation value; tests and the benchmark pass a fixed clock. */
  now?: () => string;
}

/** flux's success lines: sources fetched an artifact, a HelmRelease applied a chart version. */
export function successMessage(kind: AnyFluxKind, obj: KubeObject): string {
  if (kind.kind === 'HelmRelease') return `applied revision ${kind.revision(obj)}`;
  // An OCI HelmRepository has no artifact: flux repeats its Ready message (empty without one).
  if (kind.isStatic?.(obj)) return findCondition(obj, 'Ready')?.message ?? '';
  return `fetched revision ${stringField(obj, 'status', 'artifact', 'revision')}`;
}

/** The reconcile chain's next link (helmReleaseAdapter / helmChartAdapter getSource). */
function sourceOf(env: ReconcileEnv, target: ReconcileTarget, obj: KubeObject): { target: ReconcileTarget; withSource: boolean } | undefined {
  if (target.kind.kind === 'HelmRelease') {
    const chartRef = field(obj, 'spec', 'chartRef');
    if (chartRef !== undefined && chartRef !== null) {
      const refKind = stringField(chartRef, 'kind');
      const namespace = stringField(chartRef, 'namespace') || target.namespace;
      const kind = env.kindByName(refKind);
      if (refKind === 'OCIRepository' && kind) return { target: { kind, name: stringField(chartRef, 'name'), namespace }, withSource: false };
      if (refKind === 'HelmChart' && kind) return { target: { kind, name: stringField(chartRef, 'name'), namespace }, withSource: true };
      throw new CliError(`cannot reconcile source of kind ${refKind}`);
    }
    // The chart template: helm-controller's HelmChart `<hr-namespace>-<hr-name>` next to its source.
    const chart = env.kindByName('HelmChart');
    if (!chart) return undefined;
    const namespace = stringField(obj, 'spec', 'chart', 'spec', 'sourceRef', 'namespace') || target.namespace;
    return { target: { kind: chart, name: `${target.namespace}-${target.name}`, namespace }, withSource: true };
  }
  if (target.kind.kind === 'HelmChart') {
    const refKind = stringField(obj, 'spec', 'sourceRef', 'kind');
    const kind = env.kindByName(refKind);
    if (!kind) throw new CliError(`cannot reconcile source of kind ${refKind}`);
    return { target: { kind, name: stringField(obj, 'spec', 'sourceRef', 'name'), namespace: target.namespace }, withSource: false };
  }
  return undefined;
}

/** Reconciles one object (after its source chain when asked) and prints flux's lines. */
export async function reconcileObject(env: ReconcileEnv, target: ReconcileTarget, opts: ReconcileOptions): Promise<void> {
  const { ctx, cluster, signal } = env;
  const { kind, name, namespace } = target;
  const log = ctx.logger;
  const current = await getKind<KubeObject>(cluster, kind, name, namespace);
  throwIfAborted(signal);
  if (kind.isStatic?.(current)) {
    log.success('reconciliation not supported by the object');
    return;
  }
  if (kind.suspended(current)) throw new CliError('resource is suspended');

  if (opts.withSource) {
    const source = sourceOf(env, target, current);
    if (source) await reconcileObject(env, source.target, { withSource: source.withSource });
  }

  const token = (env.now ?? rfc3339Nano)();
  log.action(`annotating ${kind.kind} ${name} in ${namespace} namespace`);
  const annotations = requestAnnotations(token, kind.kind === 'HelmRelease' ? opts : {});
  await requestReconciliation(cluster, resourceOfObject(kind, current), name, namespace, annotations);
  throwIfAborted(signal);
  log.success(`${kind.kind} annotated`);

  log.waiting(`waiting for ${kind.kind} reconciliation`);
  const verdict = await watchUntil({ cluster, kind, name, namespace }, reconcileHandled(token), { signal });
  if (verdict.state === 'failed') throw new CliError(verdict.message);

  const ready = findCondition(verdict.object, 'Ready');
  if (!ready) throw new CliError("status can't be determined");
  if (ready.status !== 'True') {
    const message = ready.message ?? '';
    // flux quotes the message for sources (reconcileCommand) but not for HelmRelease.
    throw new CliError(kind.kind === 'HelmRelease' ? `HelmRelease reconciliation failed: ${message}` : `${kind.kind} reconciliation failed: '${message}'`);
  }
  log.success(successMessage(kind, verdict.object));
}
