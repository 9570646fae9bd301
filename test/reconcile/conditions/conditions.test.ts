// fluxcd/pkg runtime/conditions setter semantics and helm-controller's summarize
// (release_test.go Test_summarize), ported as facts.
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../src/kinds/api-types.js';
import * as conditions from '../../../src/reconcile/conditions/index.js';

const T0 = '2024-01-01T00:00:00Z';
const clockAt = (iso: string) => () => new Date(iso);

function obj(generation: number, conds: Condition[] = []): conditions.ConditionsObject {
  return { metadata: { generation }, status: { conditions: conds } };
}
const strip = (cs: Condition[]) => cs.map(({ lastTransitionTime: _ltt, ...c }) => c);

describe('set', () => {
  it('adds a condition with the object generation and a transition time in seconds', () => {
    const o = obj(3);
    conditions.markTrue(o, 'Released', 'InstallSucceeded', 'ok', clockAt('2024-05-06T07:08:09.123Z'));
    expect(o.status!.conditions).toEqual([
      { type: 'Released', status: 'True', observedGeneration: 3, lastTransitionTime: '2024-05-06T07:08:09Z', reason: 'InstallSucceeded', message: 'ok' },
    ]);
  });

  it('keeps lastTransitionTime while status, reason and message stay the same, even for a new generation', () => {
    const o = obj(1, [{ type: 'Ready', status: 'True', reason: 'R', message: 'm', observedGeneration: 1, lastTransitionTime: T0 }]);
    o.metadata.generation = 2;
    conditions.markTrue(o, 'Ready', 'R', 'm', clockAt('2024-02-02T00:00:00Z'));
    expect(conditions.get(o, 'Ready')).toMatchObject({ lastTransitionTime: T0, observedGeneration: 2 });
  });

  it('moves lastTransitionTime when status, reason or message change', () => {
    for (const change of [{ status: 'False' }, { reason: 'Other' }, { message: 'other' }]) {
      const o = obj(1, [{ type: 'Ready', status: 'True', reason: 'R', message: 'm', observedGeneration: 1, lastTransitionTime: T0 }]);
      conditions.set(o, { type: 'Ready', status: 'True', reason: 'R', message: 'm', ...change }, clockAt('2024-02-02T00:00:00Z'));
      expect(conditions.get(o, 'Ready')?.lastTransitionTime).toBe('2024-02-02T00:00:00Z');
    }
  });

  it('sorts Stalled, Reconciling, Ready first, then by type', () => {
    const o = obj(1);
    for (const t of ['TestSuccess', 'Ready', 'Released', 'Stalled', 'Reconciling', 'Remediated']) conditions.markTrue(o, t, 'r', 'm', clockAt(T0));
    expect(o.status!.conditions!.map((c) => c.type)).toEqual(['Stalled', 'Reconciling', 'Ready', 'Released', 'Remediated', 'TestSuccess']);
  });
});

describe('abnormal-true conditions', () => {
  it('Reconciling removes Stalled and Stalled removes Reconciling', () => {
    const o = obj(1);
    conditions.markStalled(o, 'RetriesExceeded', 'Failed to install after 1 attempt(s)', clockAt(T0));
    conditions.markReconciling(o, 'Progressing', 'Fulfilling prerequisites', clockAt(T0));
    expect(o.status!.conditions!.map((c) => c.type)).toEqual(['Reconciling']);
    conditions.markStalled(o, 'RetriesExceeded', 'x', clockAt(T0));
    expect(o.status!.conditions!.map((c) => c.type)).toEqual(['Stalled']);
  });
});

