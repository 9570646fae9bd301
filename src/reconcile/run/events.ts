// Kubernetes Events as helm-controller's event recorder writes them: core v1 Events on the
// HelmRelease, source component `helm-controller`, Flux's revision/token annotations.
import { randomBytes } from 'node:crypto';
import type { Cluster, KubeObject, ResourceRef } from '../../cluster/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { eventMetadata } from '../messages/index.js';
import { latest } from '../snapshot/index.js';

const EVENTS: ResourceRef = { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true };
export const EVENT_SOURCE = 'helm-controller';

export interface EventRecorder {
  (hr: HelmRelease, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}

/** client-go's event name: `<object>.<hex of the time in nanoseconds>`. */
function eventName(obj: string, now: Date): string {
  const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(randomBytes(2).readUInt16BE() % 1_000_000);
  return `${obj}.${nanos.toString(16)}`;
}

export function clusterEventRecorder(cluster: Cluster, now: () => Date = () => new Date(), onError?: (e: Error) => void): EventRecorder {
  return async (hr, type, reason, message) => {
    const t = now();
    const ts = t.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ns = hr.metadata.namespace ?? 'default';
    const cur = latest(hr.status?.history);
    const annotations = eventMetadata(cur?.chartVersion ?? hr.status?.lastAttemptedRevision ?? '', '', cur?.appVersion ?? '', cur?.ociDigest ?? '');
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(hr.metadata.name, t), namespace: ns, ...(annotations ? { annotations } : {}) },
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
      source: { component: EVENT_SOURCE },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      reportingComponent: EVENT_SOURCE,
      reportingInstance: '',
    };
    try {
      await cluster.create(EVENTS, event);
    } catch (e) {
      // Events are best effort, as in client-go's recorder.
      onError?.(e as Error);
    }
  };
}
