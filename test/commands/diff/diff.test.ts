// `flux-ts diff hr` against the API test server: created objects, no difference after applying,
// drift shown as a unified YAML diff, ignore rules honoured, Secret data masked, exit codes
// 0 (none) / 1 (differences) / 2 (failure) as flux diff.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import { correctDrift, detectDrift } from '../../../src/reconcile/drift/index.js';
import { buildFromDir } from '../../../src/reconcile/local/build.js';
import { releaseObjects } from '../../../src/commands/diff-run.js';
import { marshalYaml } from '../../../src/helm/yaml/index.js';
import type { GoValue } from '../../../src/gotemplate/value.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { runCli } from '../../cli/io.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/clusters/my-cluster', import.meta.url));
const LEAKY = fileURLToPath(new URL('../build/fixtures/leaky/deploy', import.meta.url));
const IGNORE = fileURLToPath(new URL('./fixtures/ignore/deploy', import.meta.url));
const WARNING = '⚠️ identified at least one change, exiting with non-zero exit code\n';

describe('flux-ts diff hr', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  const fluxTs = (args: string[]) => runCli(args, { KUBECONFIG: server.kubeconfigPath });
  /** Installs what the build renders, as helm-controller's apply would. */
  const applyBuild = async (name: string, path: string, namespace: string) => {
    const built = await buildFromDir({ name, namespace, path });
    // install.createNamespace, as helm-controller would do it first.
    const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };
    if (!(await cluster.tryGet(NAMESPACES, built.releaseNamespace))) {
      await cluster.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: built.releaseNamespace } });
    }
    const results = await detectDrift(cluster, releaseObjects(built), { namespace: built.releaseNamespace });
    const { errors } = await correctDrift(cluster, results);
    expect(errors).toEqual([]);
  };

  beforeAll(async () => {
    server = await startApiServer({});
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
  });
  afterAll(async () => {
    cluster.close?.();
    await server.close();
  });

  it('lists every object as created on an empty cluster, and exits 1', async () => {
    const out = await fluxTs(['diff', 'hr', 'grade-api', '--path', EXAMPLE]);
    expect(out).toEqual({
      code: 1,
      stdout:
        '► ConfigMap/grade-api/grade-api-grade-api created\n' +
        '► Service/grade-api/grade-api-grade-api created\n' +
        '► Deployment/grade-api/grade-api-grade-api created\n' +
        '► Ingress/grade-api/grade-api-grade-api created\n',
      stderr: WARNING,
    });
  });

  it('finds no difference once the release is applied, and exits 0', async () => {
    await applyBuild('grade-api', EXAMPLE, 'flux-system');
    expect(await fluxTs(['diff', 'hr', 'grade-api', '--path', EXAMPLE])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('shows drift as a unified diff of the YAML; /spec/replicas of Deployments is ignored as the HelmRelease says', async () => {
    const dep = server.store.get('apps/v1', 'Deployment', 'grade-api-grade-api', 'grade-api') as unknown as { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };
    dep.spec.replicas = 7;
    server.store.put(dep as never);
    expect((await fluxTs(['diff', 'hr', 'grade-api', '--path', EXAMPLE])).code).toBe(0);

    dep.spec.template.spec.containers[0]!.image = 'ghcr.io/your-org/grade-api:hotfix';
    server.store.put(dep as never);
    const out = await fluxTs(['diff', 'hr', 'grade-api', '--path', EXAMPLE]);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(WARNING);
    expect(out.stdout).toMatch(/^► Deployment\/grade-api\/grade-api-grade-api drifted\n--- live Deployment\/grade-api\/grade-api-grade-api\n\+\+\+ desired Deployment\/grade-api\/grade-api-grade-api\n@@ /);
    expect(out.stdout).toContain('\n-        image: ghcr.io/your-org/grade-api:hotfix\n+        image: ghcr.io/your-org/grade-api:latest\n');
    expect(out.stdout).not.toContain('replicas');
  });

  it('masks Secret data in the diff', async () => {
    await applyBuild('leaky-ok', LEAKY, 'default');
    const secret = server.store.get('v1', 'Secret', 'leaky-ok', 'apps') as unknown as { data: Record<string, string> };
    secret.data['password'] = Buffer.from('live-secret-value').toString('base64');
    server.store.put(secret as never);
    const out = await fluxTs(['diff', 'hr', 'leaky-ok', '-n', 'default', '--path', LEAKY]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('► Secret/apps/leaky-ok drifted\n');
    expect(out.stdout).toContain("-  password: '*** (before)'\n+  password: '*** (after)'\n");
    expect(out.stdout).not.toContain(Buffer.from('live-secret-value').toString('base64'));
    expect(out.stdout).not.toContain(Buffer.from('expected').toString('base64'));
  });

  it('lists what an upgrade would prune (in the release, not in the build, still live, not kept) as deleted, in ssa order, and exits 1', async () => {
    // A deployed revision whose manifest holds the build's objects and four more.
    const built = await buildFromDir({ name: 'grade-api', namespace: 'flux-system', path: EXAMPLE });
    const cm = (name: string, annotations?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'grade-api', ...(annotations ? { annotations } : {}) }, data: { a: 'b' } });
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'grade-api-reader' }, rules: [] };
    const extra = [cm('grade-api-legacy'), cm('grade-api-kept', { 'helm.sh/resource-policy': 'keep' }), cm('grade-api-already-gone'), role, cm('grade-api-aaa')];
    const manifest = built.rendered.manifest + extra.map((o, i) => `---\n# Source: grade-api/templates/old-${i}.yaml\n${marshalYaml(o as unknown as GoValue)}`).join('');
    server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } } as never);
    await new ReleaseStorage(cluster, 'flux-system').create({
      name: built.releaseName,
      namespace: 'grade-api',
      version: 1,
      info: { status: 'deployed', description: 'Install complete' },
      chart: { metadata: { name: 'grade-api', version: '1.0.0' }, lock: null, templates: [], values: {}, schema: null, files: [] },
      manifest,
    });
    // Live: all but grade-api-already-gone; grade-api-kept asks Helm to keep it.
    for (const o of [extra[0], extra[1], extra[3], extra[4]]) server.store.put(o as never);
    // The Deployment's image was set back by the previous test's drift; only prunes differ now.
    const dep = server.store.get('apps/v1', 'Deployment', 'grade-api-grade-api', 'grade-api') as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
    dep.spec.template.spec.containers[0]!.image = 'ghcr.io/your-org/grade-api:latest';
    server.store.put(dep as never);

    const out = await fluxTs(['diff', 'hr', 'grade-api', '--path', EXAMPLE]);
    expect(out).toEqual({
      code: 1,
      stdout: '► ClusterRole/grade-api-reader deleted\n► ConfigMap/grade-api/grade-api-aaa deleted\n► ConfigMap/grade-api/grade-api-legacy deleted\n',
      stderr: WARNING,
    });

    // Once they are gone, nothing is left to prune.
    server.store.delete('v1', 'ConfigMap', 'grade-api-legacy', 'grade-api');
    server.store.delete('v1', 'ConfigMap', 'grade-api-aaa', 'grade-api');
    server.store.delete('rbac.authorization.k8s.io/v1', 'ClusterRole', 'grade-api-reader');
    expect(await fluxTs(['diff', 'hr', 'grade-api', '--path', EXAMPLE])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('honours ignore rules chosen by set-based label selectors and a root path that excludes an object', async () => {
    await applyBuild('web', IGNORE, 'default');
    expect(await fluxTs(['diff', 'hr', 'web', '-n', 'default', '--path', IGNORE])).toEqual({ code: 0, stdout: '', stderr: '' });
    const cm = server.store.get('v1', 'ConfigMap', 'web-settings', 'apps') as unknown as { data: Record<string, string>; metadata: { labels: Record<string, string> } };
    cm.data['mode'] = 'hotfix';
    server.store.put(cm as never);
    const svc = server.store.get('v1', 'Service', 'web', 'apps') as unknown as { spec: { ports: { port: number }[] } };
    svc.spec.ports[0]!.port = 8080;
    server.store.put(svc as never);
    expect(await fluxTs(['diff', 'hr', 'web', '-n', 'default', '--path', IGNORE])).toEqual({ code: 0, stdout: '', stderr: '' });
    // What the rule does not name still drifts; rules select on the desired object, as jsondiff
    // does, so the changed live label does not lift the rule either.
    cm.metadata.labels['tier'] = 'api';
    server.store.put(cm as never);
    const out = await fluxTs(['diff', 'hr', 'web', '-n', 'default', '--path', IGNORE]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^► ConfigMap\/apps\/web-settings drifted\n/);
    expect(out.stdout).toContain('\n-    tier: api\n+    tier: web\n');
    expect(out.stdout).not.toContain('hotfix');
    expect(out.stdout).not.toContain('Service/');
  });

  it('refuses an ignore rule whose selector does not parse, naming the HelmRelease and the field (exit 2)', async () => {
    expect(await fluxTs(['diff', 'hr', 'web-bad-selector', '-n', 'default', '--path', IGNORE])).toEqual({
      code: 2,
      stdout: '',
      stderr: "✗ HelmRelease default/web-bad-selector: spec.driftDetection.ignore[1].target.labelSelector: failed to create ignore rule selector: unable to parse requirement: found '', expected: ',' or ')'\n",
    });
  });

  it('exits 2 when the build fails, with no Secret data in the message', async () => {
    const out = await fluxTs(['diff', 'hr', 'leaky', '-n', 'default', '--path', LEAKY]);
    expect(out).toEqual({ code: 2, stdout: '', stderr: '✗ HelmRelease default/leaky: execution error at (leaky/templates/secret.yaml:2:4): password *** is not the expected one\n' });
    expect((await fluxTs(['diff', 'hr', 'grade-api'])).code).toBe(2);
  });
});
