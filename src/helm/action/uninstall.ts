// Helm 4's uninstall: the last revision goes uninstalling ("Deletion in progress (or silently
// failed)"), pre-delete hooks, its objects deleted in uninstall kind order (those marked
// `helm.sh/resource-policy: keep` in the stored manifest are kept; helm 4.1.4 deletes the others
// whatever their live ownership metadata), wait for deletion, post-delete hooks; then every
// record deleted, or with keepHistory the record kept as uninstalled and deployed ones superseded.
import { parse } from 'yaml';
import { sortByKind, UNINSTALL_ORDER } from '../manifest/index.js';
import type { Release } from '../release/types.js';
import { type ActionConfig, debug, DEFAULT_TIMEOUT_MS, message, timestamp } from './config.js';
import { deleteObjects } from './apply.js';
import { executeHooks } from './hooks.js';
import { isKeep, currentObjects } from './sync.js';
import { manifestDocs, type ReleaseObject } from './objects.js';
import { waitForDeletion } from './wait.js';

export interface UninstallOptions {
  name: string;
  keepHistory?: boolean;
  disableHooks?: boolean;
  disableWait?: boolean;
  timeoutMs?: number;
}

export interface UninstallResult {
  release: Release;
  /** Helm's "These resources were kept due to the resource policy:" listing, or "". */
  info: string;
}

export async function uninstall(cfg: ActionConfig, opts: UninstallOptions): Promise<UninstallResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const history = await cfg.storage.history(opts.name);
  const rel = history[history.length - 1];
  if (!rel) throw new Error(`uninstall: Release not loaded: ${opts.name}: release: not found`);
  if (rel.info.status === 'uninstalled') {
    if (!opts.keepHistory) {
      for (const r of history) await cfg.storage.delete(r.name, r.version);
      return { release: rel, info: '' };
    }
    throw new Error(`the release named "${opts.name}" is already deleted`);
  }
  debug(cfg, 'uninstall: deleting release', ['name', opts.name]);
  rel.info = { ...rel.info, status: 'uninstalling', deleted: timestamp(cfg), description: 'Deletion in progress (or silently failed)' };
  if (!opts.disableHooks) await executeHooks(cfg, rel, 'pre-delete', { timeoutMs });
  await cfg.storage.update(rel);

  const errors: string[] = [];
  let kept = '';
  const keepNames = new Set<string>();
  for (const d of manifestDocs(rel.manifest ?? '')) {
    const obj = parse(d.doc) as { kind?: string; metadata?: { name?: string; annotations?: Record<string, string> } } | null;
    if (obj && isKeep(obj.metadata?.annotations)) {
      kept += `[${obj.kind ?? ''}] ${obj.metadata?.name ?? ''}\n`;
      keepNames.add(`${obj.kind ?? ''}/${obj.metadata?.name ?? ''}`);
    }
  }
  const all = await currentObjects(cfg, rel.manifest, rel.namespace);
  const toDelete: ReleaseObject[] = [];
  for (const o of sortByKind(all, (x) => x.object.kind, UNINSTALL_ORDER)) {
    if (keepNames.has(`${o.object.kind}/${o.object.metadata.name}`)) continue;
    toDelete.push(o);
  }
  errors.push(...(await deleteObjects(cfg, toDelete)));
  if (!opts.disableWait) await waitForDeletion(cfg, toDelete, timeoutMs).catch((e: unknown) => errors.push(message(e)));
  if (!opts.disableHooks) await executeHooks(cfg, rel, 'post-delete', { timeoutMs }).catch((e: unknown) => errors.push(message(e)));

  rel.info = { ...rel.info, status: 'uninstalled', description: 'Uninstallation complete' };
  const info = kept ? `These resources were kept due to the resource policy:\n${kept}` : '';
  if (!opts.keepHistory) {
    debug(cfg, 'purge requested', ['release', opts.name]);
    for (const r of history) {
      await cfg.storage.delete(r.name, r.version).catch((e: unknown) => errors.push(`uninstall: Failed to purge the release: ${message(e)}`));
    }
  } else {
    await cfg.storage.update(rel);
    for (const r of await cfg.storage.history(opts.name)) {
      if (r.info.status !== 'deployed') continue;
      r.info = { ...r.info, status: 'superseded' };
      await cfg.storage.update(r);
    }
  }
  if (errors.length > 0) throw new Error(`uninstallation completed with ${errors.length} error(s): ${errors.join('; ')}`);
  return { release: rel, info };
}
