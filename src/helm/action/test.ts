// `helm test` on the latest revision: runs its `test` hooks (optionally filtered by name,
// `!name` excludes), records each hook's last run, and stores the release again — the write
// helm-controller reads test results from.
import type { Release } from '../release/types.js';
import { type ActionConfig, DEFAULT_TIMEOUT_MS } from './config.js';
import { executeHooks } from './hooks.js';

export interface TestOptions {
  name: string;
  timeoutMs?: number;
  /** Hook names to run (empty: all); names prefixed with "!" are skipped. */
  filters?: string[];
}

export async function runTests(cfg: ActionConfig, opts: TestOptions): Promise<Release> {
  const rel = await cfg.storage.last(opts.name);
  if (!rel) throw new Error('release: not found');
  const include = (opts.filters ?? []).filter((f) => !f.startsWith('!'));
  const exclude = new Set((opts.filters ?? []).filter((f) => f.startsWith('!')).map((f) => f.slice(1)));
  const selected = (name: string): boolean => !exclude.has(name) && (include.length === 0 || include.includes(name));
  const all = rel.hooks ?? [];
  const skipped = all.filter((h) => h.events?.includes('test') && !selected(h.name ?? ''));
  // Run on a view without the skipped hooks; the record keeps them all.
  const view: Release = { ...rel, hooks: all.filter((h) => !skipped.includes(h)) };
  try {
    await executeHooks(cfg, view, 'test', { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, persist: false });
  } finally {
    await cfg.storage.update(rel);
  }
  return rel;
}
