// Fault injection for tests: failing requests with a chosen code (or a dropped connection),
// delays, RBAC denials, and cutting watches.

export type Matcher = { method?: string; path?: RegExp };

export interface FailOptions extends Matcher {
  /** HTTP status to answer with, or 'reset' to destroy the connection without an answer. */
  status: number | 'reset';
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Sets Retry-After (seconds) and details.retryAfterSeconds. */
  retryAfter?: number;
  reason?: string;
  message?: string;
}

export interface DelayOptions extends Matcher {
  ms: number;
  /** How many matching requests are delayed (default: all until cleared). */
  count?: number;
}

export interface ForbidOptions {
  verb: string;
  /** Plural resource name, e.g. helmreleases. */
  resource: string;
  group?: string;
  namespace?: string;
}

export interface WatchHandle {
  path: string;
  close(): void;
}

interface Counted<T> {
  opts: T;
  remaining: number;
}

function matches(m: Matcher, method: string, path: string): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path && !m.path.test(path)) return false;
  return true;
}

export class Faults {
  private failures: Array<Counted<FailOptions>> = [];
  private delays: Array<Counted<DelayOptions>> = [];
  private denials: ForbidOptions[] = [];
  private drops: Array<{ events: number; path?: RegExp }> = [];
  /** Open watches, maintained by the server. */
  readonly watches = new Set<WatchHandle>();

  /** Fail the next `count` matching requests. */
  failNext(opts: FailOptions): void {
    this.failures.push({ opts, remaining: opts.count ?? 1 });
  }

  /** Delay matching requests by `ms` before handling them. */
  delay(opts: DelayOptions): void {
    this.delays.push({ opts, remaining: opts.count ?? Infinity });
  }

  /** Deny a verb on a resource with the RBAC Forbidden answer. */
  forbid(opts: ForbidOptions): void {
    this.denials.push(opts);
  }

  /** End every open watch (as an apiserver restart or a load balancer would). */
  closeWatches(): number {
    const n = this.watches.size;
    for (const w of [...this.watches]) w.close();
    return n;
  }

  /** The next watch opened (matching `path`) is cut after `events` events. */
  dropWatchAfter(events: number, opts: { path?: RegExp } = {}): void {
    this.drops.push({ events, path: opts.path });
  }

  clear(): void {
    this.failures = [];
    this.delays = [];
    this.denials = [];
    this.drops = [];
  }

  takeFailure(method: string, path: string): FailOptions | undefined {
    const f = this.failures.find((x) => x.remaining > 0 && matches(x.opts, method, path));
    if (!f) return undefined;
    f.remaining--;
    this.failures = this.failures.filter((x) => x.remaining > 0);
    return f.opts;
  }

  takeDelay(method: string, path: string): number {
    let total = 0;
    for (const d of this.delays) {
      if (d.remaining > 0 && matches(d.opts, method, path)) {
        d.remaining--;
        total += d.opts.ms;
      }
    }
    this.delays = this.delays.filter((x) => x.remaining > 0);
    return total;
  }

  denied(verb: string, group: string, resource: string, namespace: string | undefined): boolean {
    return this.denials.some((d) => d.verb === verb && d.resource === resource && (d.group ?? group) === group && (d.namespace === undefined || d.namespace === namespace));
  }

  takeWatchDrop(path: string): number | undefined {
    const i = this.drops.findIndex((d) => !d.path || d.path.test(path));
    if (i < 0) return undefined;
    const [d] = this.drops.splice(i, 1);
    return d!.events;
  }
}
