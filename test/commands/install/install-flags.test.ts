// flux's remaining `install` flags against the API test server: --registry and --image, the
// pull secret (--image-pull-secret, --registry-creds and flux's errors for them),
// --toleration-keys, --cluster-domain, --components-extra and --force.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { flux } from '../reconcile/harness.js';

interface PodSpec {
  containers: { image: string; args: string[] }[];
  imagePullSecrets?: { name: string }[];
  tolerations?: { key: string; operator: string }[];
}
interface SecretObj {
  type: string;
  data: Record<string, string>;
}

describe('flux-ts install: registry, pull secret, tolerations and the other flux flags', () => {
  let server: TestApiServer;
  beforeEach(async () => {
    server = await startApiServer({ simulateWorkloads: true });
  });
  afterEach(async () => {
    await server.close();
  });

  const podSpec = () => (server.store.get('apps/v1', 'Deployment', 'flux-ts-controller', 'flux-system') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
  const secret = (name: string) => server.store.get('v1', 'Secret', name, 'flux-system') as unknown as SecretObj | undefined;
  const dockerConfig = (s: SecretObj | undefined) => JSON.parse(Buffer.from(s?.data['.dockerconfigjson'] ?? '', 'base64').toString('utf8')) as unknown;

  it('--registry moves the image; --image still names the whole image', async () => {
    expect((await flux(server, ['install', '--wait=false', '--registry=registry.example.com/mirror'])).code).toBe(0);
    expect(podSpec().containers[0]?.image).toMatch(/^registry\.example\.com\/mirror\/flux-ts:v\d/);
    const both = await flux(server, ['install', '--wait=false', '--registry=registry.example.com/mirror', '--image=other.example.com/flux-ts:dev']);
    expect(both.code).toBe(0);
    expect(podSpec().containers[0]?.image).toBe('other.example.com/flux-ts:dev');
  });

  it('--image-pull-secret and --toleration-keys go on the controller pod', async () => {
    const out = await flux(server, ['install', '--wait=false', '--image-pull-secret=regcred', '--toleration-keys=node.kubernetes.io/dedicated-to-flux,gpu', '--toleration-keys', 'example.com/spot']);
    expect(out.code).toBe(0);
    expect(podSpec().imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(podSpec().tolerations).toEqual([
      { key: 'node.kubernetes.io/dedicated-to-flux', operator: 'Exists' },
      { key: 'gpu', operator: 'Exists' },
      { key: 'example.com/spot', operator: 'Exists' },
    ]);
    // Without them the pod spec loses them (server-side apply drops what the manager stopped applying).
    const plain = await flux(server, ['install', '--wait=false']);
    expect(plain.stderr).toContain('Deployment/flux-system/flux-ts-controller configured');
    expect(podSpec().tolerations).toBeUndefined();
    expect(podSpec().imagePullSecrets).toBeUndefined();
    expect(secret('regcred')).toBeUndefined();
  });

  it('--registry-creds creates the docker-registry Secret after the apply, then updates it', async () => {
    const out = await flux(server, ['install', '--wait=false', '--registry=registry.example.com', '--image-pull-secret=regcred', '--registry-creds=robot:s3cr3t']);
    expect(out.code).toBe(0);
    const lines = out.stderr.split('\n');
    expect(lines.indexOf('► generating image pull secret regcred')).toBeGreaterThan(lines.indexOf('Deployment/flux-system/flux-ts-controller created'));
    expect(out.stderr + out.stdout).not.toContain('s3cr3t');
    const s = secret('regcred');
    expect(s?.type).toBe('kubernetes.io/dockerconfigjson');
    expect(dockerConfig(s)).toEqual({ auths: { 'registry.example.com': { username: 'robot', password: 's3cr3t', auth: Buffer.from('robot:s3cr3t').toString('base64') } } });

    const again = await flux(server, ['install', '--wait=false', '--registry=registry.example.com', '--image-pull-secret=regcred', '--registry-creds=robot:n3w']);
    expect(again.code).toBe(0);
    expect(dockerConfig(secret('regcred'))).toMatchObject({ auths: { 'registry.example.com': { password: 'n3w' } } });
  });

  it('--registry-creds with --dry-run writes no Secret', async () => {
    const out = await flux(server, ['install', '--dry-run', '--image-pull-secret=regcred', '--registry-creds=robot:s3cr3t']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('► generating image pull secret regcred');
    expect(secret('regcred')).toBeUndefined();
    // Over an existing install the Secret is written as a server dry run.
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    server.clearRequests();
    expect((await flux(server, ['install', '--dry-run', '--image-pull-secret=regcred', '--registry-creds=robot:s3cr3t'])).code).toBe(0);
    const post = server.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/namespaces/flux-system/secrets');
    expect(post?.query['dryRun']).toBeDefined();
    expect(secret('regcred')).toBeUndefined();
  });

  it("refuses --registry-creds as flux does, before any request", async () => {
    expect(await flux(server, ['install', '--registry-creds=fluxcd:test'])).toMatchObject({ code: 1, stderr: '✗ --registry-creds requires --image-pull-secret to be set\n' });
    expect(await flux(server, ['install', '--image-pull-secret=regcred', '--registry-creds=fluxcd'])).toMatchObject({ code: 1, stderr: "✗ invalid --registry-creds format, expected 'user:password'\n" });
    expect(await flux(server, ['install', '--image-pull-secret=regcred', '--registry-creds=a:b:c'])).toMatchObject({ code: 1, stderr: "✗ invalid --registry-creds format, expected 'user:password'\n" });
    expect(server.requests).toEqual([]);
  });

  it('--components-extra adds to --components; flux-only components are not available', async () => {
    const out = await flux(server, ['install', '--wait=false', '--components=helm-controller', '--components-extra=source-controller']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('CustomResourceDefinition/helmrepositories.source.toolkit.fluxcd.io created');
    for (const extra of ['image-reflector-controller', 'image-automation-controller', 'source-watcher', 'bogus']) {
      expect(await flux(server, ['install', '--export', `--components-extra=${extra}`])).toMatchObject({ code: 1, stderr: `✗ component ${extra} is not available\n` });
    }
    // flux checks the components before the registry credentials.
    expect(await flux(server, ['install', '--components-extra=bogus', '--registry-creds=a:b'])).toMatchObject({ stderr: '✗ component bogus is not available\n' });
  });

  it('--cluster-domain and --force are accepted and checked', async () => {
    expect((await flux(server, ['install', '--wait=false', '--cluster-domain=corp.internal', '--force'])).code).toBe(0);
    expect(await flux(server, ['install', '--export', '--cluster-domain=Not_A_Domain'])).toMatchObject({
      code: 1,
      stderr: "✗ invalid --cluster-domain 'Not_A_Domain': must be a lowercase RFC 1123 subdomain such as cluster.local\n",
    });
    expect(await flux(server, ['install', '--export', '--toleration-keys=bad key'])).toMatchObject({
      code: 1,
      stderr: "✗ invalid --toleration-keys value 'bad key': a toleration key must be a qualified name ([prefix/]name)\n",
    });
    expect(await flux(server, ['install', '--export', '--image-pull-secret=Reg_Cred'])).toMatchObject({
      code: 1,
      stderr: "✗ invalid --image-pull-secret 'Reg_Cred': a Secret name must be a lowercase RFC 1123 subdomain\n",
    });
  });
});
