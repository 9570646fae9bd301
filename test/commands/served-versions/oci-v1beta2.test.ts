// The verbs on a cluster of a Flux before 2.6, which serves OCIRepository only as v1beta2:
// suspend, resume, reconcile, describe, shell completion and uninstall read and patch it at that version.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { loadFluxCrdsServing } from '../../support/apiserver/flux-crds.js';
import { FakeController } from '../../support/fake-controller/index.js';
import { flux } from '../reconcile/harness.js';

const NS = 'flux-system';
const V1BETA2 = 'source.toolkit.fluxcd.io/v1beta2';

function ociRepo(name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: V1BETA2,
    kind: 'OCIRepository',
    metadata: { name, namespace: NS, ...extra },
    spec: { interval: '5m', url: `oci://ghcr.io/stefanprodan/charts/${name}`, ref: { tag: '6.3.5' } },
  };
}

function stored(name: string): KubeObject | undefined {
  return server.store.get(V1BETA2, 'OCIRepository', name, NS);
}

let server: TestApiServer;
let controller: FakeController;
beforeEach(async () => {
  server = await startApiServer({ objects: [...loadFluxCrdsServing('OCIRepository', 'v1beta2'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }] });
  server.store.load([ociRepo('podinfo'), ociRepo('redis', { finalizers: ['finalizers.fluxcd.io'] })]);
  controller = new FakeController(server);
});
afterEach(async () => {
  controller.stop();
  await server.close();
});

describe('OCIRepository served only as v1beta2', () => {
  it('suspend source oci patches the object at v1beta2', async () => {
    const out = await flux(server, ['suspend', 'source', 'oci', 'podinfo', '-n', NS]);
    expect(out).toMatchObject({ code: 0, stderr: `► suspending source oci podinfo in ${NS} namespace\n✔ source oci suspended\n` });
    expect(stored('podinfo')?.['spec']).toMatchObject({ suspend: true });
    const patches = server.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);
    expect(patches).toEqual([`/apis/${V1BETA2}/namespaces/${NS}/ocirepositories/podinfo`]);
  });

  it('suspend --all and resume, waiting for the controller, work at v1beta2', async () => {
    const all = await flux(server, ['suspend', 'source', 'oci', '--all', '-n', NS]);
    expect(all.code).toBe(0);
    expect(stored('podinfo')?.['spec']).toMatchObject({ suspend: true });
    expect(stored('redis')?.['spec']).toMatchObject({ suspend: true });

    controller.set('OCIRepository', NS, 'podinfo', 'success');
    const resumed = await flux(server, ['resume', 'source', 'oci', 'podinfo', '-n', NS]);
    expect(resumed.stderr).toContain('✔ OCIRepository podinfo reconciliation completed\n');
    expect(resumed.code).toBe(0);
    expect((stored('podinfo')?.['spec'] as Record<string, unknown>)['suspend']).toBeUndefined();
  });

  it('completes OCIRepository names', async () => {
    const out = await flux(server, ['__complete', '--', 'suspend', 'source', 'oci', '-n', NS, '']);
    expect(out.stdout).toBe('podinfo\nredis\n:4\n');
  });

  it('uninstall removes the Flux finalizers of v1beta2 objects before deleting the CRDs', async () => {
    const out = await flux(server, ['uninstall', '--keep-namespace', '-n', NS]);
    expect(out.stderr).toContain(`✔ OCIRepository/${NS}/redis finalizers deleted\n`);
    expect(out.code).toBe(0);
    const finalizerPatch = server.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/ocirepositories/redis'));
    expect(finalizerPatch?.path).toBe(`/apis/${V1BETA2}/namespaces/${NS}/ocirepositories/redis`);
  });

  it('reconcile source oci annotates the object at v1beta2 and waits for it', async () => {
    controller.set('OCIRepository', NS, 'podinfo', 'success');
    const out = await flux(server, ['reconcile', 'source', 'oci', 'podinfo', '-n', NS]);
    expect(out.stderr).toContain('► annotating OCIRepository podinfo in flux-system namespace\n');
    expect(out.code).toBe(0);
    const patches = server.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);
    expect(patches).toEqual([`/apis/${V1BETA2}/namespaces/${NS}/ocirepositories/podinfo`]);
  });

  it('describe hr reads its OCIRepository chartRef at v1beta2', async () => {
    server.store.load([
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'podinfo', namespace: NS },
        spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } },
      },
    ]);
    controller.set('OCIRepository', NS, 'podinfo', 'success');
    await flux(server, ['reconcile', 'source', 'oci', 'podinfo', '-n', NS]);
    const out = await flux(server, ['describe', 'hr', 'podinfo', '-n', NS]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Source:                     OCIRepository/flux-system/podinfo (Ready: True)\n');
  });
});
