// The official helm v4 binary against the test server with simulated workloads: release
// storage (Secrets, some sent as protobuf), server-side apply, waiting on kstatus readiness.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { helmBin } from '../support/tools.js';

const chart = resolve(import.meta.dirname, '..', 'fixtures', 'apiserver', 'charts', 'demo');
let server: TestApiServer;
let dir: string;

function helm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, KUBECONFIG: server.kubeconfigPath, HELM_CACHE_HOME: join(dir, 'cache'), HELM_CONFIG_HOME: join(dir, 'config'), HELM_DATA_HOME: join(dir, 'data') };
  return new Promise((res) => execFile(helmBin, args, { env, timeout: 60_000 }, (e, stdout, stderr) => res({ code: e ? 1 : 0, stdout, stderr })));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helm-test-'));
  server = await startApiServer({ simulateWorkloads: true, readyAfterMs: 300, unpullableImage: /:broken$/ });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('helm v4 against the test server', () => {
  it('installs and waits, upgrades, lists, shows history and values, rolls back, uninstalls', async () => {
    const install = await helm('install', 'demo', chart, '-n', 'default', '--wait', '--timeout', '30s');
    expect(install.stderr).toBe('');
    expect(install.stdout).toContain('STATUS: deployed');
    const secret = server.store.get('v1', 'Secret', 'sh.helm.release.v1.demo.v1', 'default')!;
    expect(secret['type']).toBe('helm.sh/release.v1');
    expect(secret.metadata.labels).toMatchObject({ owner: 'helm', name: 'demo', status: 'deployed', version: '1' });

    expect((await helm('upgrade', 'demo', chart, '--set', 'replicaCount=2', '--wait', '--timeout', '30s')).stdout).toContain('REVISION: 2');
    const list = await helm('list', '-A');
    expect(list.stdout).toMatch(/^NAME\s+NAMESPACE\s+REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION\s*\ndemo\s+default\s+2\s+.+\s+deployed\s+demo-0\.1\.0\s+1\.0\s*\n$/);
    const history = await helm('history', 'demo');
    expect(history.stdout.trimEnd().split('\n').map((l) => l.split('\t').map((c) => c.trim())[2])).toEqual(['STATUS', 'superseded', 'deployed']);
    expect((await helm('get', 'values', 'demo')).stdout).toBe('USER-SUPPLIED VALUES:\nreplicaCount: 2\n');
    const test = await helm('test', 'demo', '--timeout', '30s');
    expect(test.stderr).toBe('');
    expect(test.stdout).toMatch(/TEST SUITE:\s+demo-test-connection\n.*\nLast Completed:.*\nPhase:\s+Succeeded\n/s);
    expect((await helm('rollback', 'demo', '1', '--wait')).stdout).toContain('Rollback was a success!');
    expect(((server.store.get('apps/v1', 'Deployment', 'demo', 'default')!['spec']) as { replicas: number }).replicas).toBe(1);
    const un = await helm('uninstall', 'demo');
    expect(un.stdout).toBe('release "demo" uninstalled\n');
    expect(server.store.list('v1', 'Secret', 'default').filter((s) => s.metadata.name.startsWith('sh.helm.release'))).toEqual([]);
    expect(server.store.get('apps/v1', 'Deployment', 'demo', 'default')).toBeUndefined();
  });

  it('--wait fails on a workload whose image cannot be pulled', async () => {
    const r = await helm('install', 'bad', chart, '--set', 'image=nginx:broken', '--wait', '--timeout', '3s');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('resource Deployment/default/bad not ready. status: InProgress');
  });
});
