// Safety: a process killed in the middle of an install leaves a pending-install release; the
// next run sees the lock, unlocks it to failed, and a new install proceeds.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, OperationInProgressError, unlock, upgrade } from '../../../src/helm/action/index.js';
import { startHarness, type Harness } from './harness.js';

const CHILD = fileURLToPath(new URL('./fixtures/install-child.ts', import.meta.url));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ unpullableImage: /unpullable/ });
});
afterAll(async () => {
  await h?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('an interrupted install', () => {
  it('leaves pending-install, which locks the release until unlocked', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, h.server.kubeconfigPath, 'killed', 'nginx:unpullable'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    const storage = h.cfg('default').storage;
    // The child waits for a Deployment that never becomes ready: kill it once it has applied.
    await until(async () => (await storage.last('killed'))?.info.status === 'pending-install' && h.get('apps/v1', 'Deployment', 'killed', 'default') !== undefined, 20_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const [rel] = await storage.history('killed');
    expect([rel!.version, rel!.info.status, rel!.info.description]).toEqual([1, 'pending-install', 'Initial install underway']);
    await expect(upgrade(h.cfg('default'), h.source('killed', 'default'), { name: 'killed', namespace: 'default' })).rejects.toThrow(OperationInProgressError);
    await expect(install(h.cfg('default'), h.source('killed', 'default'), { name: 'killed', namespace: 'default', replace: true })).rejects.toThrow(OperationInProgressError);

    await unlock(h.cfg('default'), 'killed');
    const reinstalled = await install(h.cfg('default'), h.source('killed', 'default'), { name: 'killed', namespace: 'default', replace: true, disableHooks: true, timeoutMs: 20_000 });
    expect(reinstalled.version).toBe(2);
    expect((await storage.history('killed')).map((r) => `${r.version} ${r.info.status} ${r.info.description}`)).toEqual([
      "1 failed Release unlocked from stale 'pending-install' state",
      '2 deployed Install complete',
    ]);
  });
});
