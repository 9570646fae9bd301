// Kubernetes Events as helm-controller writes them. Flux's recorder (fluxcd/pkg runtime/events)
// forwards to client-go's core/v1 recorder (tools/record) named `helm-controller`: a v1 Event on
// the HelmRelease with source.component and reportingComponent `helm-controller`, an empty host
// and reportingInstance, and Flux's revision/token annotations. The core/v1 backend sets no
// eventTime and no series (those belong to events.k8s.io, which Flux only uses on request).
//
// client-go's EventCorrelator runs before anything is written, and so it does here:
// - identical events (same source, involved object, type, reason and message) are counted: the
//   existing Event gets `count`, `lastTimestamp` and `message` patched instead of a new Event;
// - 10 events of one reason with different messages within 10 minutes become one
//   "(combined from similar events): <message>" Event;
// - a source may write 25 Events about one object, then one per 5 minutes (a token bucket).
// The state lives with the Cluster client (client-go keeps it in the process's broadcaster), so
// every reconcile on one client shares it. A process that has not seen an Event yet looks for it
// among the object's live Events, so successive one-shot runs count like a long-lived controller.
import { randomBytes } from 'node:crypto';
import type { Cluster, KubeObject } from '../../cluster/types.js';
import { EVENTS } from '../../cluster/core-resources.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { eventMetadata } from '../messages/index.js';
import { latest } from '../snapshot/index.js';

export const EVENT_SOURCE = 'helm-controller';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /**
   * `annotations` default to Flux's metadata of the latest release snapshot; `{}` records the
   * Event without any (helm-controller's plain Eventf, e.g. DependencyNotReady).
   */
  (hr: HelmRelease, type: EventType, reason: string, message: string, annotations?: Record<string, string>): Promise<void>;
}

/** The core/v1 Event fields we write and correlate on. */
export interface CoreEvent extends KubeObject {
  involvedObject: { apiVersion: string; kind: string; name: string; namespace: string; uid?: string; resourceVersion?: string; fieldPath?: string };
  reason: string;
  message: string;
  type: EventType;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  reportingComponent?: string;
  reportingInstance?: string;
}

// client-go tools/record defaults (events_cache.go).
const LRU_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;
const COMBINED_PREFIX = '(combined from similar events): ';

/** groupcache/lru: most recently used last, oldest evicted past the limit. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

/** metav1.Time on the wire: RFC 3339, whole seconds, UTC. */
function wireTime(t: Date): string {
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** client-go's event name: `<object>.<hex of the time in nanoseconds>`. */
function eventName(obj: string, t: Date): string {
  // Date has millisecond precision; random nanoseconds keep names of one millisecond apart.
  const nanos = BigInt(t.getTime()) * 1_000_000n + BigInt(randomBytes(4).readUInt32BE() % 1_000_000);
  return `${obj}.${nanos.toString(16)}`;
}

/** getEventKey: what makes two Events the same occurrence. */
function eventKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return [e.source.component, e.source.host ?? '', o.kind, o.namespace, o.name, o.fieldPath ?? '', o.uid ?? '', o.apiVersion, e.type, e.reason, e.message].join('\u0000');
}

/** EventAggregatorByReasonFunc: similar Events differ only by message. */
function aggregateKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return [e.source.component, e.source.host ?? '', o.kind, o.namespace, o.name, o.uid ?? '', o.apiVersion, e.type, e.reason, e.reportingComponent ?? '', e.reportingInstance ?? ''].join('\u0000');
}

/** getSpamKey: the source and the object. */
function spamKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return [e.source.component, e.source.host ?? '', o.kind, o.namespace, o.name, o.uid ?? '', o.apiVersion].join('\u0000');
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion?: string;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** What to write: a new Event, or a patch of the one already counted. */
export type CorrelatedEvent = { event: CoreEvent; patch?: { count: number; lastTimestamp: string; message: string } } | { skip: true };

/** client-go's EventCorrelator with its default options. */
export class EventCorrelator {
  private readonly aggregates = new Lru<{ messages: Set<string>; last: number }>(LRU_ENTRIES);
  private readonly logs = new Lru<EventLog>(LRU_ENTRIES);
  private readonly spam = new Lru<Bucket>(LRU_ENTRIES);

  /** Whether an occurrence of this Event has been counted already (in this process). */
  seen(e: CoreEvent): boolean {
    return this.logs.get(eventKey(e)) !== undefined;
  }

