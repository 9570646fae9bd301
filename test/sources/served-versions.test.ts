// Sources read through the API test server at the version it serves: a missing OCIRepository
// is "not found" whichever versions the cluster serves (never "API not found" because an older
// version is not served), and one served only as v1beta2 is found. OCIRepository fields flux-ts
// does not implement are refused.
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import type { KubeClient } from '../../src/cluster/kube-client.js';
import { SourceError } from '../../src/sources/errors.js';
import { resolveChart } from '../../src/sources/resolve.js';
import type { HelmReleaseChartSource } from '../../src/sources/types.js';
import { loadFluxCrdsServing } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';

let server: TestApiServer | undefined;
let client: KubeClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

async function serving(version: string): Promise<KubeClient> {
  server = await startApiServer({ objects: [...loadFluxCrdsServing('OCIRepository', version), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }] });
  ({ cluster: client } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} }));
  return client;
}

const release: HelmReleaseChartSource = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'apps' },
  spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } },
};

describe('OCIRepository versions when resolving a chartRef', () => {
  it.each(['v1', 'v1beta2'])('a missing one is not found on a cluster serving only %s', async (version) => {
    const cluster = await serving(version);
    const err = (await resolveChart(release, { cluster, allowCrossNamespace: false }).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toBe('OCIRepository apps/podinfo: ocirepositories.source.toolkit.fluxcd.io "podinfo" not found');
  });

  it('one served only as v1beta2 is read there (then fetched: here an unreachable registry)', async () => {
    await serving('v1beta2');
    server!.store.put({ apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', metadata: { name: 'podinfo', namespace: 'apps' }, spec: { interval: '5m', url: 'oci://127.0.0.1:9/charts/podinfo', ref: { tag: '6.3.5' }, insecure: true } });
    const err = (await resolveChart(release, { cluster: client!, allowCrossNamespace: false }).catch((e: unknown) => e)) as SourceError;
    expect(err.message).toMatch(/^OCIRepository apps\/podinfo: /);
    expect(err.message).not.toContain('not found');
    expect(server!.requests.some((r) => r.path === '/apis/source.toolkit.fluxcd.io/v1beta2/namespaces/apps/ocirepositories/podinfo' && r.status === 200)).toBe(true);
  });
});

describe('OCIRepository fields flux-ts does not implement', () => {
  it.each([
    ['verify', { verify: { provider: 'cosign' } }, 'artifact signatures (cosign, notation) are not verified'],
    ['proxySecretRef', { proxySecretRef: { name: 'proxy' } }, 'use the HTTPS_PROXY environment variable instead'],
    ['serviceAccountName', { serviceAccountName: 'puller' }, 'give the pull secret with spec.secretRef'],
  ])('refuses %s with one line naming the object and the field', async (field, extra, why) => {
    await serving('v1');
    server!.store.put({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'podinfo', namespace: 'apps' }, spec: { interval: '5m', url: 'oci://127.0.0.1:9/charts/podinfo', ...extra } });
    const err = (await resolveChart(release, { cluster: client!, allowCrossNamespace: false }).catch((e: unknown) => e)) as SourceError;
    expect(err.message).toBe(`OCIRepository apps/podinfo: spec.${field} is not supported by flux-ts: ${why}`);
  });
});
