// Waits on one object by WATCHING it (no polling): every version the API server sends is
// checked, so the answer comes as soon as the controller writes the status. A dropped watch is
// resumed by the client (re-listing on 410); any other error restarts the watch after a short
// backoff, until the signal aborts (--timeout or Ctrl-C), whose reason is thrown.
import { KubeApiError, isNoKindMatch } from '../../cluster/errors.js';
import type { Cluster, KubeObject } from '../../cluster/types.js';
import { backoffDelay, type RetryPolicy } from '../../cluster/retry.js';
import type { AnyFluxKind } from '../../kinds/registry.js';
import { watchKind } from '../shared/kind-resource.js';
import type { Check, Verdict } from './checks.js';

export interface WatchTarget {
  cluster: Cluster;
  kind: AnyFluxKind;
  name: string;
  namespace: string;
}

export interface WatchUntilOptions {
  signal: AbortSignal;
  /** Backoff between watch restarts after errors. */
  retry?: RetryPolicy;
  /** Called with each error the wait recovers from (for --verbose style diagnostics). */
  onRetry?: (err: unknown) => void;
}

const RESTART: RetryPolicy = { maxRetries: Infinity, baseDelayMs: 100, maxDelayMs: 2_000, jitter: 0.2 };

/** The object was deleted while we waited: the same words as a GET that finds nothing. */
export class ObjectGoneError extends Error {
  override readonly name = 'ObjectGoneError';
  constructor(target: WatchTarget) {
    super(`${target.kind.plural}.${target.kind.group} ${JSON.stringify(target.name)} not found`);
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('context canceled');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Answers that retrying cannot change (forbidden, unauthorized, bad request, kind not served). */
function isPermanent(err: unknown): boolean {
  if (isNoKindMatch(err)) return true;
  if (!(err instanceof KubeApiError)) return false;
  const code = err.statusCode;
  return code >= 400 && code < 500 && code !== 408 && code !== 409 && code !== 410 && code !== 429;
}

/** Resolves with the first final verdict (done or failed) for the object. */
export async function watchUntil(target: WatchTarget, check: Check, opts: WatchUntilOptions): Promise<Exclude<Verdict, { state: 'pending' }>> {
  const { signal } = opts;
  let attempt = 0;
  while (!signal.aborted) {
    // One watch per attempt; aborting it closes the HTTP stream as soon as we have the answer.
    const stream = new AbortController();
    const stop = () => stream.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
      const events = watchKind(target.cluster, target.kind, {
        namespace: target.namespace,
        fieldSelector: `metadata.name=${target.name}`,
        signal: stream.signal,
      });
      for await (const ev of events) {
        if (ev.object.metadata.name !== target.name) continue;
        if (ev.type === 'DELETED') throw new ObjectGoneError(target);
        const verdict = check(ev.object as KubeObject);
        if (verdict.state !== 'pending') return verdict;
        attempt = 0;
      }
    } catch (err) {
      if (err instanceof ObjectGoneError || isPermanent(err)) throw err;
      if (signal.aborted) break;
      opts.onRetry?.(err);
      await sleep(backoffDelay(attempt++, opts.retry ?? RESTART), signal);
      continue;
    } finally {
      signal.removeEventListener('abort', stop);
      stream.abort();
    }
    // The event stream ended without an error and without an abort: start again.
    if (!signal.aborted) await sleep(backoffDelay(attempt++, opts.retry ?? RESTART), signal);
  }
  throw abortReason(signal);
}
