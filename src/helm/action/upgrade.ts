// Helm 4's upgrade as helm-controller runs it: the release must exist and not be pending;
// render (nothing written on failure), a pending-upgrade record (history pruned to
// maxHistory), pre-upgrade hooks, apply and prune, wait, post-upgrade hooks; then the
// previous deployed record is superseded and the new one deployed, or the new one failed.
import { PENDING_STATUSES, type Release } from '../release/types.js';
import { type ActionConfig, debug, DEFAULT_TIMEOUT_MS, message, OperationInProgressError, type ReleaseRunOptions, timestamp, warn } from './config.js';
import { LogError } from './log.js';
import { checkOwnership, deleteObjects } from './apply.js';
import { applyCrds, type CrdPolicy } from './crds.js';
import { buildObjects, manifestDocs } from './objects.js';
import { releaseHookOf, type ReleaseSource } from './render.js';
import { failRelease, phaseOf, runReleasePhases } from './release-phases.js';
import { currentObjects, matchKey, syncObjects } from './sync.js';
import { readiness, waitForReady } from './wait.js';

export interface UpgradeOptions extends ReleaseRunOptions {
  namespace: string;
  /** Flux default 5; 0 = unlimited. */
  maxHistory?: number;
  /** Flux's upgrade.crds, default Skip. */
  crds?: CrdPolicy;
  /** Delete the objects this upgrade created when it fails. */
  cleanupOnFail?: boolean;
  labels?: Record<string, string>;
}

export async function upgrade(cfg: ActionConfig, src: ReleaseSource, opts: UpgradeOptions): Promise<Release> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  debug(cfg, 'preparing upgrade', ['name', opts.name]);
  const last = await cfg.storage.last(opts.name);
  if (!last) throw new Error(`"${opts.name}" has no deployed releases`);
  if (PENDING_STATUSES.includes(last.info.status ?? 'unknown')) throw new OperationInProgressError();
  // The objects to diff against: the deployed release, else a failed or superseded last one.
  const deployed = await cfg.storage.deployed(opts.name);
  if (!deployed && last.info.status !== 'failed' && last.info.status !== 'superseded') throw new Error(`"${opts.name}" has no deployed releases`);
  const current = deployed ?? last;
  const version = last.version + 1;
  // Flux's upgrade resets values (ResetValues = !preserveValues): only the given ones apply.
  debug(cfg, "resetting values to the chart's original version");

  const rendered = await src.render({ revision: version, isInstall: false, isUpgrade: true });
  debug(cfg, 'determined release apply method', ['server_side_apply', true], ['previous_release_apply_method', current.apply_method ?? '']);
  // CRDs first: the release's own objects may be of their kinds.
  await applyCrds(cfg, rendered.crds, opts.crds ?? 'Skip', opts.namespace);
  const target = await buildObjects(cfg.cluster, manifestDocs(rendered.manifest), opts.namespace);
  const currentObjs = await currentObjects(cfg, current.manifest, opts.namespace);
  const owner = { name: opts.name, namespace: opts.namespace };
  const takeOwnership = opts.takeOwnership ?? true;
  // Helm's target.Difference(current): matched on group, kind, namespace and name, so an object
  // whose apiVersion the chart bumped is not "created" by this upgrade.
  const currentKeys = new Set(currentObjs.map(matchKey));
  const existing = await checkOwnership(cfg, target.filter((o) => !currentKeys.has(matchKey(o))), { owner, takeOwnership }).catch((e: unknown) =>
    Promise.reject(new Error(`unable to continue with update: ${message(e)}`)),
  );
  const created = target.filter((o) => !currentKeys.has(matchKey(o)) && !existing.has(o));

  const now = timestamp(cfg);
  const rel: Release = {
    name: opts.name,
    namespace: opts.namespace,
    version,
    info: {
      ...(current.info.first_deployed ? { first_deployed: current.info.first_deployed } : {}),
      last_deployed: now,
      description: 'Preparing upgrade',
      status: 'pending-upgrade',
      ...(rendered.notes ? { notes: rendered.notes } : {}),
    },
    chart: src.chart,
    config: src.config,
    manifest: rendered.manifest,
    hooks: rendered.hooks.map(releaseHookOf),
    apply_method: 'ssa',
    ...mergeLabels(last.labels, opts.labels),
  };
  debug(cfg, 'performing update', ['name', opts.name]);
  debug(cfg, 'creating upgraded release', ['name', opts.name]);
  await cfg.storage.create(rel, opts.maxHistory ?? 0);
  try {
    await runReleasePhases(cfg, rel, {
      timeoutMs,
      ...(opts.disableHooks ? {} : { hooks: { pre: 'pre-upgrade', post: 'post-upgrade' } }),
      apply: () => syncObjects(cfg, currentObjs, target, { owner, takeOwnership, migrateClientSide: current.apply_method !== 'ssa' }),
      ...(opts.disableWait ? {} : { wait: () => waitForReady(cfg, target, timeoutMs, readiness(opts.waitForJobs ?? true)) }),
    });
  } catch (e) {
    const { phase, error } = phaseOf(e);
    const cause = phase === 'pre-hooks' ? new Error(`pre-upgrade hooks failed: ${message(error)}`) : phase === 'post-hooks' ? new Error(`post-upgrade hooks failed: ${message(error)}`) : error;
    warn(cfg, 'upgrade failed', ['name', rel.name], ['error', new LogError(message(cause))]);
    if (opts.cleanupOnFail && created.length > 0) await deleteObjects(cfg, [...created].reverse());
    await failRelease(cfg, rel, `Upgrade "${rel.name}" failed: ${message(cause)}`, cause);
  }
  // Helm supersedes the revision it upgraded from (deployed, or a failed/superseded last one),
  // changing the status only: the description stays what it was.
  current.info = { ...current.info, status: 'superseded' };
  await cfg.storage.update(current);
  debug(cfg, 'updating status for upgraded release', ['name', rel.name]);
  rel.info = { ...rel.info, status: 'deployed', description: 'Upgrade complete' };
  await cfg.storage.update(rel);
  return rel;
}

/** Helm's mergeCustomLabels: the last release's labels, overridden; "null" removes a label. */
function mergeLabels(current: Record<string, string> | undefined, desired: Record<string, string> | undefined): { labels?: Record<string, string> } {
  const merged: Record<string, string> = { ...(current ?? {}), ...(desired ?? {}) };
  for (const [k, v] of Object.entries(merged)) if (v === 'null') delete merged[k];
  return Object.keys(merged).length > 0 ? { labels: merged } : {};
}
