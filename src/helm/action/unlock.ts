// helm-controller's unlock: a release left pending-* by an interrupted action is marked failed
// so the next action may proceed.
import { PENDING_STATUSES, type Release } from '../release/types.js';
import type { ActionConfig } from './config.js';

export async function unlock(cfg: ActionConfig, name: string): Promise<Release> {
  const rel = await cfg.storage.last(name);
  if (!rel) throw new Error('release: not found');
  const status = rel.info.status ?? 'unknown';
  if (!PENDING_STATUSES.includes(status)) throw new Error(`cannot unlock release "${name}": status is ${status}, not pending`);
  rel.info = { ...rel.info, status: 'failed', description: `Release unlocked from stale '${status}' state` };
  await cfg.storage.update(rel);
  return rel;
}
