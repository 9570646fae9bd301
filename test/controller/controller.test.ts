// The controller against the API test server: finalizers, reconcile requests from the CLI,
// suspend/resume, the cross-namespace setting from the install, deletion, backoff, the
// referenced ConfigMap/source triggers, probes and metrics, and leader election.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApiServer } from '../support/apiserver/index.js';
import { flux } from '../commands/reconcile/harness.js';
import { helmReleaseKind } from '../../src/kinds/helmrelease.js';
import { newCluster, startController, startInstalled, type RunningController } from './support/rig.js';
import { until } from './support/recording-reconciler.js';

const HR = 'helm.toolkit.fluxcd.io/v2';
type Obj = { metadata: { finalizers?: string[] }; status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] } };

function hr(server: TestApiServer, ns: string, name: string): Obj | undefined {
  return server.store.get(HR, 'HelmRelease', name, ns) as unknown as Obj | undefined;
}
function ready(server: TestApiServer, ns: string, name: string) {
  return hr(server, ns, name)?.status?.conditions?.find((c) => c.type === 'Ready');
}

describe('flux-ts controller', () => {
  let server: TestApiServer;
  const running: RunningController[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
    await server?.close();
  });

  it('adds the finalizer, reconciles, serves probes and metrics; `reconcile hr` returns when handled', async () => {
    server = await startInstalled();
    const c = await startController(server);
    running.push(c);
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True', 10_000, 'podinfo Ready');
    expect(hr(server, 'flux-system', 'podinfo')?.metadata.finalizers).toEqual(['finalizers.fluxcd.io']);
    const base = `http://127.0.0.1:${c.ports.health}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await until(async () => (await fetch(`${base}/readyz`)).status === 200, 5_000, 'readyz');
    const metrics = await (await fetch(`http://127.0.0.1:${c.ports.metrics}/metrics`)).text();
    expect(metrics).toMatch(/^controller_runtime_reconcile_total\{controller="helmrelease",result="success"\} \d+$/m);
    expect(metrics).toContain('controller_runtime_reconcile_time_seconds_count{controller="helmrelease"}');
    expect(metrics).toContain('leader_election_master_status 1');
    const before = c.reconciler.count('reconcile', 'flux-system/podinfo');
    const out = await flux(server, ['reconcile', 'hr', 'podinfo', '-n', 'flux-system']);
    expect(out.code).toBe(0);
    expect(c.reconciler.count('reconcile', 'flux-system/podinfo')).toBe(before + 1);
    for (const line of c.logs) expect(() => JSON.parse(line)).not.toThrow();
    expect(c.reconciler.overlaps).toEqual([]);
  });

  it('decides on the watched object: a reconcile request costs the controller no read of the HelmRelease', async () => {
    server = await startInstalled();
    const c = await startController(server);
    running.push(c);
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True', 10_000, 'podinfo Ready');
    const before = c.reconciler.count('reconcile', 'flux-system/podinfo');
    server.clearRequests();
    const cluster = await newCluster(server);
    await cluster.mergePatch(helmReleaseKind.resource, 'podinfo', 'flux-system', { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now' } } });
    cluster.close?.();
    await until(() => c.reconciler.count('reconcile', 'flux-system/podinfo') === before + 1, 5_000, 'requested reconcile');
    // The reconciler (here: a recording one) reads what it needs; the core reads the object once.
    expect(server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/helmreleases/podinfo') && r.query['watch'] !== 'true')).toEqual([]);
  });

  it('reconciles nothing before every watch has its initial list (a late list is not mistaken for the start)', async () => {
    server = await startInstalled();
    // The GitRepository list answers late; HelmReleases and the other kinds are listed at once.
    server.faults.delay({ method: 'GET', path: /\/gitrepositories$/, ms: 1500, count: 1 });
    const started = Date.now();
    const c = await startController(server);
    running.push(c);
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True', 10_000, 'podinfo Ready');
    const first = Math.min(...c.reconciler.calls.map((x) => x.at));
    expect(first - started).toBeGreaterThanOrEqual(1500);
  });

  it('honours suspend and resume', async () => {
    server = await startInstalled(['--allow-namespace-cross-references']);
    const c = await startController(server);
    running.push(c);
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True');
    expect((await flux(server, ['suspend', 'hr', 'podinfo', '-n', 'flux-system'])).code).toBe(0);
    const n = c.reconciler.count('reconcile', 'flux-system/podinfo');
    await flux(server, ['reconcile', 'hr', 'podinfo', '-n', 'flux-system', '--timeout=1s']);
    expect(c.reconciler.count('reconcile', 'flux-system/podinfo')).toBe(n);
    await until(() => c.logs.some((l) => l.includes('reconciliation is suspended for this object')), 5_000, 'suspended log');
    expect((await flux(server, ['resume', 'hr', 'podinfo', '-n', 'flux-system'])).code).toBe(0);
    expect(c.reconciler.count('reconcile', 'flux-system/podinfo')).toBeGreaterThan(n);
  });

  it("hands each reconcile the install's cross-namespace setting, following the ConfigMap live", async () => {
    // The core refuses the cross-namespace source (its AccessDenied status is tested with the
    // core); the controller's part is the setting it passes and the retries with backoff.
    server = await startInstalled();
    const c = await startController(server, { refusedWithoutCrossRefs: ['apps/frontend'] });
    running.push(c);
    const frontendCalls = () => c.reconciler.calls.filter((x) => x.key === 'apps/frontend');
    await until(() => frontendCalls().length >= 2, 10_000, 'refused reconcile retried');
    expect(frontendCalls().every((x) => !x.allowCross)).toBe(true);
    expect(ready(server, 'apps', 'frontend')?.status).not.toBe('True');
    expect((await flux(server, ['install', '--wait=false', '--allow-namespace-cross-references'])).code).toBe(0);
    // The setting applies from the next attempt.
    await until(() => ready(server, 'apps', 'frontend')?.status === 'True', 15_000, 'frontend Ready');
    expect(frontendCalls().at(-1)?.allowCross).toBe(true);
  });

  it('--no-cross-namespace-refs=false on the controller overrides the install', async () => {
    server = await startInstalled();
    const c = await startController(server, { noCrossNamespaceRefs: false });
    running.push(c);
    await until(() => ready(server, 'apps', 'frontend')?.status === 'True');
  });

  it('uninstalls on delete unless suspended, then removes the finalizer', async () => {
    server = await startInstalled(['--allow-namespace-cross-references']);
    const c = await startController(server);
    running.push(c);
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True' && ready(server, 'apps', 'frontend')?.status === 'True');
    await flux(server, ['suspend', 'hr', 'frontend', '-n', 'apps']);
    const cluster = await newCluster(server);
    await cluster.delete(helmReleaseKind.resource, 'podinfo', 'flux-system');
    await cluster.delete(helmReleaseKind.resource, 'frontend', 'apps');
    cluster.close?.();
    await until(() => !hr(server, 'flux-system', 'podinfo') && !hr(server, 'apps', 'frontend'), 10_000, 'objects gone');
    expect(c.reconciler.count('finalize', 'flux-system/podinfo')).toBe(1);
    expect(c.reconciler.count('finalize', 'apps/frontend')).toBe(0);
  });

  it('retries failures with backoff and counts them', async () => {
    server = await startInstalled(['--allow-namespace-cross-references']);
    const c = await startController(server);
    running.push(c);
    c.reconciler.failures.set('flux-system/podinfo', 3);
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True');
    expect(c.reconciler.count('reconcile', 'flux-system/podinfo')).toBe(4);
    const metrics = await (await fetch(`http://127.0.0.1:${c.ports.metrics}/metrics`)).text();
    expect(metrics, metrics).toContain('controller_runtime_reconcile_errors_total{controller="helmrelease"} 3');
  });

  it('reconciles again when a valuesFrom ConfigMap or the source artifact changes, not on status writes', async () => {
    server = await startInstalled();
    const c = await startController(server);
    running.push(c);
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True');
    await new Promise((r) => setTimeout(r, 300));
    const n = c.reconciler.count('reconcile', 'flux-system/podinfo');
    const cm = server.store.get('v1', 'ConfigMap', 'podinfo-values', 'flux-system') as unknown as Record<string, unknown>;
    server.store.put({ ...cm, data: { 'values.yaml': 'replicaCount: 2\n' } } as never);
    await until(() => c.reconciler.count('reconcile', 'flux-system/podinfo') === n + 1, 5_000, 'values trigger');
    const repo = server.store.get('source.toolkit.fluxcd.io/v1', 'HelmRepository', 'podinfo', 'flux-system') as unknown as Record<string, unknown>;
    server.store.put({ ...repo, status: { artifact: { revision: 'sha256:1', digest: 'sha256:1' } } } as never);
    await until(() => c.reconciler.count('reconcile', 'flux-system/podinfo') === n + 2, 5_000, 'source trigger');
    await new Promise((r) => setTimeout(r, 300));
    expect(c.reconciler.count('reconcile', 'flux-system/podinfo')).toBe(n + 2);
  });

  it('two controllers with leader election never both reconcile; the standby takes over', async () => {
    server = await startInstalled(['--allow-namespace-cross-references']);
    const a = await startController(server, { label: 'a' });
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True');
    const b = await startController(server, { label: 'b' });
    running.push(b);
    await flux(server, ['reconcile', 'hr', 'podinfo', '-n', 'flux-system']);
    expect(b.reconciler.calls).toEqual([]);
    const standbyMetrics = await (await fetch(`http://127.0.0.1:${b.ports.metrics}/metrics`)).text();
    expect(standbyMetrics).toContain('leader_election_master_status 0');
    const stoppedAt = Date.now();
    expect(await a.stop()).toBe(0);
    const out = await flux(server, ['reconcile', 'hr', 'podinfo', '-n', 'flux-system']);
    expect(out.code).toBe(0);
    expect(b.reconciler.calls.length).toBeGreaterThan(0);
    expect(Math.min(...b.reconciler.calls.map((x) => x.at))).toBeGreaterThanOrEqual(stoppedAt);
    expect(Math.max(...a.reconciler.calls.map((x) => x.at))).toBeLessThan(stoppedAt);
  });
});
