import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, ReleaseActionError, rollback, upgrade } from '../../../src/helm/action/index.js';
import { ReleaseExistsError } from '../../../src/helm/release/storage.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ unpullableImage: /unpullable/ });
});
afterAll(async () => {
  await h?.close();
});

const ns = 'default';
const statuses = async (name: string): Promise<string[]> =>
  (await h.cfg(ns).storage.history(name)).map((r) => `${r.version}:${r.info.status}:${r.info.description}`);

describe('failed actions', () => {
  it('an upgrade whose Deployment never becomes ready fails within the timeout; rollback recovers', async () => {
    await install(h.cfg(ns), h.source('api', ns), { name: 'api', namespace: ns, timeoutMs: 20_000, disableHooks: true });
    const err = await upgrade(h.cfg(ns), h.source('api', ns, { image: 'nginx:unpullable' }), { name: 'api', namespace: ns, timeoutMs: 1500, disableHooks: true, maxHistory: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseActionError);
    expect((err as Error).message).toBe('Upgrade "api" failed: resource Deployment/default/api not ready. status: InProgress, message: Pending termination: 1\ncontext deadline exceeded');
    expect(await statuses('api')).toEqual([
      '1:deployed:Install complete',
      '2:failed:Upgrade "api" failed: resource Deployment/default/api not ready. status: InProgress, message: Pending termination: 1\ncontext deadline exceeded',
    ]);

    await rollback(h.cfg(ns), { name: 'api', version: 1, timeoutMs: 20_000, disableHooks: true });
    expect(await statuses('api')).toEqual([
      '1:superseded:Install complete',
      '2:failed:Upgrade "api" failed: resource Deployment/default/api not ready. status: InProgress, message: Pending termination: 1\ncontext deadline exceeded',
      '3:deployed:Rollback to 1',
    ]);
    const image = (h.get('apps/v1', 'Deployment', 'api', ns)?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image;
    expect(image).toBe('nginx:1.27');
  });

  it('a pre-install hook Job that never completes fails the install and records the hook as Failed', async () => {
    const err = await install(h.cfg(ns), h.source('hooked', ns, { image: 'busybox:unpullable' }), { name: 'hooked', namespace: ns, timeoutMs: 1500 }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'Release "hooked" failed: failed pre-install: resource Job/default/hooked-migrate not ready. status: InProgress, message: Job in progress\ncontext deadline exceeded',
    );
    const [rel] = await h.cfg(ns).storage.history('hooked');
    expect(rel!.info.status).toBe('failed');
    expect(rel!.hooks?.find((x) => x.name === 'hooked-migrate')?.last_run.phase).toBe('Failed');
    // Nothing of the release itself was applied.
    expect(h.get('apps/v1', 'Deployment', 'hooked', ns)).toBeUndefined();
  });

  it('two installs of one release never interleave: the second cannot create the same revision', async () => {
    const results = await Promise.allSettled([
      install(h.cfg(ns), h.source('twin', ns), { name: 'twin', namespace: ns, timeoutMs: 20_000, disableHooks: true }),
      install(h.cfg(ns), h.source('twin', ns), { name: 'twin', namespace: ns, timeoutMs: 20_000, disableHooks: true }),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ReleaseExistsError);
    expect(await statuses('twin')).toEqual(['1:deployed:Install complete']);
  });
});

describe('cleanupOnFail', () => {
  it('deletes the objects a failed upgrade created', async () => {
    await install(h.cfg(ns), h.source('tidy', ns, { extra: false }), { name: 'tidy', namespace: ns, timeoutMs: 20_000, disableHooks: true });
    await expect(
      upgrade(h.cfg(ns), h.source('tidy', ns, { extra: true, image: 'nginx:unpullable' }), { name: 'tidy', namespace: ns, timeoutMs: 1000, disableHooks: true, cleanupOnFail: true }),
    ).rejects.toThrow('Upgrade "tidy" failed');
    expect(h.get('v1', 'ConfigMap', 'tidy-extra', ns)).toBeUndefined();
    expect(h.get('apps/v1', 'Deployment', 'tidy', ns)).toBeDefined();
  });
});

describe('cancellation (Ctrl-C)', () => {
  it('stops the wait and records the release as failed, as helm does on a cancelled context', async () => {
    const ctl = new AbortController();
    const cfg = { ...h.cfg(ns), signal: ctl.signal };
    const run = install(cfg, h.source('stopped', ns, { image: 'nginx:unpullable' }), { name: 'stopped', namespace: ns, timeoutMs: 600_000, disableHooks: true });
    // Cancel once the release objects are applied and the install is waiting.
    while (h.get('apps/v1', 'Deployment', 'stopped', ns) === undefined) await new Promise((r) => setTimeout(r, 50));
    ctl.abort();
    await expect(run).rejects.toThrow('Release "stopped" failed: context canceled');
    expect(await statuses('stopped')).toEqual(['1:failed:Release "stopped" failed: context canceled']);
  });
});

describe('upgrading a release whose last revision failed', () => {
  it('supersedes the failed revision it upgraded from, as helm does', async () => {
    await install(h.cfg(ns), h.source('retry', ns, { image: 'nginx:unpullable' }), { name: 'retry', namespace: ns, timeoutMs: 1000, disableHooks: true }).catch(() => undefined);
    await upgrade(h.cfg(ns), h.source('retry', ns), { name: 'retry', namespace: ns, timeoutMs: 20_000, disableHooks: true });
    expect((await statuses('retry')).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual(['1:superseded', '2:deployed']);
  });
});
