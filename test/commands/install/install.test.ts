// `flux-ts install` against the API test server: flux's progress lines and change set (both on
// stderr: flux2's install.go prints the change set with fmt.Fprintln(os.Stderr, ...)), the
// objects it leaves (the seed greps the settings ConfigMap), idempotence, changed flags changing
// only what changed, --dry-run writing nothing, --export needing no cluster.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { flux } from '../reconcile/harness.js';

const CHANGESET_FIRST = [
  'CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io created',
  'CustomResourceDefinition/helmcharts.source.toolkit.fluxcd.io created',
  'CustomResourceDefinition/helmreleases.helm.toolkit.fluxcd.io created',
  'CustomResourceDefinition/helmrepositories.source.toolkit.fluxcd.io created',
  'CustomResourceDefinition/ocirepositories.source.toolkit.fluxcd.io created',
  'Namespace/flux-system created',
  'ServiceAccount/flux-system/flux-ts-controller created',
  'ClusterRole/flux-ts-crd-controller-flux-system created',
  'ClusterRoleBinding/flux-ts-cluster-reconciler-flux-system created',
  'ClusterRoleBinding/flux-ts-crd-controller-flux-system created',
  'ConfigMap/flux-system/flux-system created',
  'Deployment/flux-system/flux-ts-controller created',
  'NetworkPolicy/flux-system/allow-egress created',
  'NetworkPolicy/flux-system/allow-scraping created',
];

/** The change-set lines among the progress lines on stderr. */
function changeSet(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^[A-Z][A-Za-z]*\/\S+ (created|configured|unchanged|deleted)( \(server dry run\))?$/.test(l));
}

describe('flux-ts install', () => {
  let server: TestApiServer;
  beforeEach(async () => {
    server = await startApiServer({ simulateWorkloads: true });
  });
  afterEach(async () => {
    await server.close();
  });

  it('applies everything with flux-like lines, then waits for the controller', async () => {
    const out = await flux(server, ['install']);
    expect(out.stderr).toBe(
      [
        '✚ generating manifests',
        '✔ manifests build completed',
        '► installing components in flux-system namespace',
        ...CHANGESET_FIRST,
        '✔ install completed',
        '◎ verifying installation',
        '✔ flux-ts-controller: deployment ready',
        '✔ install finished',
        '',
      ].join('\n'),
    );
    expect(out.stdout).toBe('');
    expect(out.code).toBe(0);
    const cm = server.store.get('v1', 'ConfigMap', 'flux-system', 'flux-system') as unknown as { data: Record<string, string> };
    expect(cm.data['allow-cross-namespace']).toBe('false');
    const crd = server.store.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'helmreleases.helm.toolkit.fluxcd.io') as unknown as {
      spec: { versions: { name: string; served: boolean; storage: boolean }[] };
    };
    expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).toEqual([
      ['v2', true, true],
      ['v2beta1', true, false],
      ['v2beta2', true, false],
    ]);
  });

  it('is idempotent, and other flags change only what changed', async () => {
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    const again = await flux(server, ['install', '--wait=false']);
    expect(changeSet(again.stderr)).toEqual(CHANGESET_FIRST.map((l) => l.replace(/created$/, 'unchanged')));
    server.clearRequests();
    const cross = await flux(server, ['install', '--wait=false', '--allow-namespace-cross-references']);
    const changed = changeSet(cross.stderr).filter((l) => !l.endsWith('unchanged'));
    expect(changed).toEqual(['ConfigMap/flux-system/flux-system configured']);
    const cm = server.store.get('v1', 'ConfigMap', 'flux-system', 'flux-system') as unknown as { data: Record<string, string> };
    expect(cm.data['allow-cross-namespace']).toBe('true');
    // Only the ConfigMap was written for real (the rest were dry runs).
    const writes = server.requests.filter((r) => r.method === 'PATCH' && !String(r.query['dryRun'] ?? '').includes('All'));
    expect(writes.map((r) => r.path)).toEqual(['/api/v1/namespaces/flux-system/configmaps/flux-system']);
  });

  it('--network-policy=false leaves the policies out; -n installs elsewhere', async () => {
    const out = await flux(server, ['install', '--wait=false', '--network-policy=false', '-n', 'flux-ts']);
    expect(out.code).toBe(0);
    expect(out.stderr).not.toContain('NetworkPolicy');
    expect(changeSet(out.stderr)).toContain('Deployment/flux-ts/flux-ts-controller created');
    expect(changeSet(out.stderr)).toContain('ClusterRoleBinding/flux-ts-crd-controller-flux-ts created');
  });

  it('--verbose prints the generated manifests on stdout first, as flux does', async () => {
    const out = await flux(server, ['install', '--dry-run', '--verbose']);
    expect(out.code).toBe(0);
    const exported = await flux(server, ['install', '--export']);
    expect(out.stdout).toBe(exported.stdout);
  });

  it('--dry-run writes nothing', async () => {
    const out = await flux(server, ['install', '--dry-run']);
    expect(out.code).toBe(0);
    expect(changeSet(out.stderr)[0]).toBe('CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io created (server dry run)');
    expect(server.store.get('v1', 'Namespace', 'flux-system')).toBeUndefined();
  });

  it('--export prints the manifests without a cluster', async () => {
    const out = await flux(server, ['install', '--export', '--components=helm-controller', '--image=registry.test/flux-ts:dev'], { KUBECONFIG: '/nonexistent' });
    expect(out.code).toBe(0);
    expect(out.stdout.startsWith('---\n# flux-ts version: v')).toBe(true);
    const docs = parseAllDocuments(out.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec?: unknown });
    expect(docs.filter((d) => d.kind === 'CustomResourceDefinition').map((d) => d.metadata.name)).toEqual(['helmreleases.helm.toolkit.fluxcd.io']);
    const dep = docs.find((d) => d.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { image: string; args: string[] }[] } } } };
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ image: 'registry.test/flux-ts:dev' });
  });

  it('refuses bad flags with one line', async () => {
    expect(await flux(server, ['install', '--export', '--components=kustomize-controller'])).toMatchObject({ code: 1, stderr: '✗ component kustomize-controller is not available\n' });
    expect(await flux(server, ['install', '--export', '--version=0.1.0'])).toMatchObject({ code: 1, stderr: "✗ targeted version '0.1.0' must be prefixed with 'v'\n" });
    expect((await flux(server, ['install', '--wait=maybe'])).code).toBe(1);
  });
});
