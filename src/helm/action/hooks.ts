// Helm's hook execution (pkg/action/hooks.go): the hooks of one event, sorted by weight then
// name (kind order already applied); each replaces its old copy (before-hook-creation), is
// created, recorded as Running, awaited (Jobs complete, Pods succeed), recorded Succeeded or
// Failed. The first failure stops the chain; delete policies apply afterwards.
import type { HookEvent, Release, ReleaseHook } from '../release/types.js';
import { type ActionConfig, message, timestamp } from './config.js';
import { applyObjects, deleteObjects } from './apply.js';
import { buildObjects, type ReleaseObject } from './objects.js';
import { hookStatus } from '../kstatus/status.js';
import { waitForDeletion, waitForReady } from './wait.js';

export interface HookRunOptions {
  timeoutMs: number;
  /** Record hook progress in storage (Helm updates the release record around each hook). */
  persist?: boolean;
}

/** Sort by weight, then by name (Go's sort.Stable over kind-ordered hooks). */
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

/** Runs the hooks of `event`; throws Helm's wording on the first failure. */
export async function executeHooks(cfg: ActionConfig, rel: Release, event: HookEvent, opts: HookRunOptions): Promise<void> {
  const hooks = hooksFor(rel, event);
  const owner = { name: rel.name, namespace: rel.namespace };
  for (const h of hooks) {
    // Helm applies the default policy when the chart names none.
    if (!h.delete_policies || h.delete_policies.length === 0) h.delete_policies = ['before-hook-creation'];
    if (hasPolicy(h, 'before-hook-creation')) await deleteHook(cfg, rel, h, opts.timeoutMs);
    const objs = await hookObjects(cfg, rel, h);
    h.last_run = { started_at: timestamp(cfg), phase: 'Running' };
    if (opts.persist !== false) await cfg.storage.update(rel);
    let failure: unknown;
    try {
      await applyObjects(cfg, objs, { owner, takeOwnership: true });
      await waitForReady(cfg, objs, opts.timeoutMs, hookStatus);
    } catch (e) {
      failure = e;
    }
    h.last_run = { started_at: h.last_run.started_at, completed_at: timestamp(cfg), phase: failure === undefined ? 'Succeeded' : 'Failed' };
    if (opts.persist !== false) await cfg.storage.update(rel);
    if (failure !== undefined) {
      if (hasPolicy(h, 'hook-failed')) await deleteHook(cfg, rel, h, opts.timeoutMs).catch(() => undefined);
      // Hooks that ran before the failing one still honour hook-succeeded.
      for (const done of hooks.slice(0, hooks.indexOf(h)).reverse()) {
        if (hasPolicy(done, 'hook-succeeded')) await deleteHook(cfg, rel, done, opts.timeoutMs).catch(() => undefined);
      }
      throw new Error(`${event} hook ${h.path ?? h.name} failed: ${message(failure)}`);
    }
  }
  for (const h of [...hooks].reverse()) {
    if (hasPolicy(h, 'hook-succeeded')) await deleteHook(cfg, rel, h, opts.timeoutMs);
  }
}