  /** `t` is the recorder's clock now (client-go's correlator clock). */
  correlate(incoming: CoreEvent, t: Date): CorrelatedEvent {
    const [aggregated, key] = this.aggregate(incoming, t);
    const observed = structuredClone(aggregated);
    const last = this.logs.get(key);
    let patch;
    if (last && last.count > 0) {
      observed.metadata.name = last.name;
      if (last.resourceVersion) observed.metadata.resourceVersion = last.resourceVersion;
      else delete observed.metadata.resourceVersion;
      observed.firstTimestamp = last.firstTimestamp;
      observed.count = last.count + 1;
      // The strategic merge patch client-go sends holds exactly these three fields.
      patch = { count: observed.count, lastTimestamp: observed.lastTimestamp, message: observed.message };
    }
    this.logs.set(key, { count: observed.count, firstTimestamp: observed.firstTimestamp, name: observed.metadata.name, ...(observed.metadata.resourceVersion ? { resourceVersion: observed.metadata.resourceVersion } : {}) });
    // As in client-go, the spam filter runs last: a dropped Event has still been counted.
    if (this.filtered(observed, t)) return { skip: true };
    return patch ? { event: observed, patch } : { event: observed };
  }

  /**
   * eventLogger.updateState: the server's copy (name, resourceVersion, count) after a write. Our
   * writes overlap (client-go's are sequential), so a later occurrence already counted is kept.
   */
  updateState(e: CoreEvent): void {
    const key = eventKey(e);
    const known = this.logs.get(key);
    const count = known && known.name === e.metadata.name ? Math.max(known.count, e.count) : e.count;
    this.logs.set(key, { count, firstTimestamp: e.firstTimestamp, name: e.metadata.name, ...(e.metadata.resourceVersion ? { resourceVersion: e.metadata.resourceVersion } : {}) });
  }

  private aggregate(e: CoreEvent, t: Date): [CoreEvent, string] {
    const akey = aggregateKey(e);
    let rec = this.aggregates.get(akey);
    if (!rec || t.getTime() - rec.last > AGGREGATE_INTERVAL_MS) rec = { messages: new Set(), last: 0 };
    rec.messages.add(e.message);
    rec.last = t.getTime();
    this.aggregates.set(akey, rec);
    if (rec.messages.size < AGGREGATE_MAX_EVENTS) return [e, eventKey(e)];
    // Keep the set at its maximum (Go's PopAny drops an arbitrary member).
    rec.messages.delete(rec.messages.values().next().value!);
    const ts = wireTime(t);
    const combined: CoreEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(e.involvedObject.name, t), namespace: e.metadata.namespace! },
      involvedObject: e.involvedObject,
      reason: e.reason,
      message: COMBINED_PREFIX + e.message,
      type: e.type,
      source: e.source,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
    };
    return [combined, akey];
  }

  /** EventSourceObjectSpamFilter: a token bucket per source and object. */
  private filtered(e: CoreEvent, t: Date): boolean {
    const key = spamKey(e);
    const ms = t.getTime();
    const b = this.spam.get(key) ?? { tokens: SPAM_BURST, at: ms };
    b.tokens = Math.min(SPAM_BURST, b.tokens + (Math.max(0, ms - b.at) / 1000) * SPAM_QPS);
    b.at = ms;
    const accept = b.tokens >= 1;
    if (accept) b.tokens -= 1;
    this.spam.set(key, b);
    return !accept;
  }
}

/**
 * One correlator per Cluster client, as client-go has one per broadcaster. Writes to one Event
 * name are chained, so a count is patched only once the Event it counts exists; `pending` lets a
 * caller wait for every write before the process ends.
 */
interface Sink {
  correlator: EventCorrelator;
  writes: Map<string, Promise<void>>;
  pending: Set<Promise<void>>;
}
const sinks = new WeakMap<Cluster, Sink>();

function sinkFor(cluster: Cluster): Sink {
  let s = sinks.get(cluster);
  if (!s) {
    s = { correlator: new EventCorrelator(), writes: new Map(), pending: new Set() };
    sinks.set(cluster, s);
  }
  return s;
}

/** Resolves once every Event recorded so far on this client has been written (or has failed). */
export async function flushEvents(cluster: Cluster): Promise<void> {
  const sink = sinks.get(cluster);
  while (sink && sink.pending.size > 0) await Promise.all([...sink.pending]);
}

function sameOccurrence(a: CoreEvent, b: CoreEvent): boolean {
  return eventKey(a) === eventKey(b);
}

/** The live Event an earlier process wrote for this occurrence, if it still exists. */
async function liveOccurrence(cluster: Cluster, e: CoreEvent): Promise<CoreEvent | undefined> {
  const o = e.involvedObject;
  const fieldSelector = [`involvedObject.kind=${o.kind}`, `involvedObject.name=${o.name}`, ...(o.uid ? [`involvedObject.uid=${o.uid}`] : [])].join(',');
  const list = await cluster.list<CoreEvent>(EVENTS, { namespace: e.metadata.namespace!, fieldSelector });
  let best: CoreEvent | undefined;
  for (const item of list.items) {
    if (!sameOccurrence(item, e)) continue;
    if (!best || (item.count ?? 1) > (best.count ?? 1)) best = item;
  }
  return best;
}

