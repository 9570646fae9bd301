// The `flux-ts controller` command itself (the built CLI, as a child process) plays
// source-controller on a cluster where it is the only controller: after `flux-ts install`,
// `reconcile hr --with-source` walks HelmRepository → HelmChart → HelmRelease with flux's lines,
// and deleting the HelmRelease takes its HelmChart along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmReleaseKind } from '../../src/kinds/helmrelease.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { createObjects, startControllerProcess, type ControllerProcess } from '../support/controller-process.js';
import type { ChartRepoServer } from '../support/servers/chart-repo.js';
import { flux } from '../commands/reconcile/harness.js';
import { chartRepoWith, GRADE_API } from '../reconcile/run/support.js';
import { newCluster } from './support/rig.js';
import { until } from './support/recording-reconciler.js';

describe('flux-ts controller (the command) as source-controller', () => {
  let server: TestApiServer;
  let repo: ChartRepoServer;
  let controller: ControllerProcess;

  beforeAll(async () => {
    server = await startApiServer({ simulateWorkloads: true, readyAfterMs: 100 });
    repo = await chartRepoWith([{ dir: GRADE_API, name: 'grade-api', version: '1.0.0' }]);
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    controller = startControllerProcess(server);
    await createObjects(server, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'charts', namespace: 'apps' }, spec: { url: repo.url, interval: '1m' } },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'grade', namespace: 'apps' },
        spec: { interval: '1m', chart: { spec: { chart: 'grade-api', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
      },
    ]);
  }, 60_000);

  afterAll(async () => {
    controller?.kill();
    await repo?.stop();
    await server?.close();
  });

  it('`reconcile hr --with-source` reconciles the HelmRepository, the templated HelmChart, then the release', async () => {
    const ready = () => (server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'grade', 'apps') as { status?: { conditions?: { type: string; status: string }[] } } | undefined)?.status?.conditions?.find((c) => c.type === 'Ready');
    await until(() => ready()?.status === 'True', 60_000, `grade Ready (logs: ${controller.logs.slice(-2000)})`);
    const out = await flux(server, ['reconcile', 'hr', 'grade', '-n', 'apps', '--with-source']);
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('✔ fetched') || l.startsWith('✔ applied'))).toEqual([
      expect.stringMatching(/^✔ fetched revision sha256:[0-9a-f]{64}$/),
      '✔ fetched revision 1.0.0',
      '✔ applied revision 1.0.0',
    ]);
    expect(lines[4]).toBe('► annotating HelmChart apps-grade in apps namespace');
  }, 120_000);

  it('deleting the HelmRelease deletes its HelmChart; SIGTERM ends the controller cleanly', async () => {
    const cluster = await newCluster(server);
    await cluster.delete(helmReleaseKind.resource, 'grade', 'apps');
    cluster.close?.();
    await until(() => !server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'grade', 'apps'), 60_000, 'HelmRelease gone');
    await until(() => !server.store.get('source.toolkit.fluxcd.io/v1', 'HelmChart', 'apps-grade', 'apps'), 30_000, 'HelmChart gone');
    controller.child.kill('SIGTERM');
    expect(await controller.exited).toBe(0);
    for (const line of controller.logs.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
  }, 120_000);
});
