// The real `flux-ts controller` command (with the reconciliation core) as a child process,
// against the API test server and a chart repository, driven by the CLI: install, the seed's
// cross-namespace HelmRelease refused then accepted after `install --allow-namespace-cross-references`,
// `reconcile hr` returning when the controller is done, suspend/resume, delete → uninstall,
// SIGTERM → clean exit. The controller is given the cluster by --kubeconfig only (no KUBECONFIG),
// so `lookup` in a chart must reach the cluster with the command's own flags.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { helmReleaseKind } from '../../../src/kinds/helmrelease.js';
import { packageChartDir } from '../../../src/sources/chart-archive.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { createObjects, startControllerProcess, type ControllerProcess } from '../../support/controller-process.js';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';
import { flux } from '../../commands/reconcile/harness.js';
import { newCluster } from '../../controller/support/rig.js';
import { until } from '../../controller/support/recording-reconciler.js';

const CHART = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));
const LOOKUP_CHART = fileURLToPath(new URL('../../fixtures/render/charts/lookup', import.meta.url));
type Cond = { type: string; status: string; reason?: string; message?: string };

describe('flux-ts controller (the command, with the core)', () => {
  let server: TestApiServer;
  let repo: ChartRepoServer;
  // The built CLI (npm test builds dist/ first), as users run it: its lookup worker is a bundle entry.
  let controller: ControllerProcess;
  const ready = (): Cond | undefined =>
    (server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'grade', 'apps') as unknown as { status?: { conditions?: Cond[] } } | undefined)?.status?.conditions?.find((c) => c.type === 'Ready');

  beforeAll(async () => {
    server = await startApiServer({ simulateWorkloads: true, readyAfterMs: 100 });
    repo = await startChartRepo();
    const { archive } = await packageChartDir(CHART);
    const digest = createHash('sha256').update(archive).digest('hex');
    repo.files.set('/grade-api-1.0.0.tgz', archive);
    const lookupChart = await packageChartDir(LOOKUP_CHART);
    const lookupDigest = createHash('sha256').update(lookupChart.archive).digest('hex');
    repo.files.set('/lookup-0.1.0.tgz', lookupChart.archive);
    repo.files.set(
      '/index.yaml',
      Buffer.from(
        `apiVersion: v1\nentries:\n  grade-api:\n  - name: grade-api\n    version: 1.0.0\n    appVersion: 1.0.0\n    digest: ${digest}\n    urls:\n    - ${repo.url}/grade-api-1.0.0.tgz\n` +
          `  lookup:\n  - name: lookup\n    version: 0.1.0\n    digest: ${lookupDigest}\n    urls:\n    - ${repo.url}/lookup-0.1.0.tgz\n`,
      ),
    );
    const install = await flux(server, ['install', '--wait=false']);
    expect(install.code).toBe(0);
    // --timeout=2s: a controller outlives the command timeout (its client must not end with it);
    // the tests below run well past 2 s.
    controller = startControllerProcess(server, ['--timeout=2s', '--leader-elect', '--leader-election-retry-period=200ms']);
    await createObjects(server, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'charts', namespace: 'flux-system' }, spec: { url: repo.url, interval: '1m' } },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'grade', namespace: 'apps' },
        spec: { interval: '1m', chart: { spec: { chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'flux-system' } } }, values: { replicaCount: 1 } },
      },
    ]);
  }, 60_000);
  afterAll(async () => {
    controller?.kill();
    await repo?.stop();
    await server?.close();
  });

  it('refuses the cross-namespace source until the install allows it, then installs the release', async () => {
    await until(() => ready()?.reason === 'AccessDenied', 30_000, `AccessDenied (logs: ${controller.logs.slice(-2000)})`);
    expect(ready()?.message).toBe('cross-namespace references are not allowed: cannot access HelmChart flux-system/apps-grade');
    expect((await flux(server, ['install', '--wait=false', '--allow-namespace-cross-references'])).code).toBe(0);
    await until(() => ready()?.status === 'True', 60_000, `Ready (last: ${JSON.stringify(ready())}, logs: ${controller.logs.slice(-2000)})`);
    expect(ready()?.message).toBe('Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0');
  }, 120_000);

  it('`reconcile hr` returns once the controller handled the request; suspend and resume', async () => {
    const out = await flux(server, ['reconcile', 'hr', 'grade', '-n', 'apps']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('✔ applied revision 1.0.0');
    expect((await flux(server, ['suspend', 'hr', 'grade', '-n', 'apps'])).code).toBe(0);
    const resumed = await flux(server, ['resume', 'hr', 'grade', '-n', 'apps']);
    expect(resumed.code, resumed.stderr).toBe(0);
  }, 120_000);

  it('a chart calling lookup sees the cluster the command was pointed at by --kubeconfig', async () => {
    await createObjects(server, [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { color: 'green' } } as KubeObject,
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'live', namespace: 'apps' },
        spec: { interval: '1m', chart: { spec: { chart: 'lookup', version: '0.1.0', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'flux-system' } } } },
      },
    ]);
    const copy = () => (server.store.get('v1', 'ConfigMap', 'live-copy', 'apps') as { data?: Record<string, string> } | undefined)?.data;
    await until(() => copy() !== undefined, 60_000, `live-copy rendered (hr: ${JSON.stringify(server.store.get("helm.toolkit.fluxcd.io/v2", "HelmRelease", "live", "apps")?.["status"])}, logs: ${controller.logs.slice(-3000)})`);
    expect(copy()).toMatchObject({ found: 'true', color: 'green', namespace: 'default' });
  }, 120_000);

  it('deleting the HelmRelease uninstalls the release; SIGTERM ends the controller cleanly', async () => {
    const cluster = await newCluster(server);
    await cluster.delete(helmReleaseKind.resource, 'grade', 'apps');
    cluster.close?.();
    await until(() => !server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'grade', 'apps'), 60_000, 'HelmRelease gone');
    expect(server.store.list('v1', 'Secret', 'apps').filter((s) => (s as KubeObject).metadata.name.startsWith('sh.helm.release.v1.grade.'))).toEqual([]);
    expect(server.store.get('apps/v1', 'Deployment', 'grade-grade-api', 'apps')).toBeUndefined();
    controller.child.kill('SIGTERM');
    expect(await controller.exited).toBe(0);
    for (const line of controller.logs.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
  }, 120_000);
});
