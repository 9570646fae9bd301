// Waiting between retries, polls and reconnects: cut short when the signal aborts, never rejecting.
import { setTimeout as delay } from 'node:timers/promises';

export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {}).then(
    () => undefined,
    () => undefined,
  );
}
