// The wait rules on their own: kstatus as flux computes it, "handled our request", resume
// readiness, and the annotation timestamp format.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { objectReady, reconcileHandled } from '../../../src/commands/wait/checks.js';
import { computeKStatus } from '../../../src/commands/wait/kstatus.js';
import { rfc3339Nano } from '../../../src/commands/wait/timestamp.js';

function obj(generation: number, status: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'a', namespace: 'ns', generation, ...extra }, status };
}
const cond = (type: string, status: string, message = '', observedGeneration?: number) => ({ type, status, message, reason: 'R', ...(observedGeneration ? { observedGeneration } : {}) });

describe('kstatus', () => {
  it('follows flux: deletion, generation, first Reconciling/Stalled, then Ready', () => {
    expect(computeKStatus(obj(1, {}, { deletionTimestamp: '2026-01-01T00:00:00Z' })).status).toBe('Terminating');
    expect(computeKStatus(obj(2, { observedGeneration: 1, conditions: [cond('Ready', 'True')] })).status).toBe('InProgress');
    expect(computeKStatus(obj(1, { observedGeneration: 1, conditions: [cond('Stalled', 'True', 'stuck'), cond('Reconciling', 'True')] }))).toEqual({ status: 'Failed', message: 'stuck' });
    expect(computeKStatus(obj(1, { conditions: [cond('Reconciling', 'True', 'busy'), cond('Stalled', 'True')] }))).toEqual({ status: 'InProgress', message: 'busy' });
    expect(computeKStatus(obj(1, { conditions: [cond('Ready', 'False', 'no')] })).status).toBe('InProgress');
    expect(computeKStatus(obj(1, { conditions: [cond('Ready', 'Unknown')] })).status).toBe('InProgress');
    expect(computeKStatus(obj(1, { conditions: [cond('Ready', 'True')] })).status).toBe('Current');
    expect(computeKStatus(obj(1, {})).status).toBe('Current');
  });
});

describe('reconcileHandled', () => {
  const check = reconcileHandled('T2');
  it('waits until lastHandledReconcileAt equals the token', () => {
    expect(check(obj(1, { lastHandledReconcileAt: 'T1', observedGeneration: 1, conditions: [cond('Ready', 'True')] })).state).toBe('pending');
    expect(check(obj(1, { lastHandledReconcileAt: 'T2', observedGeneration: 1, conditions: [cond('Ready', 'True')] })).state).toBe('done');
  });
  it('waits for the current generation, also on the Ready condition', () => {
    expect(check(obj(2, { lastHandledReconcileAt: 'T2', observedGeneration: 1, conditions: [cond('Ready', 'True')] })).state).toBe('pending');
    expect(check(obj(2, { lastHandledReconcileAt: 'T2', observedGeneration: 2, conditions: [cond('Ready', 'True', '', 1)] })).state).toBe('pending');
  });
  it('fails at once on Stalled; a handled Ready=False is final; Reconciling keeps waiting', () => {
    expect(check(obj(1, { lastHandledReconcileAt: 'T2', observedGeneration: 1, conditions: [cond('Stalled', 'True', 'gave up'), cond('Ready', 'False')] }))).toMatchObject({ state: 'failed', message: 'gave up' });
    expect(check(obj(1, { lastHandledReconcileAt: 'T2', observedGeneration: 1, conditions: [cond('Ready', 'False', 'boom')] })).state).toBe('done');
    expect(check(obj(1, { lastHandledReconcileAt: 'T2', observedGeneration: 1, conditions: [cond('Reconciling', 'True'), cond('Ready', 'False')] })).state).toBe('pending');
    expect(check(obj(1, { lastHandledReconcileAt: 'T2', observedGeneration: 1, conditions: [cond('Ready', 'Unknown')] })).state).toBe('pending');
  });
});

describe('objectReady (resume, flux isObjectReady)', () => {
  const check = objectReady(() => false);
  it('needs an observed generation and a Ready condition for this generation', () => {
    expect(check(obj(1, {})).state).toBe('pending');
    expect(check(obj(1, { observedGeneration: 1 })).state).toBe('pending');
    expect(check(obj(2, { observedGeneration: 1, conditions: [cond('Ready', 'True')] })).state).toBe('pending');
    expect(check(obj(2, { observedGeneration: 2, conditions: [cond('Ready', 'True', '', 1)] })).state).toBe('pending');
    expect(check(obj(2, { observedGeneration: 1, conditions: [cond('Ready', 'True', '', 2)] })).state).toBe('pending');
    expect(check(obj(2, { observedGeneration: 2, conditions: [cond('Ready', 'True')] })).state).toBe('done');
    expect(check(obj(1, { observedGeneration: 1, conditions: [cond('Ready', 'False')] })).state).toBe('pending');
    expect(check(obj(1, { observedGeneration: 1, conditions: [cond('Stalled', 'True', 'x'), cond('Ready', 'False')] }))).toMatchObject({ state: 'failed', message: 'x' });
  });
  it('static objects are ready as they are', () => {
    expect(objectReady(() => true)(obj(1, {})).state).toBe('done');
  });
});

describe('annotation timestamp', () => {
  it('is RFC3339Nano in the local zone, trailing zeros trimmed', () => {
    const prev = process.env.TZ;
    // TZ is read per Date call in Node 20.
    process.env.TZ = 'UTC';
    try {
      expect(rfc3339Nano(Date.UTC(2026, 7, 7, 11, 2, 3, 500))).toBe('2026-08-07T11:02:03.5Z');
      expect(rfc3339Nano(Date.UTC(2026, 7, 7, 11, 2, 3, 0))).toBe('2026-08-07T11:02:03Z');
      expect(rfc3339Nano(Date.UTC(2026, 7, 7, 11, 2, 3, 123) + 0.456)).toBe('2026-08-07T11:02:03.123456Z');
      process.env.TZ = 'Europe/Istanbul';
      expect(rfc3339Nano(Date.UTC(2026, 7, 7, 11, 2, 3, 120))).toBe('2026-08-07T14:02:03.12+03:00');
    } finally {
      if (prev === undefined) delete process.env.TZ;
      else process.env.TZ = prev;
    }
  });
});
