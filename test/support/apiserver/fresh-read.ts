// Reads at a resourceVersion the server has not reached yet: the watch cache waits a while for
// it (waitUntilFreshAndBlock, 3 s), then answers 504 "Too large resource version" with the
// ResourceVersionTooLarge cause that client-go's reflector looks for before it re-lists.
import { ApiError } from './status.js';
import type { ObjectStore } from './store.js';

export const TOO_LARGE_RV_WAIT_MS = 3000;

export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

/**
 * Resolves once the store has reached `resourceVersion` (a GET or LIST with a non-zero one is
 * "not older than"), or throws the 504 after `waitMs`. Unset, "0" and non-numbers return at once.
 */
export async function awaitFreshness(store: ObjectStore, resourceVersion: string | null, waitMs: number): Promise<void> {
  if (!resourceVersion || !/^\d+$/.test(resourceVersion)) return;
  const wanted = Number(resourceVersion);
  if (wanted === 0 || store.currentRv() >= wanted) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, waitMs);
    const unsubscribe = store.subscribe(() => {
      if (store.currentRv() >= wanted) done();
    });
    function done(): void {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
  if (store.currentRv() < wanted) throw tooLargeResourceVersion(wanted, store.currentRv());
}