/** The Event client-go's makeEvent builds, before correlation. */
export function makeEvent(hr: HelmRelease, type: EventType, reason: string, message: string, annotations: Record<string, string> | undefined, t: Date, component: string = EVENT_SOURCE): CoreEvent {
  const ns = hr.metadata.namespace || 'default';
  const ts = wireTime(t);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(hr.metadata.name, t), namespace: ns, ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}) },
    involvedObject: {
      apiVersion: hr.apiVersion,
      kind: hr.kind,
      name: hr.metadata.name,
      namespace: ns,
      ...(hr.metadata.uid ? { uid: hr.metadata.uid } : {}),
      ...(hr.metadata.resourceVersion ? { resourceVersion: hr.metadata.resourceVersion } : {}),
    },
    reason,
    message,
    type,
    source: { component },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    reportingComponent: component,
    reportingInstance: '',
  };
}

/** Flux's event metadata of the latest snapshot (revision, config digest as token, app version, OCI digest). */
export function snapshotAnnotations(hr: HelmRelease): Record<string, string> | undefined {
  const cur = latest(hr.status?.history);
  if (!cur) return eventMetadata(hr.status?.lastAttemptedRevision ?? '', '');
  return eventMetadata(cur.chartVersion, cur.configDigest, cur.appVersion ?? '', cur.ociDigest ?? '');
}

function statusCode(e: unknown): number | undefined {
  return (e as { statusCode?: number }).statusCode;
}

/** Creates the Event, or patches its count; returns the server's copy. */
async function write(cluster: Cluster, c: { event: CoreEvent; patch?: { count: number; lastTimestamp: string; message: string } }): Promise<CoreEvent> {
  if (c.patch) {
    try {
      return await cluster.mergePatch<CoreEvent>(EVENTS, c.event.metadata.name, c.event.metadata.namespace, c.patch);
    } catch (e) {
      // The Event expired or was deleted: create it again under its name, as client-go does.
      if (statusCode(e) !== 404) throw e;
    }
  }
  const { resourceVersion: _rv, ...meta } = c.event.metadata;
  return cluster.create<CoreEvent>(EVENTS, { ...c.event, metadata: meta });
}

export interface EventRecorderOptions {
  now?: () => Date;
  /** Called with a write that failed: Events are best effort, as in client-go's recorder. */
  onError?: (e: Error) => void;
  /**
   * Before the first occurrence of an Event in this process, look for the live Event an earlier
   * process wrote and keep counting on it: successive one-shot runs (`reconcile --local`) then
   * count as a long-lived controller would. Costs one list request per new Event.
   */
  countAcrossProcesses?: boolean;
  /** The recorder's name in source.component and reportingComponent (default helm-controller). */
  component?: string;
}

export function clusterEventRecorder(cluster: Cluster, nowOrOptions: (() => Date) | EventRecorderOptions = {}, onError?: (e: Error) => void): EventRecorder {
  const opts: EventRecorderOptions = typeof nowOrOptions === 'function' ? { now: nowOrOptions, ...(onError ? { onError } : {}) } : nowOrOptions;
  const now = opts.now ?? (() => new Date());
  const sink = sinkFor(cluster);
  const { correlator } = sink;
  /** Correlates and writes; the request starts before this returns unless a write to the same Event is under way. */
  const send = (made: CoreEvent, t: Date): Promise<void> => {
    const c = correlator.correlate(made, t);
    if ('skip' in c) return Promise.resolve();
    const name = c.event.metadata.name;
    const prev = sink.writes.get(name);
    const done = (prev ? prev.then(() => write(cluster, c)) : write(cluster, c)).then((written) => correlator.updateState(written));
    const tail = done.catch(() => {});
    sink.writes.set(name, tail);
    void tail.then(() => {
      if (sink.writes.get(name) === tail) sink.writes.delete(name);
    });
    return done;
  };
  const record = (made: CoreEvent, t: Date): Promise<void> => {
    if (!opts.countAcrossProcesses || correlator.seen(made)) return send(made, t);
    return liveOccurrence(cluster, made).then((live) => {
      if (live && !correlator.seen(made)) correlator.updateState(live);
      return send(made, t);
    });
  };
  return (hr, type, reason, message, annotations) => {
    // Made and correlated now (the object and the time as they are now); without the lookup the
    // write starts at once, as client-go's does.
    const t = now();
    const made = makeEvent(hr, type, reason, message, annotations ?? snapshotAnnotations(hr), t, opts.component);
    let p: Promise<void>;
    try {
      p = record(made, t);
    } catch (e) {
      p = Promise.reject(e);
    }
    p = p.catch((e: unknown) => {
      opts.onError?.(e instanceof Error ? e : new Error(String(e)));
    });
    sink.pending.add(p);
    void p.then(() => sink.pending.delete(p));
    return p;
  };
}
