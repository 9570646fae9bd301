// `flux-ts suspend` / `resume` against the API test server with the fake controller: flux's
// goldens, the spec.suspend patches, the resume waiting rule and exit codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { flux, render, startRig, type Rig } from '../reconcile/harness.js';

const NS = 'thrfg';
const HR = 'helm.toolkit.fluxcd.io/v2';

function golden(name: string): string {
  return render(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'), { ns: NS });
}

function suspended(rig: Rig, name: string): unknown {
  return (rig.server.store.get(HR, 'HelmRelease', name, NS)?.['spec'] as Record<string, unknown>)['suspend'];
}

describe('flux-ts suspend / resume', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig(readFileSync(new URL('./fixtures/objects.yaml', import.meta.url), 'utf8').replaceAll('{{ .ns }}', NS));
  });
  afterEach(async () => {
    await rig.close();
  });

  it('suspends with {"spec":{"suspend":true}} (flux golden)', async () => {
    rig.server.clearRequests();
    const out = await flux(rig.server, ['suspend', 'helmrelease', 'thrfg', `--namespace=${NS}`]);
    expect(out).toMatchObject({ code: 0, combined: golden('suspend_helmrelease_from_git.golden') });
    expect(suspended(rig, 'thrfg')).toBe(true);
    const patch = rig.server.requests.find((r) => r.method === 'PATCH');
    expect(patch).toMatchObject({ contentType: 'application/merge-patch+json', body: { spec: { suspend: true } } });
  });

  it('suspends each name once and logs the missing ones, still exiting 0', async () => {
    const out = await flux(rig.server, ['suspend', 'hr', 'thrfg', 'foo', 'thrfg', 'bar', '-n', NS]);
    expect(out).toMatchObject({ code: 0, combined: golden('suspend_helmrelease_multiple_args.golden') });
  });

  it('suspend --all goes through every object; none found is an error', async () => {
    const out = await flux(rig.server, ['suspend', 'hr', '--all', '-n', NS]);
    expect(out.stderr).toBe(`► suspending helmrelease backend in ${NS} namespace\n✔ helmrelease suspended\n► suspending helmrelease thrfg in ${NS} namespace\n✔ helmrelease suspended\n`);
    const none = await flux(rig.server, ['suspend', 'hr', '--all', '-n', 'default']);
    expect(none).toMatchObject({ code: 1, stderr: '✗ no objects found\n' });
  });

  it('needs a name or --all', async () => {
    expect(await flux(rig.server, ['suspend', 'hr', '-n', NS])).toMatchObject({ code: 1, stderr: '✗ helmrelease name is required\n' });
    expect(await flux(rig.server, ['resume', 'source', 'git', '-n', NS])).toMatchObject({ code: 1, stderr: '✗ source git name is required\n' });
  });

  it('resumes with {"spec":{"suspend":null}} and waits for one name (flux golden)', async () => {
    await flux(rig.server, ['suspend', 'hr', 'thrfg', '-n', NS]);
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'success', delayMs: 100 });
    rig.server.clearRequests();
    const out = await flux(rig.server, ['resume', 'helmrelease', 'thrfg', `--namespace=${NS}`]);
    expect(out).toMatchObject({ code: 0, combined: golden('resume_helmrelease_from_git.golden') });
    expect(suspended(rig, 'thrfg')).toBeUndefined();
    expect(rig.server.requests.find((r) => r.method === 'PATCH')).toMatchObject({ body: { spec: { suspend: null } } });
  });

  it('does not wait for two names unless --wait', async () => {
    await flux(rig.server, ['suspend', 'hr', '--all', '-n', NS]);
    const out = await flux(rig.server, ['resume', 'hr', 'thrfg', 'thrfg', '-n', NS]);
    expect(out).toMatchObject({ code: 0, combined: golden('resume_helmrelease_multiple_args.golden') });
  });

  it('does not wait for one name with --wait=false, as flux', async () => {
    await flux(rig.server, ['suspend', 'hr', 'thrfg', '-n=' + NS]);
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'never' });
    const out = await flux(rig.server, ['resume', 'hr', 'thrfg', '--wait=false', '-n=' + NS]);
    expect(out).toMatchObject({ code: 0, stderr: `► resuming helmrelease thrfg in ${NS} namespace\n✔ helmrelease resumed\n` });
  });

  it('with --wait, names the first argument for a missing one and waits for the rest (flux golden)', async () => {
    await flux(rig.server, ['suspend', 'hr', 'thrfg', '-n', NS]);
    rig.controller.set('HelmRelease', NS, 'thrfg', 'success');
    const out = await flux(rig.server, ['resume', 'hr', 'thrfg', 'foo', '--wait', '-n', NS]);
    expect(out).toMatchObject({ code: 0, combined: golden('resume_helmrelease_multiple_args_wait.golden') });
  });

  it('--all --wait waits for all concurrently and reports in name order, failing for the failed ones', async () => {
    await flux(rig.server, ['suspend', 'hr', '--all', '-n', NS]);
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'success', delayMs: 50 });
    rig.controller.set('HelmRelease', NS, 'backend', { behaviour: 'stall', delayMs: 150, message: 'install retries exhausted' });
    const out = await flux(rig.server, ['resume', 'hr', '--all', '--wait', '-n', NS, '--timeout', '30s']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      [
        `► resuming helmrelease backend in ${NS} namespace`,
        '✔ helmrelease resumed',
        `► resuming helmrelease thrfg in ${NS} namespace`,
        '✔ helmrelease resumed',
        '◎ waiting for HelmRelease reconciliation',
        '◎ waiting for HelmRelease reconciliation',
        '✗ HelmRelease backend reconciliation failed: install retries exhausted',
        '✔ HelmRelease thrfg reconciliation completed',
        '✔ applied revision 6.3.5',
        '✗ reconciliation failed for 1 HelmRelease(s)',
        '',
      ].join('\n'),
    );
  });

  it('a resume wait that never ends reports the deadline per object', async () => {
    await flux(rig.server, ['suspend', 'hr', 'thrfg', '-n', NS]);
    const out = await flux(rig.server, ['resume', 'hr', 'thrfg', '-n', NS, '--timeout', '600ms']);
    expect(out.code).toBe(1);
    expect(out.stderr.endsWith('✗ HelmRelease thrfg reconciliation failed: context deadline exceeded\n✗ reconciliation failed for 1 HelmRelease(s)\n')).toBe(true);
  });

  it('resume --all in an empty namespace logs and exits 0', async () => {
    expect(await flux(rig.server, ['resume', 'hr', '--all', '-n', 'default'])).toMatchObject({ code: 0, stderr: '✗ no HelmRelease objects found in default namespace\n' });
  });

  it('sources use their human kind', async () => {
    expect(await flux(rig.server, ['suspend', 'source', 'git', 'thrfg', '-n', NS])).toMatchObject({ code: 0, stderr: `► suspending source git thrfg in ${NS} namespace\n✔ source git suspended\n` });
    rig.controller.set('GitRepository', NS, 'thrfg', 'success');
    const out = await flux(rig.server, ['resume', 'source', 'git', 'thrfg', '-n', NS]);
    expect(out.stderr).toBe(`► resuming source git thrfg in ${NS} namespace\n✔ source git resumed\n◎ waiting for GitRepository reconciliation\n✔ GitRepository thrfg reconciliation completed\n✔ fetched revision 6.3.5@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9\n`);
  });

  it('resuming an OCI HelmRepository does not wait for a controller and repeats its Ready message', async () => {
    const out = await flux(rig.server, ['resume', 'source', 'helm', 'ghcr', '-n', NS, '--timeout', '10s']);
    expect(out).toMatchObject({
      code: 0,
      stderr: `► resuming source helm ghcr in ${NS} namespace\n✔ source helm resumed\n◎ waiting for HelmRepository reconciliation\n✔ HelmRepository ghcr reconciliation completed\n✔ Helm repository is Ready\n`,
    });
  });
});
