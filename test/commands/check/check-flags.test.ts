// flux's `check` flags on flux-ts: --components / --components-extra (pflag string slices: the
// components whose CRDs are checked, refused when flux-ts has no such component) and
// --poll-interval (a duration: how often a controller Deployment that is not ready yet is looked
// at again, until --timeout), against the API test server after `flux-ts install`.
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { runCli } from '../../cli/io.js';
import { flux } from '../reconcile/harness.js';
import { VERSION } from '../../../src/cli/version.js';

const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/flux-system/deployments/flux-ts-controller';

describe('flux-ts check flags', () => {
  let server: TestApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('are declared with flux’s pflag types and defaults', async () => {
    const help = (await runCli(['check', '--help'])).stdout;
    expect(help).toMatch(/\n {6}--components strings {9}list of components, accepts comma-separated values \(default \[source-controller,helm-controller\]\)\n/);
    expect(help).toMatch(/\n {6}--components-extra strings {3}list of components in addition to those supplied or defaulted, accepts comma-separated values\n/);
    expect(help).toMatch(/\n {6}--poll-interval duration {5}how often the health checker should poll the cluster for the latest state of the resources\. \(default 5s\)\n/);
  });

  it('refuse a component flux-ts does not have, as install does', async () => {
    server = await startApiServer({});
    expect(await flux(server, ['check', '--components', 'source-controller,kustomize-controller'])).toMatchObject({ code: 1, stdout: '', stderr: '✗ component kustomize-controller is not available\n' });
    expect(await flux(server, ['check', '--components-extra', 'image-reflector-controller'])).toMatchObject({ code: 1, stderr: '✗ component image-reflector-controller is not available\n' });
    // Nothing was asked of the cluster.
    expect(server.requests).toEqual([]);
  });

  it('refuse a --poll-interval that is not a Go duration, in pflag’s words', async () => {
    expect(await runCli(['check', '--poll-interval', '5'])).toEqual({ code: 1, stdout: '', stderr: '✗ invalid argument "5" for "--poll-interval" flag: time: missing unit in duration "5"\n' });
  });

  it('check the CRDs of the components given: an install of helm-controller alone checks with the same list', async () => {
    server = await startApiServer({ simulateWorkloads: true, readyAfterMs: 50 });
    expect((await flux(server, ['install', '--components', 'helm-controller'])).code).toBe(0);
    const all = await flux(server, ['check']);
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('✗ helmrepositories.source.toolkit.fluxcd.io: not found\n');
    const helmOnly = await flux(server, ['check', '--components', 'helm-controller']);
    expect(helmOnly.stderr.split('\n').slice(-4)).toEqual(['► checking crds', '✔ helmreleases.helm.toolkit.fluxcd.io/v2', '✔ all checks passed', '']);
    expect(helmOnly.code).toBe(0);
    // --components-extra adds to the list; the second value of a repeated --components adds too.
    const extra = await flux(server, ['check', '--components', 'helm-controller', '--components-extra', 'source-controller']);
    expect(extra.stderr).toContain('✗ helmrepositories.source.toolkit.fluxcd.io: not found\n');
    const repeated = await flux(server, ['check', '--components', 'helm-controller', '--components', 'source-controller']);
    expect(repeated.stderr).toContain('✗ helmrepositories.source.toolkit.fluxcd.io: not found\n');
  });

  it('poll a controller that is not ready yet every --poll-interval until it is', async () => {
    server = await startApiServer({ simulateWorkloads: true, readyAfterMs: 1500 });
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    server.clearRequests();
    const out = await flux(server, ['check', '--poll-interval', '100ms']);
    expect(out.stderr).toContain('✔ flux-ts-controller: deployment ready\n');
    expect(out.code).toBe(0);
    expect(server.requests.filter((r) => r.method === 'GET' && r.path === DEPLOYMENT_PATH).length).toBeGreaterThan(2);
  });

  it('give up at --timeout when the controller never gets ready', async () => {
    server = await startApiServer({ simulateWorkloads: true, unpullableImage: /flux-ts/ });
    expect((await flux(server, ['install', '--wait=false'])).code).toBe(0);
    const out = await flux(server, ['check', '--timeout', '1s', '--poll-interval', '200ms']);
    expect(out.code).toBe(1);
    // What was seen last is reported; the CRD list then fails on the passed deadline, as flux's does.
    expect(out.stderr.split('\n').slice(-6)).toEqual(['✗ flux-ts-controller: deployment not ready', `► ghcr.io/flux-ts/flux-ts:v${VERSION}`, '► checking crds', '✗ error listing CRDs: context deadline exceeded', '✗ check failed', '']);
  });
});
