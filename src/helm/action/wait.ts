// Waiting on release objects by watching them, never by sleeping: one GET each, then one watch
// per resource and namespace for those not ready yet; resolved when every object's status is
// Current, failed fast on Failed, bounded by the action timeout. Errors read as Helm's status
// watcher words them.
import type { KubeObject } from '../../cluster/types.js';
import { computeStatus, jobComplete, type ObjectStatus } from '../kstatus/status.js';
import { type ActionConfig, debug, throwIfCanceled } from './config.js';
import { kindAttrs } from './apply.js';
import { LogDuration } from './log.js';
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

interface Tracked {
  o: ReleaseObject;
  last: Last;
  done: boolean;
}

type Check = (o: ReleaseObject, obj: KubeObject | undefined, last: Last) => boolean | 'failed';

/** What the wait is for: Helm's status watcher names it in its log lines. */
interface Goal {
  /** `Current`, or `NotFound` when waiting for deletion. */
  status: string;
  check: Check;
}

function evaluate(cfg: ActionConfig, t: Tracked, obj: KubeObject | undefined, goal: Goal): void {
  const r = goal.check(t.o, obj, t.last);
  if (r === 'failed') throw new NotReady(notReady(t.o, t.last));
  t.done = r;
  if (!r) debug(cfg, 'waiting for resource', ...kindAttrs(t.o), ['expectedStatus', goal.status], ['actualStatus', t.last.status]);
}

/**
 * Watches the objects of one resource in one namespace until each is done: one object by its
 * name, several through one watch of the collection (as Helm's informers do). Resolves true
 * when all are done, false when the signal aborts first; rejects with NotReady on Failed.
 */
async function watchGroup(cfg: ActionConfig, group: Tracked[], goal: Goal, signal: AbortSignal): Promise<boolean> {
  const { ref } = group[0]!.o;
  const ns = group[0]!.o.object.metadata.namespace;
  const byName = new Map(group.map((t) => [t.o.object.metadata.name, t]));
  const only = group.length === 1 ? { fieldSelector: `metadata.name=${group[0]!.o.object.metadata.name}` } : {};
  try {
    for await (const ev of cfg.cluster.watch<KubeObject>(ref, { ...(ns ? { namespace: ns } : {}), ...only, signal })) {
      const t = byName.get(ev.object.metadata.name);
      if (t === undefined) continue;
      evaluate(cfg, t, ev.type === 'DELETED' ? undefined : ev.object, goal);
      if (group.every((x) => x.done)) return true;
    }
  } catch (e) {
    if (signal.aborted && !(e instanceof NotReady)) return false;
    throw e;
  }
  return false;
}

async function waitAll(cfg: ActionConfig, objects: ReleaseObject[], timeoutMs: number, goal: Goal): Promise<void> {
  throwIfCanceled(cfg);
  if (objects.length === 0) return;
  debug(cfg, goal.status === 'NotFound' ? 'waiting for resources to be deleted' : 'waiting for resources', ['count', objects.length], ['timeout', new LogDuration(timeoutMs)]);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const onCancel = (): void => ctl.abort();
  cfg.signal?.addEventListener('abort', onCancel, { once: true });
  const tracked: Tracked[] = objects.map((o) => ({ o, last: { status: 'Unknown', message: '' }, done: false }));
  try {
    // A first GET settles what is already ready (or gone); only the rest is watched.
    await Promise.all(tracked.map(async (t) => evaluate(cfg, t, await cfg.cluster.tryGet(t.o.ref, t.o.object.metadata.name, t.o.object.metadata.namespace), goal)));
    const groups = new Map<string, Tracked[]>();
    for (const t of tracked.filter((x) => !x.done)) {
      const key = `${t.o.ref.group}/${t.o.ref.version}/${t.o.ref.plural}/${t.o.object.metadata.namespace ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    await Promise.all(
      [...groups.values()].map((g) =>
        watchGroup(cfg, g, goal, ctl.signal).catch((e: unknown) => {
          ctl.abort();
          throw e;
        }),
      ),
    );
    throwIfCanceled(cfg);
    const pending = tracked.filter((t) => !t.done).map((t) => notReady(t.o, t.last));
    if (pending.length > 0) throw new Error([...pending, 'context deadline exceeded'].join('\n'));
    // Deleted objects leave the status collector: none is left to count.
    debug(cfg, 'all resources achieved desired status', ['desiredStatus', goal.status], ['resourceCount', goal.status === 'NotFound' ? 0 : objects.length]);
  } finally {
    clearTimeout(timer);
    cfg.signal?.removeEventListener('abort', onCancel);
    ctl.abort();
  }
}

/** Waits until every object is Current by `status` (default: release readiness). */
export async function waitForReady(cfg: ActionConfig, objects: ReleaseObject[], timeoutMs: number, status: StatusFn = readiness()): Promise<void> {
  await waitAll(cfg, objects, timeoutMs, {
    status: 'Current',
    check: (_o, obj, last) => {
      const s = obj === undefined ? computeStatus(undefined) : status(obj);
      last.status = s.status;
      last.message = s.message;
      if (s.status === 'Failed') return 'failed';
      return s.status === 'Current';
    },
  });
}

/** Waits until every object is gone. */
export async function waitForDeletion(cfg: ActionConfig, objects: ReleaseObject[], timeoutMs: number): Promise<void> {
  await waitAll(cfg, objects, timeoutMs, {
    status: 'NotFound',
    check: (_o, obj, last) => {
      last.status = obj === undefined ? 'NotFound' : 'Terminating';
      last.message = obj === undefined ? 'Resource not found' : 'Resource scheduled for deletion';
      return obj === undefined;
    },
  });
}
