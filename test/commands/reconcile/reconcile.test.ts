// `flux-ts reconcile` against the API test server, with the fake controller answering: flux's
// lines and order, the annotations and patch, and every way a wait can end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { fixture, flux, render, startRig, type Rig } from './harness.js';

const NS = 'thrfg';
const HR = 'helm.toolkit.fluxcd.io/v2';
const SRC = 'source.toolkit.fluxcd.io/v1';

function hr(rig: Rig, name = 'thrfg'): KubeObject {
  const o = rig.server.store.get(HR, 'HelmRelease', name, NS);
  if (!o) throw new Error('no HelmRelease');
  return o;
}

describe('flux-ts reconcile', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig(render(fixture('objects.yaml'), { ns: NS }));
  });
  afterEach(async () => {
    await rig.close();
  });

  it('reconciles the source, the generated HelmChart, then the release (flux golden)', async () => {
    rig.controller.set('GitRepository', NS, 'thrfg', 'success');
    rig.controller.set('HelmChart', NS, `${NS}-thrfg`, { behaviour: 'success', revision: '6.3.5' });
    rig.controller.set('HelmRelease', NS, 'thrfg', 'success');
    const out = await flux(rig.server, ['reconcile', 'helmrelease', 'thrfg', '--with-source', `--namespace=${NS}`]);
    expect(out.combined).toBe(render(fixture('reconcile_helmrelease_from_git.golden'), { ns: NS }));
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('');
  });

  it('writes requestedAt, and forceAt/resetAt with the same token, in one merge patch', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'success', delayMs: 300 });
    rig.server.clearRequests();
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '--force', '--reset', '-n', NS]);
    expect(out.code).toBe(0);
    const ann = hr(rig).metadata.annotations ?? {};
    const token = ann['reconcile.fluxcd.io/requestedAt'];
    expect(token).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?(Z|[+-]\d\d:\d\d)$/);
    expect(ann['reconcile.fluxcd.io/forceAt']).toBe(token);
    expect(ann['reconcile.fluxcd.io/resetAt']).toBe(token);
    const patches = rig.server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.contentType)).toEqual(['application/merge-patch+json']);
    // Waiting is a watch, never a poll of GETs.
    const gets = rig.server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/helmreleases/thrfg'));
    expect(gets.length).toBe(1);
    expect(rig.server.requests.some((r) => r.query['watch'] === 'true')).toBe(true);
  });

  it('a plain reconcile prints the four lines of the release only', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'success', revision: '6.4.0' });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS]);
    expect(out).toMatchObject({
      code: 0,
      stderr: `► annotating HelmRelease thrfg in ${NS} namespace\n✔ HelmRelease annotated\n◎ waiting for HelmRelease reconciliation\n✔ applied revision 6.4.0\n`,
    });
  });

  it('fails at once on Stalled with the condition message', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'stall', message: 'install retries exhausted' });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '1m']);
    expect(out.code).toBe(1);
    expect(out.stderr.split('\n').slice(-2)).toEqual(['✗ install retries exhausted', '']);
  });

  it('fails at once when the controller handled the request and the release is not Ready', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'failure', message: 'Helm install failed: timed out' });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '1m']);
    expect(out.code).toBe(1);
    expect(out.stderr.endsWith('◎ waiting for HelmRelease reconciliation\n✗ HelmRelease reconciliation failed: Helm install failed: timed out\n')).toBe(true);
  });

  it('quotes the message for source kinds, as flux does', async () => {
    rig.controller.set('GitRepository', NS, 'thrfg', { behaviour: 'failure', message: 'auth failed' });
    const out = await flux(rig.server, ['reconcile', 'source', 'git', 'thrfg', '-n', NS]);
    expect(out.code).toBe(1);
    expect(out.stderr.endsWith("✗ GitRepository reconciliation failed: 'auth failed'\n")).toBe(true);
  });

  it('waits through Reconciling and answers when the final status arrives', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'slow', slowMs: 300 });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS]);
    expect(out.code).toBe(0);
    expect(rig.controller.log).toEqual([`HelmRelease/${NS}/thrfg reconciling`, `HelmRelease/${NS}/thrfg success`]);
    expect(out.stderr.endsWith('✔ applied revision 6.3.5\n')).toBe(true);
  });

  it('keeps waiting through a failed attempt that will be retried (Reconciling=True, ProgressingWithRetry)', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'retry', slowMs: 300, message: 'upgrade failed: timed out' });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS]);
    expect(rig.controller.log).toEqual([`HelmRelease/${NS}/thrfg retrying`, `HelmRelease/${NS}/thrfg success`]);
    expect(out).toMatchObject({ code: 0 });
    expect(out.stderr.endsWith('✔ applied revision 6.3.5\n')).toBe(true);
  });

  it('ignores a status that handled an older request', async () => {
    // The controller answers late; before that, a status for a previous token is written.
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'success', delayMs: 400 });
    const stale = hr(rig);
    rig.server.store.put({ ...stale, status: { observedGeneration: 1, lastHandledReconcileAt: 'older-token', conditions: [{ type: 'Ready', status: 'True', reason: 'x', message: 'old', lastTransitionTime: '2026-01-01T00:00:00Z' }], history: [{ name: 'thrfg', namespace: NS, version: 1, chartName: 'podinfo', chartVersion: '1.0.0', status: 'deployed', digest: 'sha256:1', configDigest: 'sha256:1', firstDeployed: '2026-01-01T00:00:00Z', lastDeployed: '2026-01-01T00:00:00Z' }] } });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS]);
    expect(out.code).toBe(0);
    expect(out.stderr.endsWith('✔ applied revision 6.3.5\n')).toBe(true);
  });

  it('times out with flux’s message when nothing answers', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', 'never');
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '700ms']);
    expect(out.code).toBe(1);
    expect(out.stderr.endsWith('◎ waiting for HelmRelease reconciliation\n✗ context deadline exceeded\n')).toBe(true);
  });

  it('survives dropped watches and a 410 re-list', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'slow', delayMs: 300, slowMs: 300 });
    const drops = setInterval(() => rig.server.faults.closeWatches(), 100);
    setTimeout(() => rig.server.store.compact(), 250);
    try {
      rig.server.clearRequests();
      const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '20s']);
      expect(out.code).toBe(0);
      expect(out.stderr.endsWith('✔ applied revision 6.3.5\n')).toBe(true);
      // The watch really was cut and reopened.
      expect(rig.server.requests.filter((r) => r.query['watch'] === 'true').length).toBeGreaterThan(1);
    } finally {
      clearInterval(drops);
    }
  });

  it('retries through API errors on the watch', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'success', delayMs: 200 });
    rig.server.faults.failNext({ status: 500, count: 3, method: 'GET', path: /helmreleases/ });
    rig.server.faults.failNext({ status: 'reset', method: 'GET', path: /helmreleases/ });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '30s']);
    expect(out.code).toBe(0);
    expect(out.stderr.endsWith('✔ applied revision 6.3.5\n')).toBe(true);
  });

  it('refuses a suspended release without annotating it', async () => {
    const out = await flux(rig.server, ['reconcile', 'hr', 'paused', '-n', NS]);
    expect(out).toMatchObject({ code: 1, stderr: '✗ resource is suspended\n' });
    expect(hr(rig, 'paused').metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBeUndefined();
  });

  it('skips an OCI HelmRepository', async () => {
    const out = await flux(rig.server, ['reconcile', 'source', 'helm', 'ghcr', '-n', NS]);
    expect(out).toMatchObject({ code: 0, stderr: '✔ reconciliation not supported by the object\n' });
    expect(rig.server.store.get(SRC, 'HelmRepository', 'ghcr', NS)?.metadata.annotations).toBeUndefined();
  });

  it('reports a missing object with the API error', async () => {
    const out = await flux(rig.server, ['reconcile', 'hr', 'nope', '-n', NS]);
    expect(out).toMatchObject({ code: 1, stderr: '✗ helmreleases.helm.toolkit.fluxcd.io "nope" not found\n' });
  });

  it('needs a name', async () => {
    const out = await flux(rig.server, ['reconcile', 'hr', '-n', NS]);
    expect(out).toMatchObject({ code: 1, stderr: '✗ HelmRelease name is required\n' });
  });

  it('reconciles a HelmChart after its source with --with-source', async () => {
    rig.controller.set('GitRepository', NS, 'thrfg', 'success');
    rig.controller.set('HelmChart', NS, `${NS}-thrfg`, { behaviour: 'success', revision: '6.3.5' });
    const out = await flux(rig.server, ['reconcile', 'source', 'chart', `${NS}-thrfg`, '--with-source', '-n', NS]);
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n').filter((l) => l.startsWith('►'))).toEqual([`► annotating GitRepository thrfg in ${NS} namespace`, `► annotating HelmChart ${NS}-thrfg in ${NS} namespace`]);
  });

  it('with a chartRef OCIRepository, reconciles it alone, then the release', async () => {
    rig.controller.set('OCIRepository', NS, 'podinfo-oci', { behaviour: 'success', revision: '6.3.5@sha256:6c959c51ccbb952e5fe4737563338a7aaf975ec8b8e3acb6e7' });
    rig.controller.set('HelmRelease', NS, 'from-oci', { behaviour: 'success', revision: '6.3.5+6c959c51ccbb' });
    const out = await flux(rig.server, ['reconcile', 'hr', 'from-oci', '--with-source', '-n', NS]);
    expect(out).toMatchObject({
      code: 0,
      stderr: [
        `► annotating OCIRepository podinfo-oci in ${NS} namespace`,
        '✔ OCIRepository annotated',
        '◎ waiting for OCIRepository reconciliation',
        '✔ fetched revision 6.3.5@sha256:6c959c51ccbb952e5fe4737563338a7aaf975ec8b8e3acb6e7',
        `► annotating HelmRelease from-oci in ${NS} namespace`,
        '✔ HelmRelease annotated',
        '◎ waiting for HelmRelease reconciliation',
        '✔ applied revision 6.3.5+6c959c51ccbb',
        '',
      ].join('\n'),
    });
  });

  it('refuses a chartRef kind it cannot reconcile, before annotating anything', async () => {
    const out = await flux(rig.server, ['reconcile', 'hr', 'from-artifact', '--with-source', '-n', NS]);
    expect(out).toMatchObject({ code: 1, stderr: '✗ cannot reconcile source of kind ExternalArtifact\n' });
  });

  it('fails when the object is deleted while waiting', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', 'never');
    setTimeout(() => rig.server.store.delete(HR, 'HelmRelease', 'thrfg', NS), 300);
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '20s']);
    expect(out.code).toBe(1);
    expect(out.stderr.endsWith('◎ waiting for HelmRelease reconciliation\n✗ helmreleases.helm.toolkit.fluxcd.io "thrfg" not found\n')).toBe(true);
  });

  it('fails at once when watching is forbidden, instead of retrying until the timeout', async () => {
    rig.server.faults.forbid({ verb: 'watch', resource: 'helmreleases', group: 'helm.toolkit.fluxcd.io' });
    rig.server.faults.forbid({ verb: 'list', resource: 'helmreleases', group: 'helm.toolkit.fluxcd.io' });
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '20s']);
    rig.server.faults.clear();
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/◎ waiting for HelmRelease reconciliation\n✗ helmreleases\.helm\.toolkit\.fluxcd\.io is forbidden: .*cannot (list|watch) resource "helmreleases"/);
  });

  it('an OCI HelmRepository in the chain is skipped with flux’s line and the chain goes on', async () => {
    rig.controller.set('HelmChart', NS, `${NS}-from-ghcr`, { behaviour: 'success', revision: '6.3.5' });
    rig.controller.set('HelmRelease', NS, 'from-ghcr', 'success');
    const out = await flux(rig.server, ['reconcile', 'hr', 'from-ghcr', '--with-source', '-n', NS]);
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n').slice(0, 5)).toEqual([
      '✔ reconciliation not supported by the object',
      `► annotating HelmChart ${NS}-from-ghcr in ${NS} namespace`,
      '✔ HelmChart annotated',
      '◎ waiting for HelmChart reconciliation',
      '✔ fetched revision 6.3.5',
    ]);
  });

  it('gets the answer written while its watch was closed and the history expired (re-list)', async () => {
    rig.controller.set('HelmRelease', NS, 'thrfg', { behaviour: 'success', delayMs: 300, dropWatches: true, expireWatches: true, faults: [{ status: 503, count: 2, method: 'GET', path: /helmreleases/ }] });
    rig.server.clearRequests();
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '20s']);
    expect(out.code).toBe(0);
    expect(out.stderr.endsWith('✔ applied revision 6.3.5\n')).toBe(true);
    expect(rig.server.requests.filter((r) => r.status === 503).length).toBe(2);
  });

  it('never hangs past --timeout, even on a slow API call before the wait', async () => {
    rig.server.faults.delay({ ms: 60_000, method: 'PATCH', path: /helmreleases\/thrfg/ });
    // Were the deadline not enforced, the PATCH would hold the command past vitest's 30 s limit.
    const out = await flux(rig.server, ['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '2s']);
    rig.server.faults.clear();
    expect(out).toMatchObject({ code: 1, stderr: `► annotating HelmRelease thrfg in ${NS} namespace\n✗ context deadline exceeded\n` });
  });
});
