// Ctrl-C while `flux-ts reconcile` waits: the built CLI ends at once with exit code 130.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, render, startRig, type Rig } from './harness.js';

const NS = 'thrfg';

describe('flux-ts reconcile and Ctrl-C', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(render(fixture('objects.yaml'), { ns: NS }));
    rig.controller.set('HelmRelease', NS, 'thrfg', 'never');
  });
  afterAll(async () => {
    await rig.close();
  });

  async function interrupted(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn('bin/flux-ts', args, {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-home', KUBECONFIG: rig.server.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve, reject) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (!sent && stderr.includes('◎ waiting')) {
          // Once: a second Ctrl-C kills the process outright, as users expect.
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('error', reject);
      child.on('close', (c) => resolve(c));
    });
    return { code, stderr };
  }

  it('exits 130 on SIGINT during the wait', async () => {
    const { code, stderr } = await interrupted(['reconcile', 'hr', 'thrfg', '-n', NS, '--timeout', '1m']);
    expect(code).toBe(130);
    expect(stderr).toBe(`► annotating HelmRelease thrfg in ${NS} namespace\n✔ HelmRelease annotated\n◎ waiting for HelmRelease reconciliation\n✗ interrupted\n`);
  });

  it('exits 130 on SIGINT while resume waits', async () => {
    const hr = rig.server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'paused', NS);
    expect(hr).toBeDefined();
    const { code, stderr } = await interrupted(['resume', 'hr', 'paused', '-n', NS, '--timeout', '1m']);
    expect(code).toBe(130);
    expect(stderr).toBe(`► resuming helmrelease paused in ${NS} namespace\n✔ helmrelease resumed\n◎ waiting for HelmRelease reconciliation\n✗ interrupted\n`);
  });
});
