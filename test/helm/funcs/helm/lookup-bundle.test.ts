// `lookup` in the bundled CLI. `helm template` is client-only unless --dry-run=server: its
// lookups return empty maps even with a reachable cluster, and `flux-ts template` must print the
// same. Live lookups are for the reconcile path: the engine takes a SyncLookupBridge whose
// worker is the bundle's own entry (dist/chunks/lookup-worker.js, with the built-in client).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChart } from '../../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderResources } from '../../../../src/helm/engine/index.js';
import { SyncLookupBridge } from '../../../../src/helm/funcs/helm/lookup.js';
import { processDependencies, toRenderValues } from '../../../../src/helm/values/index.js';
import { helmBin } from '../../../support/tools.js';

const root = resolve(import.meta.dirname, '../../../..');
const chartDir = join(root, 'test/fixtures/render/charts/lookup');
let server: ChildProcess;
const dir = mkdtempSync(join(tmpdir(), 'flux-ts-lookup-bundle-'));
const kubeconfig = join(dir, 'kubeconfig');

beforeAll(async () => {
  const objects = join(dir, 'objects.yaml');
  writeFileSync(objects, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  color: blue\n');
  const main = join(root, 'test/support/apiserver/main.ts');
  server = spawn(process.execPath, ['--import', 'tsx', main, '--load', objects, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('kubeconfig written')) res();
    });
    server.once('exit', (code) => reject(new Error(`test API server exited with ${code}`)));
  });
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('lookup and the bundled CLI', () => {
  it('flux-ts template prints what helm template prints with the same reachable cluster (empty lookups)', () => {
    const env = { ...process.env, KUBECONFIG: kubeconfig, HELM_CACHE_HOME: join(dir, 'cache'), HELM_CONFIG_HOME: join(dir, 'config'), HELM_DATA_HOME: join(dir, 'data') };
    const helm = spawnSync(helmBin, ['template', 'rel', chartDir], { env, encoding: 'utf8' });
    const ours = spawnSync(join(root, 'bin/flux-ts'), ['template', 'rel', chartDir], { env, encoding: 'utf8' });
    // The list lookup is an empty map offline, so `.items` is nil and `len` fails, in both.
    expect(helm.stderr).toContain('error calling len: len of nil pointer');
    expect({ status: ours.status, stdout: ours.stdout, stderr: ours.stderr }).toEqual({ status: helm.status, stdout: helm.stdout, stderr: helm.stderr.replace(/^Error: /, '✗ ') });
  });

  it('the bundle\'s lookup worker serves live objects to the engine (reconcile path)', async () => {
    const bridge = await SyncLookupBridge.start({
      workerUrl: pathToFileURL(join(root, 'dist/chunks/lookup-worker.js')),
      clusterOptions: { flags: { kubeconfig }, env: {} },
    });
    try {
      const chart = await loadChart(chartDir);
      processDependencies(chart, {});
      const caps = makeCapabilities();
      const top = toRenderValues(chart, {}, { name: 'rel', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
      const r = renderResources(chart, { ...top, Capabilities: caps }, helmRenderOptions({ lookup: bridge.lookup }));
      expect(r.manifests[0]!.content).toContain('  found: "true"\n  color: "blue"\n  namespace: "default"');
    } finally {
      await bridge.close();
    }
  });
});
