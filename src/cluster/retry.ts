// When and how long to wait before retrying a request. Pure functions: the transport injects
// the clock and randomness, so tests pin the schedule without sleeping.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** ±fraction of jitter around each exponential step. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 10, baseDelayMs: 250, maxDelayMs: 10_000, jitter: 0.25 };

/** Exponential backoff with jitter for retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const spread = step * policy.jitter;
  return Math.max(0, Math.round(step - spread + random() * 2 * spread));
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** 429 and 5xx are worth retrying; other 4xx answers will not change. */
export function isRetryableStatus(status: number, method: string): boolean {
  if (status === 429) return true;
  // A create that failed with 5xx may have been applied: only idempotent verbs retry on 5xx.
  return status >= 500 && status <= 599 && method !== 'POST';
}

/** Connection dropped mid-request: the server was reachable, so try again. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export function isRetryableNetworkError(code: string | undefined): boolean {
  return code !== undefined && DROPPED.has(code);
}