describe('replaceCondition', () => {
  it('turns a stale Remediated into Released, keeping its transition time', () => {
    const o = obj(2, [
      { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: 'x', observedGeneration: 1, lastTransitionTime: '2024-01-03T00:00:00Z' },
      { type: 'Remediated', status: 'True', reason: 'RollbackSucceeded', message: 'y', observedGeneration: 1, lastTransitionTime: T0 },
    ]);
    conditions.replaceCondition(o, 'Remediated', 'Released', 'UpgradeSucceeded', 'Helm upgrade succeeded for release a/b.v3 with chart c@1', 'True', clockAt('2024-09-09T00:00:00Z'));
    expect(o.status!.conditions).toEqual([
      { type: 'Released', status: 'True', observedGeneration: 2, lastTransitionTime: T0, reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release a/b.v3 with chart c@1' },
    ]);
  });

  it('does nothing without the target condition', () => {
    const o = obj(1, [{ type: 'Released', status: 'True', reason: 'r', message: 'm', observedGeneration: 1, lastTransitionTime: T0 }]);
    conditions.replaceCondition(o, 'Remediated', 'Released', 'x', 'y', 'True');
    expect(conditions.get(o, 'Released')?.reason).toBe('r');
  });
});

const c = (type: string, status: string, reason: string, message: string, observedGeneration = 1): Condition => ({ type, status, reason, message, observedGeneration });

describe('summarize (Ready from Remediated, TestSuccess, Released)', () => {
  const noTests = { testEnabled: false, testIgnoreFailures: false, now: clockAt(T0) };
  const tests = { testEnabled: true, testIgnoreFailures: false, now: clockAt(T0) };

  it.each([
    {
      name: 'summarize conditions (TestSuccess dropped when tests are disabled)',
      generation: 1,
      opts: noTests,
      conds: [c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure')],
      expect: [c('Ready', 'True', 'InstallSucceeded', 'Install complete'), c('Released', 'True', 'InstallSucceeded', 'Install complete')],
    },
    {
      name: 'with tests enabled',
      generation: 1,
      opts: tests,
      conds: [c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'True', 'TestSucceeded', 'test hook(s) succeeded')],
      expect: [c('Ready', 'True', 'TestSucceeded', 'test hook(s) succeeded'), c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'True', 'TestSucceeded', 'test hook(s) succeeded')],
    },
    {
      name: 'with tests enabled and failure tests',
      generation: 1,
      opts: tests,
      conds: [c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure')],
      expect: [c('Ready', 'False', 'TestFailed', 'test hook(s) failure'), c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure')],
    },
    {
      name: 'with tests enabled but failures ignored',
      generation: 1,
      opts: { ...tests, testIgnoreFailures: true },
      conds: [c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure')],
      expect: [c('Ready', 'True', 'InstallSucceeded', 'Install complete'), c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure')],
    },
    {
      name: 'with tests awaiting (Ready mirrors Unknown)',
      generation: 1,
      opts: tests,
      conds: [c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'Unknown', 'AwaitingTests', 'Helm release a/b.v1 with chart c@1 is awaiting tests')],
      expect: [
        c('Ready', 'Unknown', 'AwaitingTests', 'Helm release a/b.v1 with chart c@1 is awaiting tests'),
        c('Released', 'True', 'InstallSucceeded', 'Install complete'),
        c('TestSuccess', 'Unknown', 'AwaitingTests', 'Helm release a/b.v1 with chart c@1 is awaiting tests'),
      ],
    },
    {
      name: 'with remediation failure',
      generation: 1,
      opts: tests,
      conds: [c('Released', 'True', 'InstallSucceeded', 'Install complete'), c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure'), c('Remediated', 'False', 'UninstallFailed', 'Uninstall failure')],
      expect: [
        c('Ready', 'False', 'UninstallFailed', 'Uninstall failure'),
        c('Released', 'True', 'InstallSucceeded', 'Install complete'),
        c('Remediated', 'False', 'UninstallFailed', 'Uninstall failure'),
        c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure'),
      ],
    },
    {
      name: 'with remediation success (always Ready=False)',
      generation: 1,
      opts: noTests,
      conds: [c('Released', 'False', 'UpgradeFailed', 'Upgrade failure'), c('Remediated', 'True', 'RollbackSucceeded', 'Uninstall complete')],
      expect: [c('Ready', 'False', 'RollbackSucceeded', 'Uninstall complete'), c('Released', 'False', 'UpgradeFailed', 'Upgrade failure'), c('Remediated', 'True', 'RollbackSucceeded', 'Uninstall complete')],
    },
    {
      name: 'with stale ready',
      generation: 1,
      opts: noTests,
      conds: [{ type: 'Ready', status: 'False', reason: 'ChartNotFound', message: 'chart not found' }, c('Released', 'True', 'UpgradeSucceeded', 'Upgrade finished')],
      expect: [c('Ready', 'True', 'UpgradeSucceeded', 'Upgrade finished'), c('Released', 'True', 'UpgradeSucceeded', 'Upgrade finished')],
    },
    {
      name: 'with stale observed generation',
      generation: 5,
      opts: tests,
      conds: [c('Released', 'True', 'UpgradeSucceeded', 'Upgrade finished', 4), c('Remediated', 'True', 'RollbackSucceeded', 'Rollback finished', 3), c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure', 2)],
      expect: [
        c('Ready', 'True', 'UpgradeSucceeded', 'Upgrade finished', 5),
        c('Released', 'True', 'UpgradeSucceeded', 'Upgrade finished', 4),
        c('Remediated', 'True', 'RollbackSucceeded', 'Rollback finished', 3),
        c('TestSuccess', 'False', 'TestFailed', 'test hook(s) failure', 2),
      ],
    },
  ])('$name', ({ generation, opts, conds, expect: want }) => {
    const o = obj(generation, conds);
    conditions.summarize(o, opts);
    expect(strip(o.status!.conditions!)).toEqual(strip(want.map((x) => ({ ...x, lastTransitionTime: T0 }))).map((x) => expect.objectContaining(x)));
    expect(o.status!.conditions).toHaveLength(want.length);
  });

  it('removes Stalled when Ready becomes True, keeps it otherwise', () => {
    const o = obj(1, [c('Stalled', 'True', 'RetriesExceeded', 'x'), c('Released', 'True', 'UpgradeSucceeded', 'ok')]);
    conditions.summarize(o, noTests);
    expect(conditions.has(o, 'Stalled')).toBe(false);
    const p = obj(1, [c('Stalled', 'True', 'RetriesExceeded', 'x'), c('Released', 'False', 'UpgradeFailed', 'no')]);
    conditions.summarize(p, noTests);
    expect(conditions.has(p, 'Stalled')).toBe(true);
  });

  it('does nothing without conditions', () => {
    const o = obj(1);
    conditions.summarize(o, noTests);
    expect(o.status!.conditions).toEqual([]);
  });
});
