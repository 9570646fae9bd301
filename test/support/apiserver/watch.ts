// Watch streams: newline-delimited JSON events with the apiserver's resourceVersion semantics
// (synthetic ADDED for "0"/unset, replay after a given version, 410 Expired for compacted
// ones), selector transitions reported as ADDED/DELETED, bookmarks and timeouts.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../../src/cluster/types.js';
import type { Api } from './api.js';
import type { Faults } from './faults.js';
import { apiVersionOf, type ResourceDef, storeKey } from './resources.js';
import { expired } from './status.js';
import type { StoreEvent } from './store.js';

export interface WatchParams {
  def: ResourceDef;
  version: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  /** Converts objects for the wire (a Table row, when the client asked for tables). */
  render: (objs: KubeObject[]) => unknown;
  path: string;
}

export function serveWatch(api: Api, faults: Faults, res: ServerResponse, p: WatchParams): void {
  // Selectors are checked before the stream starts, so bad ones are plain 400s.
  const m = api.matcher(p.def, p.version, p.labelSelector, p.fieldSelector);
  const key = storeKey(p.def);
  const inScope = (o: KubeObject): boolean => !p.def.namespaced || p.namespace === undefined || o.metadata.namespace === p.namespace;
  const matches = (o: KubeObject): boolean => inScope(o) && m.matches(api.view(p.def, o));

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let sent = 0;
  const dropAfter = faults.takeWatchDrop(p.path);
  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: () => void = () => undefined;
  const handle = { path: p.path, close: () => finish() };

  function finish(): void {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t), clearInterval(t);
    faults.watches.delete(handle);
    res.end();
  }

  function write(type: string, object: unknown): void {
    if (closed) return;
    sent++;
    if (dropAfter !== undefined && sent >= dropAfter) {
      // A dropped connection, not a clean end: the client gets this event, then the stream breaks.
      closed = true;
      unsubscribe();
      for (const t of timers) clearTimeout(t), clearInterval(t);
      faults.watches.delete(handle);
      res.write(`${JSON.stringify({ type, object })}\n`, () => res.socket?.destroy());
      return;
    }
    res.write(`${JSON.stringify({ type, object })}\n`);
  }

  const present = (o: KubeObject): unknown => p.render([api.presentForWire(p.def, o, p.version)]);

  // A watch from a resourceVersion sends only later events, even when that version is still to come.
  let after = 0;

  function onEvent(e: StoreEvent): void {
    if (e.rv <= after) return;
    // The CustomResourceDefinition going away ends watches on its resource, as the apiserver does.
    if (p.def.custom && e.type === 'DELETED' && e.resource === 'apiextensions.k8s.io/customresourcedefinitions' && e.object.metadata.name === `${p.def.plural}.${p.def.group}`) {
      finish();
      return;
    }
    if (e.resource !== key) return;
    let type: string | undefined;
    if (e.type === 'MODIFIED') {
      const now = matches(e.object);
      const before = e.prev ? matches(e.prev) : false;
      type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    } else if (matches(e.object)) type = e.type;
    if (type) write(type, present(e.object));
  }

  const rvParam = p.resourceVersion ?? '';
  if (p.sendInitialEvents || rvParam === '' || rvParam === '0') {
    for (const o of api.store.list(key, p.def.namespaced ? p.namespace : undefined)) if (matches(o)) write('ADDED', present(o));
    if (p.sendInitialEvents && p.allowWatchBookmarks) {
      write('BOOKMARK', bookmark(p.def, p.version, String(api.store.currentRv()), true));
    }
  } else {
    const since = Number(rvParam);
    if (Number.isFinite(since)) after = since;
    const events = Number.isFinite(since) ? api.store.eventsSince(since) : undefined;
    if (!events) {
      // The watch cache reports the oldest resourceVersion it could still start from.
      const err = expired(`too old resource version: ${rvParam} (${api.store.oldestReplayableRv()})`);
      write('ERROR', err.status);
      finish();
      return;
    }
    for (const e of events) onEvent(e);
  }
  if (closed) return;
  unsubscribe = api.store.subscribe(onEvent);
  faults.watches.add(handle);
  res.on('close', finish);

  if (p.allowWatchBookmarks) {
    timers.push(setInterval(() => write('BOOKMARK', bookmark(p.def, p.version, String(api.store.currentRv()), false)), p.bookmarkIntervalMs));
  }
  const timeout = p.timeoutSeconds !== undefined && p.timeoutSeconds > 0 ? p.timeoutSeconds : 1800;
  timers.push(setTimeout(finish, timeout * 1000));
}

function bookmark(def: ResourceDef, version: string, rv: string, initialEnd: boolean): unknown {
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  if (initialEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
  return { kind: def.kind, apiVersion: apiVersionOf(def.group, version), metadata };
}
