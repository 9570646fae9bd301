// Safety on the reconcile path: while `flux-ts reconcile hr --local` installs, a second run
// reports it in progress (the run Lease); killed in the middle of the install it leaves a
// pending-install release, which the next reconcile unlocks (PendingRelease) and recovers with an
// upgrade, as helm-controller does after a crash.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease, runLockName } from '../../../src/reconcile/run/index.js';
import { defaultObjects, type EventLike, helmRelease, HR_API, reconcileEnv } from './support.js';

const root = resolve(import.meta.dirname, '../../..');

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('an interrupted reconcile', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /:does-not-exist$/ },
    objects: (url) => [
      ...defaultObjects(url),
      helmRelease('grade', 'apps', 'grade-api', '1.0.0', { values: { image: { tag: 'does-not-exist' } } }),
      helmRelease('cancel', 'apps', 'grade-api', '1.0.0', { values: { image: { tag: 'does-not-exist' } } }),
    ],
  });
  const { hr } = env;

  const releases = async () => (await new ReleaseStorage(env.cluster, 'apps').history('grade')).map((r) => `${r.version} ${r.info.status} ${r.info.description}`);

  it('a killed install is unlocked by the next reconcile, which then upgrades', async () => {
    const child = spawn(join(root, 'bin/flux-ts'), ['reconcile', 'hr', 'grade', '-n', 'apps', '--local'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent-home', KUBECONFIG: env.server.kubeconfigPath },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    // The install waits for a Deployment that never becomes ready: kill it once it has applied.
    await until(async () => (await releases()).join() === '1 pending-install Initial install underway' && env.server.store.get('apps/v1', 'Deployment', 'grade-grade-api', 'apps') !== undefined, 30_000, 'pending-install');

    // A second run meanwhile reports the first in progress and leaves its release alone.
    await expect(reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' })).rejects.toThrow('another operation (install/upgrade/rollback) is in progress');
    expect(await releases()).toEqual(['1 pending-install Initial install underway']);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(hr().status?.conditions?.find((c) => c.type === 'Reconciling')?.message).toBe("Running 'install' action with timeout of 5m0s");

    // Fixed meanwhile: the next reconcile unlocks the stale release and brings it in sync.
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec: { values: { image: { tag: '1.0.0' } } } });
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' });
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'done' } });
    expect(await releases()).toEqual(["1 superseded Release unlocked from stale 'pending-install' state", '2 deployed Upgrade complete']);
    const events = (env.server.store.list('v1', 'Event', 'apps') as unknown as EventLike[]).filter((e) => e.involvedObject.name === 'grade');
    expect(events.find((e) => e.reason === 'PendingRelease')).toMatchObject({ type: 'Normal', message: 'Unlocked Helm release apps/grade.v1 with chart grade-api@1.0.0 in pending-install state' });
    expect(hr().status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/grade.v2 with chart grade-api@1.0.0' });
    expect(hr().status?.history?.map((h) => `${h.version}:${h.status}`)).toEqual(['2:deployed']);
  });

  it('Ctrl-C cancels the running install: the release is recorded failed, the run Lease released', async () => {
    const child = spawn(join(root, 'bin/flux-ts'), ['reconcile', 'hr', 'cancel', '-n', 'apps', '--local'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent-home', KUBECONFIG: env.server.kubeconfigPath },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const storage = new ReleaseStorage(env.cluster, 'apps');
    await until(async () => (await storage.last('cancel'))?.info.status === 'pending-install', 30_000, 'pending-install');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('✗ interrupted');
    const [rel] = await storage.history('cancel');
    expect([rel?.info.status, rel?.info.description]).toEqual(['failed', 'Release "cancel" failed: context canceled']);
    const hrCancel = env.server.store.get(HR_API, 'HelmRelease', 'cancel', 'apps') as unknown as HelmRelease;
    expect(hrCancel.status?.conditions?.find((c) => c.type === 'Released')).toMatchObject({ status: 'False', reason: 'InstallFailed', message: 'Helm install failed for release apps/cancel with chart grade-api@1.0.0: context canceled' });
    // Storage records Helm's description; the condition carries the error Helm returned.
    expect(env.server.store.get('coordination.k8s.io/v1', 'Lease', runLockName('cancel'), 'apps')).toBeUndefined();
  });
});
