// The controller's Prometheus metrics, in the text exposition format (version 0.0.4), named as
// controller-runtime names them so existing Flux dashboards work:
// controller_runtime_reconcile_total{controller,result} and
// controller_runtime_reconcile_time_seconds{controller} (histogram).

export type ReconcileResult = 'success' | 'error' | 'requeue' | 'requeue_after';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function fmt(n: number): string {
  if (n === Infinity) return '+Inf';
  return String(n);
}

export class ControllerMetrics {
  private readonly totals = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly times = new Map<string, Histogram>();
  private readonly gauges = new Map<string, () => number>();

  /** One finished reconcile of `controller` (the kind, lower case, as controller-runtime names it). */
  observe(controller: string, result: ReconcileResult, seconds: number): void {
    const key = `${controller}\u0000${result}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    if (result === 'error') this.errors.set(controller, (this.errors.get(controller) ?? 0) + 1);
    let h = this.times.get(controller);
    if (!h) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.times.set(controller, h);
    }
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) (h as Histogram).counts[i] = ((h as Histogram).counts[i] ?? 0) + 1;
    });
    h.sum += seconds;
    h.count += 1;
  }

  /** A gauge read at scrape time (queue depth, leader status, ...). */
  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  total(controller: string, result: ReconcileResult): number {
    return this.totals.get(`${controller}\u0000${result}`) ?? 0;
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP controller_runtime_reconcile_total Total number of reconciliations per controller', '# TYPE controller_runtime_reconcile_total counter');
    for (const [key, n] of [...this.totals].sort(([a], [b]) => a.localeCompare(b))) {
      const [controller, result] = key.split('\u0000') as [string, string];
      out.push(`controller_runtime_reconcile_total{controller="${escapeLabel(controller)}",result="${result}"} ${n}`);
    }
    out.push('# HELP controller_runtime_reconcile_errors_total Total number of reconciliation errors per controller', '# TYPE controller_runtime_reconcile_errors_total counter');
    for (const [controller, n] of [...this.errors].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`controller_runtime_reconcile_errors_total{controller="${escapeLabel(controller)}"} ${n}`);
    }
    out.push('# HELP controller_runtime_reconcile_time_seconds Length of time per reconciliation per controller', '# TYPE controller_runtime_reconcile_time_seconds histogram');
    for (const [controller, h] of [...this.times].sort(([a], [b]) => a.localeCompare(b))) {
      const c = escapeLabel(controller);
      BUCKETS.forEach((b, i) => out.push(`controller_runtime_reconcile_time_seconds_bucket{controller="${c}",le="${fmt(b)}"} ${h.counts[i] ?? 0}`));
      out.push(`controller_runtime_reconcile_time_seconds_bucket{controller="${c}",le="+Inf"} ${h.count}`);
      out.push(`controller_runtime_reconcile_time_seconds_sum{controller="${c}"} ${h.sum}`);
      out.push(`controller_runtime_reconcile_time_seconds_count{controller="${c}"} ${h.count}`);
    }
    for (const [name, read] of [...this.gauges].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`# TYPE ${name} gauge`, `${name} ${read()}`);
    }
    return out.join('\n') + '\n';
  }
}
