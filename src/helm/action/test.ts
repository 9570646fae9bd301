// `helm test` on the latest revision (pkg/action/release_testing.go): hooks are filtered by name
// (`!name` excludes, plain names include), the `test` hooks among the rest run — the release is
// recorded as each starts — and the release is stored again with the skipped hooks first, the
// write helm-controller reads test results from.
import type { Release, ReleaseHook } from '../release/types.js';
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
  const exclude = (opts.filters ?? []).filter((f) => f.startsWith('!')).map((f) => f.slice(1));
  const skipped: ReleaseHook[] = [];
  let executing = rel.hooks ?? [];
  if (exclude.length > 0) {
    skipped.push(...executing.filter((h) => exclude.includes(h.name ?? '')));
    executing = executing.filter((h) => !exclude.includes(h.name ?? ''));
  }
  if (include.length > 0) {
    skipped.push(...executing.filter((h) => !include.includes(h.name ?? '')));
    executing = executing.filter((h) => include.includes(h.name ?? ''));
  }
  rel.hooks = executing;
  try {
    await executeHooks(cfg, rel, 'test', { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  } finally {
    rel.hooks = [...skipped, ...executing];
    await cfg.storage.update(rel);
  }
  return rel;
}
