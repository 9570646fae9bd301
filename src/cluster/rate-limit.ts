// Client-side request rate limit (flux's --kube-api-qps / --kube-api-burst, client-go's token
// bucket): up to `burst` requests at once, refilled at `qps` per second.

export interface RateLimit {
  qps: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { qps: 50, burst: 300 };

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Milliseconds to wait before the next request may go; takes its token. */
  reserve(): number {
    if (this.limit.qps <= 0) return 0; // qps 0 or less: unlimited, as client-go treats it
    const t = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((t - this.last) / 1000) * this.limit.qps);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.limit.qps) * 1000);
  }
}
