// The pre-flight of a reconcile against the API test server: suspend, dependsOn (not ready, an
// invalid readyExpr) and the cross-namespace policy. Each stops before anything is applied and
// leaves the conditions, events and observedGeneration helm-controller would.
import { describe, expect, it } from 'vitest';
import { reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { helmRelease, helmRepository, namespace, reconcileEnv } from './support.js';

describe('reconcile pre-flight', () => {
  const env = reconcileEnv({
    objects: (url) => [namespace('apps'), namespace('flux-system'), helmRepository('charts', 'apps', url), helmRepository('charts', 'flux-system', url)],
  });
  const { hr, events, put } = env;
  const condition = (name: string, type: string) => env.condition(type, name);

  const releaseSecrets = () => env.server.store.list('v1', 'Secret', 'apps').filter((s) => (s as { type?: string }).type === 'helm.sh/release.v1');
  const reconcile = (name: string, allowCrossNamespace = true) => reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name, allowCrossNamespace });

  it('a suspended HelmRelease is left alone: nothing fetched or applied, the request recorded as handled', async () => {
    const requests = env.repo.requests.length;
    put({ ...helmRelease('paused', 'apps', 'grade-api', '1.0.0', { suspend: true }, 3), metadata: { name: 'paused', namespace: 'apps', generation: 3, annotations: { 'reconcile.fluxcd.io/requestedAt': 'token-1' } } });
    const result = await reconcile('paused');
    expect(result.kind).toBe('suspended');
    expect(env.repo.requests.length).toBe(requests);
    expect(releaseSecrets()).toEqual([]);
    expect(env.server.store.list('apps/v1', 'Deployment', 'apps')).toEqual([]);
    expect(hr('paused').status).toEqual({ lastHandledReconcileAt: 'token-1', observedGeneration: 3 });
  });

  it('a dependency that is not ready: Ready=False DependencyNotReady, a Normal event, retried later', async () => {
    put({ ...helmRelease('db', 'apps', 'grade-api', '1.0.0', {}, 2), status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'InstallSucceeded', message: 'ok', lastTransitionTime: '2024-01-01T00:00:00Z' }] } });
    put(helmRelease('app', 'apps', 'grade-api', '1.0.0', { dependsOn: [{ name: 'db' }] }));
    const result = await reconcile('app');
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'DependencyNotReady', message: "dependency 'apps/db' is not ready", terminal: false });
    expect(condition('app', 'Ready')).toMatchObject({ status: 'False', reason: 'DependencyNotReady', message: "dependency 'apps/db' is not ready" });
    expect(condition('app', 'Reconciling')).toMatchObject({ status: 'True', reason: 'Progressing', message: 'Fulfilling prerequisites' });
    expect(condition('app', 'Stalled')).toBeUndefined();
    // Not observed: the CRD's default (-1) stays until a reconcile completes.
    expect(hr('app').status?.observedGeneration).toBe(-1);
    expect(events('app').map((e) => [e.type, e.reason, e.message])).toEqual([['Normal', 'DependencyNotReady', "dependency 'apps/db' is not ready"]]);
    expect(releaseSecrets()).toEqual([]);
  });

  it('a missing dependency names it with the API error', async () => {
    put(helmRelease('orphan', 'apps', 'grade-api', '1.0.0', { dependsOn: [{ name: 'ghost', namespace: 'flux-system' }] }));
    const result = await reconcile('orphan');
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'DependencyNotReady', terminal: false });
    expect(condition('orphan', 'Ready')?.message).toMatch(/^unable to get 'flux-system\/ghost' dependency: .*"ghost" not found$/);
  });

  it('a readyExpr that does not compile is terminal: Ready=False and Stalled InvalidCELExpression, observedGeneration written', async () => {
    put(helmRelease('cel', 'apps', 'grade-api', '1.0.0', { dependsOn: [{ name: 'db', readyExpr: 'dep.status.(' }] }, 4));
    const result = await reconcile('cel');
    const prefix = "Reconciliation failed terminally due to configuration error: failed to evaluate dependency db: failed to parse the CEL expression 'dep.status.(': ";
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'InvalidCELExpression', terminal: true });
    for (const type of ['Ready', 'Stalled']) {
      const c = condition('cel', type);
      expect(c).toMatchObject({ status: type === 'Ready' ? 'False' : 'True', reason: 'InvalidCELExpression' });
      expect(c?.message?.startsWith(prefix)).toBe(true);
    }
    expect(condition('cel', 'Reconciling')).toBeUndefined();
    expect(hr('cel').status?.observedGeneration).toBe(4);
    const [event] = events('cel');
    expect([event?.type, event?.reason]).toEqual(['Warning', 'InvalidCELExpression']);
    expect(event?.message.startsWith("failed to evaluate dependency db: failed to parse the CEL expression 'dep.status.(': ")).toBe(true);
  });

  it('a readyExpr that evaluates to false waits like any dependency', async () => {
    put(helmRelease('celwait', 'apps', 'grade-api', '1.0.0', { dependsOn: [{ name: 'db', readyExpr: 'dep.metadata.generation == 1' }] }));
    const result = await reconcile('celwait');
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'DependencyNotReady', message: "dependency 'apps/db' is not ready according to readyExpr eval", terminal: false });
  });

  it('a cross-namespace chartRef refused by --no-cross-namespace-refs: Stalled AccessDenied, terminal', async () => {
    put({ ...helmRelease('remote', 'apps', 'grade-api', '1.0.0', {}, 2), spec: { interval: '1m', chartRef: { kind: 'OCIRepository', name: 'grade', namespace: 'flux-system' } } });
    const requests = env.repo.requests.length;
    const result = await reconcile('remote', false);
    const message = 'cross-namespace references are not allowed: cannot access OCIRepository flux-system/grade';
    expect(result).toMatchObject({ kind: 'not-ready', reason: 'AccessDenied', message, terminal: true });
    expect(condition('remote', 'Ready')).toMatchObject({ status: 'False', reason: 'AccessDenied', message });
    expect(condition('remote', 'Stalled')).toMatchObject({ status: 'True', reason: 'AccessDenied', message });
    expect(condition('remote', 'Reconciling')).toBeUndefined();
    expect(hr('remote').status?.observedGeneration).toBe(2);
    expect(events('remote').map((e) => [e.type, e.reason, e.message])).toEqual([['Warning', 'AccessDenied', message]]);
    expect(env.repo.requests.length).toBe(requests);
  });

  it('a cross-namespace chart source is refused but retried (no Stalled), and allowed by default', async () => {
    put(helmRelease('shared', 'apps', 'grade-api', '1.0.0', { chart: { spec: { chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'flux-system' } } }, install: { disableWait: true } }));
    const refused = await reconcile('shared', false);
    expect(refused).toMatchObject({ kind: 'not-ready', reason: 'AccessDenied', terminal: false });
    expect(condition('shared', 'Stalled')).toBeUndefined();
    expect(releaseSecrets()).toEqual([]);

    const allowed = await reconcile('shared', true);
    expect(allowed.kind).toBe('loop');
    expect(condition('shared', 'Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
  });
});
