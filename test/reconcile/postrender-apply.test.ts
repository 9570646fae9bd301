// What the release path applies when the HelmRelease has post-renderers: releaseSource (the
// reconcile path's ReleaseSource) with the HelmRelease, installed by Helm's install action on the
// API test server. Objects and hooks carry the origin labels and the patched fields, and the
// release stores the post-rendered manifest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connect } from '../../src/cluster/connect.js';
import type { Cluster, KubeObject } from '../../src/cluster/types.js';
import { install } from '../../src/helm/action/index.js';
import { loadDir } from '../../src/helm/chart/index.js';
import { ReleaseStorage } from '../../src/helm/release/storage.js';
import type { HelmRelease } from '../../src/kinds/api-types.js';
import { releaseSource } from '../../src/reconcile/run/release-source.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';

const FIXTURES = join(import.meta.dirname, 'postrender-fixtures');
const hr = parse(readFileSync(join(FIXTURES, 'cases/patches-images/hr.yaml'), 'utf8')) as HelmRelease;

let server: TestApiServer;
let cluster: Cluster;
beforeAll(async () => {
  server = await startApiServer({ simulateWorkloads: true, readyAfterMs: 100 });
  ({ cluster } = await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} }));
});
afterAll(async () => {
  cluster?.close?.();
  await server?.close();
});

const get = (apiVersion: string, kind: string, name: string) => server.store.get(apiVersion, kind, name, 'apps') as KubeObject | undefined;

describe('installing a HelmRelease with post-renderers', () => {
  it('applies the post-rendered objects and stores the post-rendered manifest', async () => {
    const source = await releaseSource({ loadChart: () => loadDir(join(FIXTURES, 'chart/demo')), values: { thing: false }, releaseName: 'demo', releaseNamespace: 'apps', helmRelease: hr });
    const storage = new ReleaseStorage(cluster, 'apps');
    const rel = await install({ cluster, storage }, source, { name: 'demo', namespace: 'apps', createNamespace: true, timeoutMs: 20_000 });
    expect(rel.info.status).toBe('deployed');

    const origin = { 'helm.toolkit.fluxcd.io/name': 'demo', 'helm.toolkit.fluxcd.io/namespace': 'apps', team: 'platform' };
    const deploy = get('apps/v1', 'Deployment', 'demo-api')!;
    expect(deploy.metadata.labels).toMatchObject(origin);
    expect(deploy.metadata.annotations).toMatchObject({ 'helm.toolkit.fluxcd.io/driftDetection': 'disabled' });
    const spec = deploy.spec as { replicas: number; template: { spec: { containers: { name: string; image: string }[] } } };
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['api=ghcr.io/example/api:2.0.0']);
    expect(get('v1', 'ConfigMap', 'demo-a')?.data).toMatchObject({ extra: 'true' });
    expect(get('v1', 'Service', 'demo-api')?.metadata.labels).toMatchObject(origin);

    // Hooks went through the post-renderer too (helm-controller's default `combined` strategy).
    const migrate = rel.hooks?.find((h) => h.name === 'demo-migrate');
    expect(migrate?.manifest).toContain('backoffLimit: 0');
    expect(migrate?.manifest).toContain('helm.toolkit.fluxcd.io/name: demo');

    // The stored manifest is the post-rendered one: helm template + helm-controller's chain.
    expect(rel.manifest).toContain('helm.toolkit.fluxcd.io/namespace: apps');
    const expected = readFileSync(join(FIXTURES, 'cases/patches-images/expected.yaml'), 'utf8');
    for (const doc of (rel.manifest ?? '').split('---\n').filter((d) => d.trim() !== '')) expect(expected).toContain(`---\n${doc}`);
  });
});
