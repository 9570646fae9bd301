// Helm's hook execution (pkg/action/hooks.go): the hooks of one event, sorted by weight then
// name (kind order already applied); each replaces its old copy (before-hook-creation), is
// created, recorded as Running, awaited (Jobs complete, Pods succeed), marked Succeeded or
// Failed. The first failure stops the chain; delete policies apply afterwards.
import type { HookEvent, Release, ReleaseHook } from '../release/types.js';
import { type ActionConfig, debug, message, timestamp } from './config.js';
import { createObjects, deleteObjects } from './apply.js';
import { buildObjects, type ReleaseObject } from './objects.js';
import { hookStatus } from '../kstatus/status.js';
import { waitForDeletion, waitForReady } from './wait.js';

export interface HookRunOptions {
  timeoutMs: number;
  /** Record hook progress in storage (Helm updates the release record around each hook). */
  persist?: boolean;
}

/** Stable sort by weight, then name, over hooks already in kind order (Helm 4's hookByWeight). */
export function hooksFor(rel: Release, event: HookEvent): ReleaseHook[] {
  const hooks = (rel.hooks ?? []).filter((h) => h.events?.includes(event));
  return hooks
    .map((h, i) => ({ h, i }))
    .sort((a, b) => (a.h.weight ?? 0) - (b.h.weight ?? 0) || ((a.h.name ?? '') < (b.h.name ?? '') ? -1 : (a.h.name ?? '') > (b.h.name ?? '') ? 1 : 0) || a.i - b.i)
    .map((x) => x.h);
}

function hasPolicy(h: ReleaseHook, p: string): boolean {
  return (h.delete_policies ?? []).includes(p as never);
}

async function hookObjects(cfg: ActionConfig, rel: Release, h: ReleaseHook): Promise<ReleaseObject[]> {
  return buildObjects(cfg.cluster, [{ doc: h.manifest ?? '', source: h.path ?? h.name ?? 'hook' }], rel.namespace);
}

async function deleteHook(cfg: ActionConfig, rel: Release, h: ReleaseHook, timeoutMs: number): Promise<void> {
  // CRDs installed as hooks are never deleted (their instances would go with them).
  if (h.kind === 'CustomResourceDefinition') return;
  const objs = await hookObjects(cfg, rel, h);
  const errs = await deleteObjects(cfg, objs);
  if (errs.length > 0) throw new Error(errs.join('; '));
  await waitForDeletion(cfg, objs, timeoutMs);
}

/**
 * Runs the hooks of `event`. The release is recorded once per hook, when it starts Running (as
 * Helm does); the final phases reach storage with the caller's next write of the release.
 */
export async function executeHooks(cfg: ActionConfig, rel: Release, event: HookEvent, opts: HookRunOptions): Promise<void> {
  const hooks = hooksFor(rel, event);
  const owner = { name: rel.name, namespace: rel.namespace };
  for (const [i, h] of hooks.entries()) {
    // Helm applies the default policy when the chart names none.
    if (!h.delete_policies || h.delete_policies.length === 0) h.delete_policies = ['before-hook-creation'];
    if (hasPolicy(h, 'before-hook-creation')) await deleteHook(cfg, rel, h, opts.timeoutMs);
    const objs = await hookObjects(cfg, rel, h);
    h.last_run = { started_at: timestamp(cfg), phase: 'Running' };
    if (opts.persist !== false) await cfg.storage.update(rel);
    try {
      await createObjects(cfg, objs, { owner, takeOwnership: true });
    } catch (e) {
      h.last_run = { ...h.last_run, completed_at: timestamp(cfg), phase: 'Failed' };
      throw new Error(`warning: Hook ${event} ${h.path ?? h.name} failed: ${message(e)}`);
    }
    try {
      await waitForReady(cfg, objs, opts.timeoutMs, hookStatus);
    } catch (e) {
      h.last_run = { ...h.last_run, completed_at: timestamp(cfg), phase: 'Failed' };
      if (hasPolicy(h, 'hook-failed')) await deleteHook(cfg, rel, h, opts.timeoutMs).catch((err: unknown) => debug(cfg, `error deleting the hook resource on hook failure: ${message(err)}`));
      // Hooks that ran before the failing one still honour hook-succeeded.
      for (const done of hooks.slice(0, i)) if (hasPolicy(done, 'hook-succeeded')) await deleteHook(cfg, rel, done, opts.timeoutMs);
      throw e;
    }
    h.last_run = { ...h.last_run, completed_at: timestamp(cfg), phase: 'Succeeded' };
  }
  for (const h of [...hooks].reverse()) {
    if (hasPolicy(h, 'hook-succeeded')) await deleteHook(cfg, rel, h, opts.timeoutMs);
  }
}
