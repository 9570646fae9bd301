// What install, upgrade and rollback do once their pending record is stored (Helm's
// performInstall / performUpgrade / performRollback): pre hooks, apply, wait, post hooks, in that
// order, stopping at the first failure. Each action words a failure by the phase it happened in,
// then records it with failRelease.
import type { HookEvent, Release } from '../release/types.js';
import { type ActionConfig, message } from './config.js';
import { executeHooks } from './hooks.js';
import { ReleaseActionError } from './release-error.js';

export type ReleasePhase = 'pre-hooks' | 'apply' | 'wait' | 'post-hooks';

/** A failure with the phase it happened in; `error` is what that phase threw. */
export class PhaseError extends Error {
  constructor(
    readonly phase: ReleasePhase,
    readonly error: unknown,
  ) {
    super(message(error));
  }
}

export interface ReleasePhases {
  timeoutMs: number;
  /** The hook events to run before and after applying; none with disableHooks. */
  hooks?: { pre: HookEvent; post: HookEvent };
  apply: () => Promise<unknown>;
  /** None with disableWait. */
  wait?: () => Promise<void>;
}

/** Runs the phases on `rel`; a failure is rethrown as a PhaseError. */
export async function runReleasePhases(cfg: ActionConfig, rel: Release, phases: ReleasePhases): Promise<void> {
  const step = async (phase: ReleasePhase, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (e) {
      throw new PhaseError(phase, e);
    }
  };
  const { hooks, timeoutMs } = phases;
  if (hooks) await step('pre-hooks', () => executeHooks(cfg, rel, hooks.pre, { timeoutMs }));
  await step('apply', phases.apply);
  if (phases.wait) await step('wait', phases.wait);
  if (hooks) await step('post-hooks', () => executeHooks(cfg, rel, hooks.post, { timeoutMs }));
}

/** The phase's error as thrown; anything else (a bug, not a phase) as it is. */
export function phaseOf(e: unknown): { phase: ReleasePhase | undefined; error: unknown } {
  return e instanceof PhaseError ? { phase: e.phase, error: e.error } : { phase: undefined, error: e };
}

/**
 * Helm's failRelease: the record goes `failed` with `description` and the action fails with a
 * ReleaseActionError carrying the error Helm returns (`cause`).
 */
export async function failRelease(cfg: ActionConfig, rel: Release, description: string, cause: unknown): Promise<never> {
  rel.info = { ...rel.info, status: 'failed', description };
  await cfg.storage.update(rel);
  throw new ReleaseActionError(description, rel, cause);
}
