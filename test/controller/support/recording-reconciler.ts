// A Reconciler for controller tests (the core is tested elsewhere): marks the HelmRelease
// Ready (handling requestedAt as the core does), records every call, and reports any two
// reconciles of one object that overlap — the property the work queue must guarantee.
import type { Cluster } from '../../../src/cluster/types.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { helmReleaseKind } from '../../../src/kinds/helmrelease.js';
import type { ReconcileContext, ReconcileOutcome, Reconciler } from '../../../src/controller/reconciler.js';

export interface Call {
  op: 'reconcile' | 'finalize';
  key: string;
  generation: number;
  allowCross: boolean;
  at: number;
}

export class RecordingReconciler implements Reconciler {
  readonly calls: Call[] = [];
  readonly overlaps: string[] = [];
  private readonly running = new Set<string>();
  delayMs = 0;
  /** Keys that fail (with backoff) this many more times. */
  readonly failures = new Map<string, number>();
  /** Keys that fail while cross-namespace references are disallowed, as the core refuses a source in another namespace. */
  readonly refusedWithoutCrossRefs = new Set<string>();

  constructor(private readonly cluster: Cluster, private readonly label = '') {}

  count(op: Call['op'], key?: string): number {
    return this.calls.filter((c) => c.op === op && (key === undefined || c.key === key)).length;
  }

  async reconcile(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome> {
    return this.run('reconcile', hr, ctx, async () => {
      const requested = hr.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
      await this.cluster.statusPatch(helmReleaseKind.resource, hr.metadata.name, hr.metadata.namespace, {
        status: {
          observedGeneration: hr.metadata.generation ?? 0,
          ...(requested ? { lastHandledReconcileAt: requested } : {}),
          conditions: [
            { type: 'Ready', status: 'True', observedGeneration: hr.metadata.generation ?? 0, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), reason: 'InstallSucceeded', message: `reconciled by ${this.label || 'test'}` },
          ],
        },
      });
    });
  }

  async finalize(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome> {
    return this.run('finalize', hr, ctx, async () => {});
  }

  private async run(op: Call['op'], hr: HelmRelease, ctx: ReconcileContext, body: () => Promise<void>): Promise<ReconcileOutcome> {
    const key = `${hr.metadata.namespace}/${hr.metadata.name}`;
    if (this.running.has(key)) this.overlaps.push(key);
    this.running.add(key);
    this.calls.push({ op, key, generation: hr.metadata.generation ?? 0, allowCross: ctx.allowCrossNamespaceRefs, at: Date.now() });
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      if (op === 'reconcile' && !ctx.allowCrossNamespaceRefs && this.refusedWithoutCrossRefs.has(key)) {
        return { error: new Error('cross-namespace references are not allowed: cannot access HelmChart (test)') };
      }
      const left = this.failures.get(key) ?? 0;
      if (left > 0) {
        this.failures.set(key, left - 1);
        return { error: new Error('install failed: test failure') };
      }
      await body();
      return {};
    } finally {
      this.running.delete(key);
    }
  }
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
