// `flux-ts template --dry-run=server` against the API test server, compared with the real helm
// pointed at the same server through KUBECONFIG: live lookups, `.Capabilities` from discovery,
// the CRD warning, install's checks (kinds served, ownership of existing objects), Helm's
// reachability errors, the --dry-run values, and the release namespace taken from the
// kubeconfig context. The server runs in its own process: rendering blocks this thread while
// a worker thread serves lookups.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/servers/ports.js';
import { comparable, fluxCommand, helmEnv, helmTemplate, type Printed } from './helm-live.js';
import { spawnApiServer, type ApiServerProcess } from '../../support/apiserver/child-process.js';

const fixtures = join(import.meta.dirname, '../../fixtures/template-server');
const chart = (name: string): string => join(fixtures, 'charts', name);
const dir = mkdtempSync(join(tmpdir(), 'flux-ts-dry-run-server-'));
const kubeconfig = join(dir, 'kubeconfig');
let server: ApiServerProcess;

beforeAll(async () => {
  server = spawnApiServer(['--port', '0', '--load', join(fixtures, 'objects.yaml'), '--kubeconfig', kubeconfig]);
  await server.ready;
  // A second context whose namespace is "team".
  const text = readFileSync(kubeconfig, 'utf8');
  writeFileSync(join(dir, 'kubeconfig-team'), text.replace(/(\n\s+cluster: test\n)/, '$1      namespace: team\n'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function both(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ helm: Printed; ours: Printed }> {
  const env = helmEnv({ KUBECONFIG: kubeconfig, ...extraEnv });
  const helm = await helmTemplate(args, fixtures, env);
  const ours = await fluxCommand(args, env);
  return { helm, ours };
}

async function same(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Printed> {
  const { helm, ours } = await both(args, extraEnv);
  expect(comparable(ours)).toEqual(comparable(helm));
  return helm;
}

describe('--dry-run=server', () => {
  it('lookup reads live objects and .Capabilities comes from discovery', async () => {
    const out = await same(['rel', chart('live'), '--dry-run=server']);
    expect(out.stdout).toContain('color: "blue"');
    expect(out.stdout).toContain('helmreleases: "false"');
  });

  it('lookup reads the namespace given with -n', async () => {
    const out = await same(['rel', chart('live'), '--dry-run=server', '-n', 'team']);
    expect(out.stdout).toContain('color: "green"');
  });

  it('takes the release namespace from the kubeconfig context, also without a cluster', async () => {
    const env = { KUBECONFIG: join(dir, 'kubeconfig-team') };
    expect((await same(['rel', chart('live'), '--dry-run=server'], env)).stdout).toContain('color: "green"');
    expect((await same(['rel', chart('live')], env)).stdout).toContain('namespace: "team"');
    await same(['rel', chart('live'), '--show-only', 'templates/cm.yaml'], { ...env, HELM_NAMESPACE: 'elsewhere' });
  });

  it('lookup of a kind the server does not serve finds nothing; of a group/version it does not serve fails', async () => {
    await same(['rel', chart('lookup-missing'), '--dry-run=server']);
    // helm logs the discovery errors on the way, then fails.
    expect((await same(['rel', chart('lookup-missing'), '--dry-run=server', '--set', 'unknownGroup=true'])).stderr).toContain('level=ERROR msg="unable to get apiresource"');
  });

  it('--validate is the deprecated spelling of --dry-run=server', () => same(['rel', chart('live'), '--validate']));

  it('ignores --kube-version and --api-versions: the cluster says', () => same(['rel', chart('live'), '--dry-run=server', '--kube-version', '1.20.0', '--api-versions', 'helm.toolkit.fluxcd.io/v2/HelmRelease']));

  it('warns about CRDs it will not install, unless --skip-crds', async () => {
    const out = await same(['rel', chart('with-crds'), '--dry-run=server']);
    expect(out.stderr).toContain('contains CRDs');
    await same(['rel', chart('with-crds'), '--dry-run=server', '--skip-crds']);
  });

  it('fails on a kind the server does not serve: OpenAPI validation first, then the resource mapping', async () => {
    expect((await same(['rel', chart('unknown-kind'), '--dry-run=server'])).status).not.toBe(0);
    expect((await same(['rel', chart('unknown-kind'), '--dry-run=server', '--disable-openapi-validation'])).stderr).toContain('ensure CRDs are installed first');
    expect((await same(['rel', chart('unknown-kind'), '--dry-run=server', '--set', 'apiVersion=apps/v1'])).status).not.toBe(0);
    await same(['rel', chart('unknown-kind')]);
  });

  it('refuses objects owned by someone else, unless taking ownership or upgrading', async () => {
    expect((await same(['rel', chart('conflict'), '--dry-run=server'])).stderr).toContain('taken');
    expect((await same(['rel', chart('conflict'), '--dry-run=server', '--take-ownership'])).status).toBe(0);
    expect((await same(['rel', chart('conflict'), '--dry-run=server', '--is-upgrade'])).status).toBe(0);
    expect((await same(['other', chart('conflict'), '--dry-run=server'])).stderr).toContain('adopted');
  });
});

describe('cluster reachability', () => {
  it('a refused connection', async () => {
    const closed = join(dir, 'kubeconfig-closed');
    writeFileSync(closed, readFileSync(kubeconfig, 'utf8').replace(/server: http:\/\/127\.0\.0\.1:\d+/, `server: http://127.0.0.1:${await freePort()}`));
    await same(['rel', chart('live'), '--dry-run=server'], { KUBECONFIG: closed });
  });

  it('an unknown context', () => same(['rel', chart('live'), '--dry-run=server', '--kube-context', 'nope']));

  it('no kubeconfig at all: the insecure local port', () => same(['rel', chart('live'), '--dry-run=server'], { KUBECONFIG: join(dir, 'none') }));
});

describe('--dry-run values', () => {
  for (const value of ['client', 'none', 'false', 'bogus', 'true', '1']) {
    it(`--dry-run=${value}`, () => same(['rel', chart('live'), `--dry-run=${value}`]));
  }
  it('bare --dry-run (deprecated), and the word after it stays an argument', async () => {
    await same(['rel', chart('live'), '--dry-run']);
    await same(['rel', '--dry-run', chart('live')]);
    await same([chart('live'), '--dry-run', 'server']);
  });
  it('--validate with --dry-run', () => same(['rel', chart('live'), '--validate', '--dry-run=client']));
});
