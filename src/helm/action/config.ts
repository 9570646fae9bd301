// What every action needs: the cluster, the release storage, the SSA field manager, a clock,
// and a logger. Passed as a plain object so local runs, the controller and tests share it.
import type { Cluster } from '../../cluster/types.js';
import type { ReleaseStorage } from '../release/storage.js';
import type { HelmLogger, LogAttr } from './log.js';

/** helm-controller sets Helm's managed-fields manager to its own name. */
export const DEFAULT_FIELD_MANAGER = 'helm-controller';
/** Flux's default spec.timeout. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface ActionConfig {
  cluster: Cluster;
  storage: ReleaseStorage;
  fieldManager?: string;
  now?: () => Date;
  /** Helm's debug/warning records (log.ts); helm-controller buffers the last ones for events. */
  log?: HelmLogger;
  /**
   * Ctrl-C / SIGTERM: waits stop and the action records its release as failed with
   * "context canceled", as Helm does when its context is cancelled. (A process killed outright
   * leaves the pending-* record for unlock.)
   */
  signal?: AbortSignal;
}

/** What install, upgrade and rollback all take: the release, the wait, hooks, ownership. */
export interface ReleaseRunOptions {
  name: string;
  timeoutMs?: number;
  disableWait?: boolean;
  /** Jobs must complete for the release to be ready (Flux default true; disableWaitForJobs). */
  waitForJobs?: boolean;
  disableHooks?: boolean;
  /** Adopt objects that exist without (or with other) Helm ownership; Flux default true. */
  takeOwnership?: boolean;
}

/** The error of a cancelled action, worded as Go's context.Canceled. */
export class CanceledError extends Error {
  constructor() {
    super('context canceled');
  }
}

export function throwIfCanceled(cfg: ActionConfig): void {
  if (cfg.signal?.aborted) throw new CanceledError();
}

export function fieldManagerOf(cfg: ActionConfig): string {
  return cfg.fieldManager ?? DEFAULT_FIELD_MANAGER;
}

/** RFC 3339 as Go marshals time.Time (RFC3339Nano: fraction without trailing zeros), in UTC. */
export function timestamp(cfg: ActionConfig): string {
  const d = (cfg.now ?? (() => new Date()))();
  return d.toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

export function debug(cfg: ActionConfig, msg: string, ...attrs: LogAttr[]): void {
  cfg.log?.({ level: 'DEBUG', msg, attrs });
}

export function warn(cfg: ActionConfig, msg: string, ...attrs: LogAttr[]): void {
  cfg.log?.({ level: 'WARN', msg, attrs });
}

/** Helm's errPending: a pending-* release locks the name against install/upgrade/rollback. */
export class OperationInProgressError extends Error {
  constructor() {
    super('another operation (install/upgrade/rollback) is in progress');
  }
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
