// `flux-ts version` against the API test server: flux's report (flux2 cmd/flux/version.go) of the
// CLI version, the distribution from the GitRepository CRD labels and each Flux controller's
// image tag, for flux-ts's own controller and real Flux controllers; --client; -o json; errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseObjects, startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { flux } from '../reconcile/harness.js';
import { VERSION } from '../../../src/cli/version.js';

const FLUX_CONTROLLERS_YAML = readFileSync(new URL('./fixtures/flux-controllers.yaml', import.meta.url), 'utf8');
const FLUX_CONTROLLERS = parseObjects(FLUX_CONTROLLERS_YAML);
const V = `v${VERSION}`;

describe('flux-ts version', () => {
  let server: TestApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reports the CLI, the distribution and the flux-ts controller after install', async () => {
    server = await startApiServer({ simulateWorkloads: true });
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    const out = await flux(server, ['version']);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    // The controller's image is ghcr.io/flux-ts/flux-ts, named like the CLI key: keyed by its Deployment.
    expect(out.stdout).toBe(`flux-ts: ${V}\ndistribution: flux-ts-${V}\nflux-ts-controller: ${V}\n`);
  });

  it('prints JSON with Go map order (sorted keys) and a final newline', async () => {
    server = await startApiServer({ simulateWorkloads: true });
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    const out = await flux(server, ['version', '-o', 'json']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(`{\n  "distribution": "flux-ts-${V}",\n  "flux-ts": "${V}",\n  "flux-ts-controller": "${V}"\n}\n`);
  });

  it('lists real Flux controllers by image name, sorted, and skips other Deployments', async () => {
    server = await startApiServer({ objects: FLUX_CONTROLLERS });
    const out = await flux(server, ['version']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(`flux-ts: ${V}\ndistribution: flux-v2.7.0\nhelm-controller: v1.4.0\nsource-controller: v1.7.0\n`);
  });

  it('reports controllers without a distribution line when the GitRepository CRD is absent', async () => {
    server = await startApiServer({ objects: FLUX_CONTROLLERS.filter((o) => o.kind === 'Deployment') });
    const out = await flux(server, ['version', '-o', 'json']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(`{\n  "flux-ts": "${V}",\n  "helm-controller": "v1.4.0",\n  "source-controller": "v1.7.0"\n}\n`);
  });

  it('--client prints only the CLI line and needs no cluster', async () => {
    const out = await runWithoutCluster(['version', '--client']);
    expect(out).toEqual({ code: 0, stdout: `flux-ts: ${V}\n`, stderr: '' });
    const json = await runWithoutCluster(['version', '--client', '-o', 'json']);
    expect(json.stdout).toBe(`{\n  "flux-ts": "${V}"\n}\n`);
  });

  it('says so when nothing is installed in the namespace', async () => {
    server = await startApiServer({ objects: FLUX_CONTROLLERS });
    const out = await flux(server, ['version', '-n', 'apps']);
    expect(out).toMatchObject({ code: 1, stdout: '', stderr: '✗ no deployments found in apps namespace\n' });
  });

  it('rejects an output format other than yaml or json with flux words', async () => {
    const out = await runWithoutCluster(['version', '--client', '-o', 'table']);
    expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ --output must be json or yaml, not table\n' });
  });

  it('names an image without a tag', async () => {
    const untagged = parseObjects(FLUX_CONTROLLERS_YAML.replace('source-controller:v1.7.0', 'source-controller'));
    server = await startApiServer({ objects: untagged.filter((o) => o.metadata.name === 'source-controller') });
    const out = await flux(server, ['version']);
    expect(out).toMatchObject({ code: 1, stdout: '', stderr: '✗ missing image tag in image ghcr.io/fluxcd/source-controller\n' });
  });

  it('fails with one line when the cluster is not reachable', async () => {
    server = await startApiServer();
    const copy = readFileSync(server.kubeconfigPath, 'utf8');
    await server.close();
    server = undefined;
    // The kubeconfig still names the server's address; nothing listens there now.
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-version-'));
    writeFileSync(join(dir, 'config'), copy);
    const out = await runWithoutCluster(['version', '--timeout', '5s'], { KUBECONFIG: join(dir, 'config') });
    rmSync(dir, { recursive: true, force: true });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^✗ .*(ECONNREFUSED|connection refused).*\n$/);
  });
});

async function runWithoutCluster(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { run } = await import('../../../src/cli/run.js');
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: '/nonexistent-home', KUBECONFIG: '/nonexistent/kubeconfig', ...env },
    isTTY: false,
  });
  return { code, stdout, stderr };
}
