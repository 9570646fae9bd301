// `flux-ts check` and `flux-ts uninstall` against the API test server after `flux-ts install`.
import { afterEach, describe, expect, it } from 'vitest';
import { parseObjects, startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { flux } from '../reconcile/harness.js';
import { OBJECTS } from '../../controller/support/rig.js';
import { VERSION } from '../../../src/cli/version.js';

describe('flux-ts check / uninstall', () => {
  let server: TestApiServer;
  afterEach(async () => {
    await server.close();
  });

  it('check passes after install with flux-like lines', async () => {
    server = await startApiServer({ simulateWorkloads: true });
    expect((await flux(server, ['install'])).code).toBe(0);
    const out = await flux(server, ['check']);
    expect(out.code).toBe(0);
    const lines = out.stderr.split('\n');
    expect(lines[0]).toBe('► checking prerequisites');
    expect(lines[1]).toMatch(/^✔ Kubernetes 1\.\d+\.\d+ >=1\.33\.0-0$/);
    expect(lines).toContain('✔ allow-cross-namespace: false');
    expect(lines).toContain('✔ flux-ts-controller: deployment ready');
    expect(lines.slice(lines.indexOf('► checking version in cluster'), lines.indexOf('► checking controllers'))).toEqual([
      '► checking version in cluster',
      `✔ distribution: flux-ts-v${VERSION}`,
      '✔ bootstrapped: false',
      '► checking settings',
      '✔ allow-cross-namespace: false',
      '✔ watch-all-namespaces: true',
    ]);
    expect(lines[lines.indexOf('► checking controllers') + 2]).toBe(`► ghcr.io/flux-ts/flux-ts:v${VERSION}`);
    expect(lines.slice(lines.indexOf('► checking crds') + 1, -2)).toEqual([
      '✔ gitrepositories.source.toolkit.fluxcd.io/v1',
      '✔ helmcharts.source.toolkit.fluxcd.io/v1',
      '✔ helmreleases.helm.toolkit.fluxcd.io/v2',
      '✔ helmrepositories.source.toolkit.fluxcd.io/v1',
      '✔ ocirepositories.source.toolkit.fluxcd.io/v1',
    ]);
    expect(lines.at(-2)).toBe('✔ all checks passed');
  });

  it('check fails without an install; --pre only checks Kubernetes', async () => {
    server = await startApiServer({});
    const out = await flux(server, ['check']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('✗ flux-ts-controller: deployment not found\n');
    expect(out.stderr.endsWith('✗ check failed\n')).toBe(true);
    const pre = await flux(server, ['check', '--pre']);
    expect(pre.code).toBe(0);
    expect(pre.stderr).toMatch(/^► checking prerequisites\n✔ Kubernetes 1\.\d+\.\d+ >=1\.33\.0-0\n✔ prerequisites checks passed\n$/);
  });

  it('uninstall removes components, finalizers, CRDs and the namespace; --dry-run and --keep-namespace', async () => {
    server = await startApiServer({});
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    const objects = parseObjects(OBJECTS, 'objects.yaml').map((o) => (o.kind === 'HelmRelease' ? { ...o, metadata: { ...o.metadata, finalizers: ['finalizers.fluxcd.io'] } } : o));
    server.store.load(objects);
    const dry = await flux(server, ['uninstall', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('✔ Deployment/flux-system/flux-ts-controller deleted (dry run)\n');
    expect(dry.stderr).toContain('✔ HelmRelease/apps/frontend finalizers deleted (dry run)\n');
    expect(server.store.get('apps/v1', 'Deployment', 'flux-ts-controller', 'flux-system')).toBeDefined();
    const out = await flux(server, ['uninstall', '--keep-namespace']);
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n')).toEqual([
      '► deleting components in flux-system namespace',
      '✔ Deployment/flux-system/flux-ts-controller deleted',
      '✔ NetworkPolicy/flux-system/allow-egress deleted',
      '✔ NetworkPolicy/flux-system/allow-scraping deleted',
      '✔ ConfigMap/flux-system/flux-system deleted',
      '✔ ServiceAccount/flux-system/flux-ts-controller deleted',
      '✔ ClusterRole/flux-ts-crd-controller-flux-system deleted',
      '✔ ClusterRoleBinding/flux-ts-cluster-reconciler-flux-system deleted',
      '✔ ClusterRoleBinding/flux-ts-crd-controller-flux-system deleted',
      '► deleting toolkit.fluxcd.io finalizers in all namespaces',
      '✔ HelmRelease/apps/frontend finalizers deleted',
      '✔ HelmRelease/flux-system/podinfo finalizers deleted',
      '► deleting toolkit.fluxcd.io custom resource definitions',
      '✔ CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io deleted',
      '✔ CustomResourceDefinition/helmcharts.source.toolkit.fluxcd.io deleted',
      '✔ CustomResourceDefinition/helmreleases.helm.toolkit.fluxcd.io deleted',
      '✔ CustomResourceDefinition/helmrepositories.source.toolkit.fluxcd.io deleted',
      '✔ CustomResourceDefinition/ocirepositories.source.toolkit.fluxcd.io deleted',
      '✔ uninstall finished',
      '',
    ]);
    expect(server.store.get('v1', 'Namespace', 'flux-system')).toBeDefined();
    expect(server.store.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'helmreleases.helm.toolkit.fluxcd.io')).toBeUndefined();
  });
});
