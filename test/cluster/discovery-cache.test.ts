// Discovery answers as a long-running controller needs them: a kind that is not served is asked
// about again after a short time (a CRD installed later is found), and a mapping whose collection
// has since disappeared is forgotten on the first request that finds it gone.
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import { NoKindMatchError } from '../../src/cluster/errors.js';
import type { KubeClient } from '../../src/cluster/kube-client.js';
import type { ResourceRef } from '../../src/cluster/types.js';
import { readObjects, startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { fluxCrdFiles } from '../support/apiserver/flux-crds.js';

const CRDS: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false };
const OCI_V1 = 'source.toolkit.fluxcd.io/v1';
const TTL = 10_000;

let server: TestApiServer | undefined;
let client: KubeClient | undefined;
let clock = 0;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

async function start(): Promise<{ server: TestApiServer; client: KubeClient }> {
  server = await startApiServer({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }] });
  clock = 1_000_000;
  ({ cluster: client } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {}, client: { discoveryMissTtlMs: TTL, now: () => clock } }));
  return { server, client };
}

function discoveryRequests(s: TestApiServer): number {
  return s.requests.filter((r) => r.path === `/apis/${OCI_V1}`).length;
}

describe('discovery cache', () => {
  it('finds a CRD created after a miss once the miss is older than the TTL, and not before', async () => {
    const { server, client } = await start();
    await expect(client.resourceFor(OCI_V1, 'OCIRepository')).rejects.toThrow(new NoKindMatchError('OCIRepository', 'source.toolkit.fluxcd.io', 'v1'));
    expect(discoveryRequests(server)).toBe(1);

    await client.create(CRDS, readObjects(fluxCrdFiles.ocirepositories)[0]!);
    clock += TTL - 1;
    await expect(client.resourceFor(OCI_V1, 'OCIRepository')).rejects.toBeInstanceOf(NoKindMatchError);
    expect(discoveryRequests(server)).toBe(1);

    clock += 1;
    expect(await client.resourceFor(OCI_V1, 'OCIRepository')).toEqual({
      group: 'source.toolkit.fluxcd.io',
      version: 'v1',
      plural: 'ocirepositories',
      kind: 'OCIRepository',
      namespaced: true,
    });
    expect(discoveryRequests(server)).toBe(2);
  });

  it('keeps a found mapping without asking again, however old', async () => {
    const { server, client } = await start();
    await client.create(CRDS, readObjects(fluxCrdFiles.ocirepositories)[0]!);
    await client.resourceFor(OCI_V1, 'OCIRepository');
    clock += 10 * TTL;
    await client.resourceFor(OCI_V1, 'OCIRepository');
    expect(discoveryRequests(server)).toBe(1);
  });

  it('forgets a mapping when a request finds its collection gone (CRD deleted)', async () => {
    const { server, client } = await start();
    await client.create(CRDS, readObjects(fluxCrdFiles.ocirepositories)[0]!);
    const res = await client.resourceFor(OCI_V1, 'OCIRepository');
    await client.delete(CRDS, 'ocirepositories.source.toolkit.fluxcd.io');
    await expect(client.list(res, { namespace: 'flux-system' })).rejects.toBeInstanceOf(NoKindMatchError);
    await expect(client.resourceFor(OCI_V1, 'OCIRepository')).rejects.toBeInstanceOf(NoKindMatchError);
    expect(discoveryRequests(server)).toBe(2);
  });
});
