// Waiting on release objects by watching them (one watch per object, by name), never by
// sleeping: resolved when every object's status is Current, failed fast on Failed, bounded by
// the action timeout. Errors read as Helm's status waiter words them.
import type { KubeObject } from '../../cluster/types.js';
import { computeStatus, jobComplete, type ObjectStatus } from '../kstatus/status.js';
import { type ActionConfig, throwIfCanceled } from './config.js';
import type { ReleaseObject } from './objects.js';

export type StatusFn = (obj: KubeObject) => ObjectStatus;

/** Release readiness: kstatus; with waitForJobs (Flux's default) Jobs must also complete. */
export function readiness(waitForJobs = true): StatusFn {
  return (obj) => (waitForJobs && obj.kind === 'Job' && obj.apiVersion.startsWith('batch/') ? jobComplete(obj) : computeStatus(obj));
}

class NotReady extends Error {}

interface Last {
  status: string;
  message: string;
}

/** Helm 4's status-watcher wording: `resource Deployment/ns/web not ready. status: InProgress, message: Available: 0/1`. */
function notReady(o: ReleaseObject, last: Last): string {
  const ns = o.object.metadata.namespace;
  return `resource ${o.object.kind}/${ns ? `${ns}/` : ''}${o.object.metadata.name} not ready. status: ${last.status}, message: ${last.message}`;
}

/**
 * Watches one object until `done(obj)` says so. Resolves true when done, false when the signal
 * aborts first; rejects with NotReady on a Failed status.
 */
async function watchOne(cfg: ActionConfig, o: ReleaseObject, done: (obj: KubeObject | undefined) => boolean | 'failed', signal: AbortSignal, last: Last): Promise<boolean> {
  const name = o.object.metadata.name;
  const ns = o.object.metadata.namespace;
  // A first GET covers objects that are already there (or already gone).
  const live = await cfg.cluster.tryGet(o.ref, name, ns);
  const first = done(live);
  if (first === 'failed') throw new NotReady(notReady(o, last));
  if (first) return true;
  try {
    for await (const ev of cfg.cluster.watch<KubeObject>(o.ref, { ...(ns ? { namespace: ns } : {}), fieldSelector: `metadata.name=${name}`, signal })) {
      const r = done(ev.type === 'DELETED' ? undefined : ev.object);
      if (r === 'failed') throw new NotReady(notReady(o, last));
      if (r) return true;
    }
  } catch (e) {
    if (signal.aborted && !(e instanceof NotReady)) return false;
    throw e;
  }
  return false;
}

async function waitAll(
  cfg: ActionConfig,
  objects: ReleaseObject[],
  timeoutMs: number,
  check: (o: ReleaseObject, obj: KubeObject | undefined, last: Last) => boolean | 'failed',
): Promise<void> {
  throwIfCanceled(cfg);
  if (objects.length === 0) return;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const onCancel = (): void => ctl.abort();
  cfg.signal?.addEventListener('abort', onCancel, { once: true });
  const lasts: Last[] = objects.map(() => ({ status: 'Unknown', message: '' }));
  try {
    const results = await Promise.all(
      objects.map((o, i) =>
        watchOne(cfg, o, (obj) => check(o, obj, lasts[i]!), ctl.signal, lasts[i]!).catch((e: unknown) => {
          ctl.abort();
          throw e;
        }),
      ),
    );
    throwIfCanceled(cfg);
    const pending = objects.flatMap((o, i) => (results[i] ? [] : [notReady(o, lasts[i]!)]));
    if (pending.length > 0) throw new Error([...pending, 'context deadline exceeded'].join('\n'));
  } finally {
    clearTimeout(timer);
    cfg.signal?.removeEventListener('abort', onCancel);
    ctl.abort();
  }
}

/** Waits until every object is Current by `status` (default: release readiness). */
export async function waitForReady(cfg: ActionConfig, objects: ReleaseObject[], timeoutMs: number, status: StatusFn = readiness()): Promise<void> {
  await waitAll(cfg, objects, timeoutMs, (_o, obj, last) => {
    const s = obj === undefined ? computeStatus(undefined) : status(obj);
    last.status = s.status;
    last.message = s.message;
    if (s.status === 'Failed') return 'failed';
    return s.status === 'Current';
  });
}

/** Waits until every object is gone. */
export async function waitForDeletion(cfg: ActionConfig, objects: ReleaseObject[], timeoutMs: number): Promise<void> {
  await waitAll(cfg, objects, timeoutMs, (_o, obj, last) => {
    last.status = obj === undefined ? 'NotFound' : 'Terminating';
    last.message = obj === undefined ? 'Resource not found' : 'Resource scheduled for deletion';
    return obj === undefined;
  });
}
