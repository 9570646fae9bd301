// `lookup` in the bundled CLI. `helm template` is client-only unless --dry-run=server: its
// lookups return empty maps even with a reachable cluster, and `flux-ts template` must print the
// same. Live lookups are for the reconcile path: the engine takes a SyncLookupBridge whose
// worker is the bundle's own entry (dist/chunks/lookup-worker.js, with the built-in client).
import { spawnSync } from 'node:child_process';
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
import { spawnApiServer, type ApiServerProcess } from '../../../support/apiserver/child-process.js';

const root = resolve(import.meta.dirname, '../../../..');
const chartDir = join(root, 'test/fixtures/render/charts/lookup');
let server: ApiServerProcess;
const dir = mkdtempSync(join(tmpdir(), 'flux-ts-lookup-bundle-'));
const kubeconfig = join(dir, 'kubeconfig');

beforeAll(async () => {
  const objects = join(dir, 'objects.yaml');
  writeFileSync(objects, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  color: blue\n');
  server = spawnApiServer(['--load', objects, '--kubeconfig', kubeconfig]);
  await server.ready;
});

afterAll(async () => {
  await server?.stop();
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
