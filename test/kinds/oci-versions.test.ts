// OCIRepository versions against the API test server: a Flux 2.6+ cluster that serves only v1,
// and an older one that serves only v1beta2. The registry lists v1 directly; the verbs' discovery
// fallback reaches v1beta2, and the objects read there print the same rows.
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import type { KubeClient } from '../../src/cluster/kube-client.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { listKindPages } from '../../src/commands/shared/kind-resource.js';
import { kindOf, ociRepositoryKind } from '../../src/kinds/registry.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { loadFluxCrdsServing } from '../support/apiserver/flux-crds.js';

function ociRepo(apiVersion: string): KubeObject {
  return {
    apiVersion,
    kind: 'OCIRepository',
    metadata: { name: 'podinfo', namespace: 'flux-system' },
    spec: { interval: '5m', url: 'oci://ghcr.io/stefanprodan/charts/podinfo' },
    status: {
      artifact: { revision: '6.3.5@sha256:c2448c95e262b10f9a0a8eb7d9e2cf5ff9a0d7b48c1d1b64e9bf0e70b5c3c02d', path: 'p', url: 'u', lastUpdateTime: '2024-01-01T00:00:00Z' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'stored artifact for digest sha256:c2448c95e262b10f9a0a8eb7d9e2cf5ff9a0d7b48c1d1b64e9bf0e70b5c3c02d', lastTransitionTime: '2024-01-01T00:00:00Z' }],
    },
  };
}

let server: TestApiServer | undefined;
let client: KubeClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = undefined;
  client = undefined;
});

async function serve(version: string): Promise<KubeClient> {
  server = await startApiServer({ objects: [...loadFluxCrdsServing('OCIRepository', version), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }, ociRepo(`source.toolkit.fluxcd.io/${version}`)] });
  ({ cluster: client } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} }));
  return client;
}

async function listed(cluster: KubeClient): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for await (const page of listKindPages(cluster, ociRepositoryKind, { namespace: 'flux-system' })) out.push(...page.items);
  return out;
}

describe('OCIRepository served versions', () => {
  it('reads a cluster that serves only v1 at the registry version, with no discovery', async () => {
    const cluster = await serve('v1');
    const items = (await cluster.list(ociRepositoryKind.resource, { namespace: 'flux-system' })).items;
    expect(items.map((o) => `${o.apiVersion} ${o.metadata.name}`)).toEqual(['source.toolkit.fluxcd.io/v1 podinfo']);
    server!.clearRequests();
    expect(await listed(cluster)).toHaveLength(1);
    expect(server!.requests.map((r) => r.path)).toEqual(['/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/ocirepositories']);
  });

  it('falls back to v1beta2 through discovery on a pre-2.6 cluster, with the same row values', async () => {
    const cluster = await serve('v1beta2');
    const items = await listed(cluster);
    expect(items.map((o) => o.apiVersion)).toEqual(['source.toolkit.fluxcd.io/v1beta2']);
    const obj = items[0]!;
    expect(kindOf(obj)).toBe(ociRepositoryKind);
    expect(ociRepositoryKind.columns.map((c) => c.cell(obj))).toEqual(['6.3.5@sha256:c2448c95', 'False', 'True', 'stored artifact for digest sha256:c2448c95']);
  });
});
