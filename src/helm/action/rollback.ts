// Helm 4's rollback: a new revision copying the target revision's chart, values, manifest and
// hooks, pending-rollback "Rollback to <N>", pre-rollback hooks, apply and prune against the
// last revision, wait, post-rollback hooks; then every deployed record superseded and the new
// one deployed, or the new one failed (`Rollback "<name>" failed: ...` when applying fails, with
// the previous last revision superseded; `Release "<name>" failed: ...` when the wait fails).
import { PENDING_STATUSES, type Release } from '../release/types.js';
import { ReleaseNotFoundError } from '../release/storage.js';
import { type ActionConfig, debug, DEFAULT_TIMEOUT_MS, message, OperationInProgressError, type ReleaseRunOptions, timestamp } from './config.js';
import { failRelease, phaseOf, runReleasePhases } from './release-phases.js';
import { currentObjects, syncObjects } from './sync.js';
import { readiness, waitForReady } from './wait.js';

export interface RollbackOptions extends ReleaseRunOptions {
  /** The revision to restore; 0 = the one before the last. */
  version?: number;
  maxHistory?: number;
}

export async function rollback(cfg: ActionConfig, opts: RollbackOptions): Promise<Release> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  debug(cfg, 'preparing rollback', ['name', opts.name]);
  const last = await cfg.storage.last(opts.name);
  if (!last) throw new Error(`release: not found`);
  if (PENDING_STATUSES.includes(last.info.status ?? 'unknown')) throw new OperationInProgressError();
  const targetVersion = opts.version && opts.version > 0 ? opts.version : last.version - 1;
  if (targetVersion < 1) throw new Error(`release has no ${targetVersion} version`);
  let previous: Release;
  try {
    previous = await cfg.storage.get(opts.name, targetVersion);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) throw new Error(`release has no ${targetVersion} version`);
    throw e;
  }
  debug(cfg, 'rolling back', ['name', opts.name], ['currentVersion', last.version], ['targetVersion', targetVersion]);
  const namespace = previous.namespace;
  const currentObjs = await currentObjects(cfg, last.manifest, namespace);
  const target = await currentObjects(cfg, previous.manifest, namespace);

  const now = timestamp(cfg);
  const rel: Release = {
    name: previous.name,
    namespace,
    version: last.version + 1,
    info: {
      ...(last.info.first_deployed ? { first_deployed: last.info.first_deployed } : {}),
      last_deployed: now,
      description: `Rollback to ${targetVersion}`,
      status: 'pending-rollback',
      ...(previous.info.notes ? { notes: previous.info.notes } : {}),
    },
    chart: previous.chart,
    ...(previous.config ? { config: previous.config } : {}),
    ...(previous.manifest ? { manifest: previous.manifest } : {}),
    ...(previous.hooks ? { hooks: previous.hooks } : {}),
    apply_method: 'ssa',
    ...(previous.labels && Object.keys(previous.labels).length > 0 ? { labels: previous.labels } : {}),
  };
  debug(cfg, 'creating rolled back release', ['name', rel.name]);
  await cfg.storage.create(rel, opts.maxHistory ?? 0);
  debug(cfg, 'performing rollback', ['name', rel.name]);
  const owner = { name: rel.name, namespace };
  try {
    await runReleasePhases(cfg, rel, {
      timeoutMs,
      ...(opts.disableHooks ? {} : { hooks: { pre: 'pre-rollback', post: 'post-rollback' } }),
      apply: () => syncObjects(cfg, currentObjs, target, { owner, takeOwnership: opts.takeOwnership ?? true, migrateClientSide: true }),
      ...(opts.disableWait ? {} : { wait: () => waitForReady(cfg, target, timeoutMs, readiness(opts.waitForJobs ?? true)) }),
    });
  } catch (e) {
    // Hook failures: Helm returns without recording (leaving pending-rollback); flux-ts records
    // them as failed so the release is not left locked. Only a failed apply supersedes the last
    // revision, and only a failed wait is worded as the release's failure.
    const { phase, error } = phaseOf(e);
    if (phase === 'apply') last.info = { ...last.info, status: 'superseded' };
    await cfg.storage.update(last);
    await failRelease(cfg, rel, `${phase === 'wait' ? 'Release' : 'Rollback'} "${rel.name}" failed: ${message(error)}`, error);
  }
  // Every deployed revision is superseded (status only), then the new one is deployed.
  for (const r of await cfg.storage.history(opts.name)) {
    if (r.info.status !== 'deployed' || r.version === rel.version) continue;
    debug(cfg, 'superseding previous deployment', ['version', r.version]);
    r.info = { ...r.info, status: 'superseded' };
    await cfg.storage.update(r);
  }
  rel.info = { ...rel.info, status: 'deployed' };
  debug(cfg, 'updating status for rolled back release', ['name', rel.name]);
  await cfg.storage.update(rel);
  return rel;
}
