// Helm 4's install as helm-controller runs it: render first (nothing is written when that
// fails), CRDs by policy, namespace, ownership check, a pending-install record, pre-install
// hooks, server-side apply in kind batches, wait, post-install hooks (release-phases.ts), then
// deployed or failed.
import { PENDING_STATUSES, type Release } from '../release/types.js';
import { type ActionConfig, DEFAULT_TIMEOUT_MS, message, OperationInProgressError, type ReleaseRunOptions, timestamp } from './config.js';
import { checkOwnership, createObjects } from './apply.js';
import { applyCrds, type CrdPolicy } from './crds.js';
import { ensureNamespace } from './namespace.js';
import { buildObjects, manifestDocs } from './objects.js';
import { releaseHookOf, type ReleaseSource } from './render.js';
import { failRelease, phaseOf, runReleasePhases } from './release-phases.js';
import { readiness, waitForReady } from './wait.js';

export interface InstallOptions extends ReleaseRunOptions {
  namespace: string;
  createNamespace?: boolean;
  /** Flux's install.crds, default Create. */
  crds?: CrdPolicy;
  /** Re-use the name of an uninstalled or failed release (its history is kept). */
  replace?: boolean;
  /** Custom storage labels. */
  labels?: Record<string, string>;
}

export async function install(cfg: ActionConfig, src: ReleaseSource, opts: InstallOptions): Promise<Release> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const history = await cfg.storage.history(opts.name);
  const last = history[history.length - 1];
  let version = 1;
  if (last) {
    if (PENDING_STATUSES.includes(last.info.status ?? 'unknown')) throw new OperationInProgressError();
    const reusable = last.info.status === 'uninstalled' || last.info.status === 'failed';
    if (!opts.replace || !reusable) throw new Error('cannot re-use a name that is still in use');
    version = last.version + 1;
  }

  const rendered = await src.render({ revision: version, isInstall: true, isUpgrade: false });
  if (opts.createNamespace) await ensureNamespace(cfg, opts.namespace);
  // CRDs first: the release's own objects may be of their kinds.
  await applyCrds(cfg, rendered.crds, opts.crds ?? 'Create', opts.namespace);
  const objects = await buildObjects(cfg.cluster, manifestDocs(rendered.manifest), opts.namespace);
  const owner = { name: opts.name, namespace: opts.namespace };
  const takeOwnership = opts.takeOwnership ?? true;
  await checkOwnership(cfg, objects, { owner, takeOwnership }).catch((e: unknown) => Promise.reject(new Error(`unable to continue with install: ${message(e)}`)));

  const now = timestamp(cfg);
  const rel: Release = {
    name: opts.name,
    namespace: opts.namespace,
    version,
    info: { first_deployed: now, last_deployed: now, description: 'Initial install underway', status: 'pending-install', ...(rendered.notes ? { notes: rendered.notes } : {}) },
    chart: src.chart,
    config: src.config,
    manifest: rendered.manifest,
    hooks: rendered.hooks.map(releaseHookOf),
    apply_method: 'ssa',
    ...(opts.labels ? { labels: opts.labels } : {}),
  };
  // The Secret create is the lock: a concurrent install of the same revision gets "already exists".
  await cfg.storage.create(rel);
  try {
    await runReleasePhases(cfg, rel, {
      timeoutMs,
      ...(opts.disableHooks ? {} : { hooks: { pre: 'pre-install', post: 'post-install' } }),
      apply: () => createObjects(cfg, objects, { owner, takeOwnership }),
      ...(opts.disableWait ? {} : { wait: () => waitForReady(cfg, objects, timeoutMs, readiness(opts.waitForJobs ?? true)) }),
    });
  } catch (e) {
    const { phase, error } = phaseOf(e);
    const cause = phase === 'pre-hooks' ? new Error(`failed pre-install: ${message(error)}`) : phase === 'post-hooks' ? new Error(`failed post-install: ${message(error)}`) : error;
    await failRelease(cfg, rel, `Release "${rel.name}" failed: ${message(cause)}`, cause);
  }
  // A replaced earlier record is superseded (Helm's replace path); failed ones stay as they are.
  if (last && opts.replace && last.info.status !== 'failed') {
    last.info = { ...last.info, status: 'superseded', description: 'superseded by new release' };
    await cfg.storage.update(last);
  }
  rel.info = { ...rel.info, status: 'deployed', description: 'Install complete' };
  await cfg.storage.update(rel);
  return rel;
}
