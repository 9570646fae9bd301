// The shared lookups other verbs build on (reconcile, suspend, resume), against the test server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { KubeClient } from '../../../src/cluster/kube-client.js';
import { findNamed, listAll } from '../../../src/commands/shared/objects.js';
import { servedResource } from '../../../src/commands/shared/kind-resource.js';
import { helmReleaseKind, ociRepositoryKind } from '../../../src/kinds/registry.js';
import type { TestApiServer } from '../../support/apiserver/index.js';
import { fixture, render, startFluxServer } from './harness.js';
import { GOLDEN_VARS } from './cases.js';

let server: TestApiServer;
let client: KubeClient;
beforeAll(async () => {
  server = await startFluxServer(render(fixture('helmreleases.yaml'), GOLDEN_VARS));
  ({ cluster: client } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} }));
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe('shared object lookups', () => {
  it('finds an object by name in a namespace', async () => {
    const hr = await findNamed(client, helmReleaseKind, 'redis', 'apps');
    expect(hr?.metadata.namespace).toBe('apps');
    expect(helmReleaseKind.suspended(hr!)).toBe(true);
    expect(await findNamed(client, helmReleaseKind, 'redis', 'infra')).toBeUndefined();
  });

  it('lists every object of a kind in a namespace or everywhere', async () => {
    expect((await listAll(client, helmReleaseKind, 'apps')).map((o) => o.metadata.name)).toEqual(['podinfo', 'redis']);
    expect(await listAll(client, helmReleaseKind, undefined)).toHaveLength(3);
  });

  it('resolves the served version of a kind through discovery', async () => {
    expect(await servedResource(client, helmReleaseKind)).toEqual(helmReleaseKind.resource);
    expect(await servedResource(client, ociRepositoryKind)).toEqual(ociRepositoryKind.resource);
  });
});
