// `events` rows as flux builds them (cmd/flux/events.go, after kubectl events): which Events
// count as Flux's, their order, and the LAST SEEN column.
import type { KubeObject } from '../../cluster/types.js';
import { humanDuration } from '../describe/age.js';

/** An Event as the core v1 API serves it: the fields `events` reads. */
export interface CoreEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
}

/** The kinds flux treats as its own (fluxKindMap); Events of any other kind are left out. */
export const FLUX_EVENT_KINDS = [
  'Kustomization', 'HelmRelease', 'Alert', 'Receiver', 'Provider', 'ImagePolicy', 'HelmChart', 'GitRepository',
  'OCIRepository', 'Bucket', 'HelmRepository', 'ImageUpdateAutomation', 'ImageRepository',
] as const;

/** The kind as flux spells it, matched case-insensitively (`--for helmrelease/x`). */
export function fluxEventKind(kind: string): string | undefined {
  return FLUX_EVENT_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase());
}

function millis(time: string | null | undefined): number | undefined {
  if (!time) return undefined;
  const t = Date.parse(time);
  return Number.isNaN(t) ? undefined : t;
}

/** kubectl's eventTime: the series' last observation, else lastTimestamp, else eventTime. */
export function eventTime(e: CoreEvent): number {
  if (e.series) return millis(e.series.lastObservedTime) ?? 0;
  return millis(e.lastTimestamp) ?? millis(e.eventTime) ?? 0;
}

function since(time: string | null | undefined, now: number): string {
  const t = millis(time);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

/** LAST SEEN: `5m`, or `2m (x3 over 10m)` for a repeated Event. */
export function lastSeen(e: CoreEvent, now: number): string {
  const first = millis(e.eventTime) !== undefined ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

export interface RowFilter {
  /** --types, compared case-insensitively; empty = all. */
  types: readonly string[];
  showNamespace: boolean;
}

export function keepEvent(e: CoreEvent, filter: RowFilter): boolean {
  if (!fluxEventKind(e.involvedObject?.kind ?? '')) return false;
  if (filter.types.length > 0 && !filter.types.some((t) => t.toLowerCase() === (e.type ?? '').toLowerCase())) return false;
  return true;
}

export function eventHeader(showNamespace: boolean): string[] {
  return [...(showNamespace ? ['Namespace'] : []), 'Last seen', 'Type', 'Reason', 'Object', 'Message'];
}

export function eventRow(e: CoreEvent, showNamespace: boolean, now: number): string[] {
  return [
    ...(showNamespace ? [e.metadata.namespace ?? ''] : []),
    lastSeen(e, now),
    e.type ?? '',
    e.reason ?? '',
    `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
    e.message ?? '',
  ];
}

/** Sorted by event time; equal times keep the order they were listed in. */
export function sortEvents(events: readonly CoreEvent[]): CoreEvent[] {
  return events
    .map((e, i) => ({ e, i, t: eventTime(e) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
}
