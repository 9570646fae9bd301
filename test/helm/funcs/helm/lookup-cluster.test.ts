// `lookup` against a cluster during rendering: the worker bridge opens a real client
// (src/cluster/connect.ts, kubeconfig of the API test server) and templates see live objects.
// The server runs in its own process: rendering blocks this thread while lookups are served.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChart } from '../../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderResources } from '../../../../src/helm/engine/index.js';
import { SyncLookupBridge } from '../../../../src/helm/funcs/helm/lookup.js';
import { processDependencies, toRenderValues } from '../../../../src/helm/values/index.js';
import { spawnApiServer, type ApiServerProcess } from '../../../support/apiserver/child-process.js';

let server: ApiServerProcess;
let bridge: SyncLookupBridge;
const dir = mkdtempSync(join(tmpdir(), 'flux-ts-lookup-'));
const kubeconfig = join(dir, 'kubeconfig');

beforeAll(async () => {
  const objects = join(dir, 'objects.yaml');
  writeFileSync(objects, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  color: blue\n');
  server = spawnApiServer(['--load', objects, '--kubeconfig', kubeconfig]);
  await server.ready;
  bridge = await SyncLookupBridge.start({
    clusterModule: new URL('../../../../src/cluster/connect.ts', import.meta.url).href,
    clusterOptions: { flags: { kubeconfig }, env: {} },
    workerUrl: new URL('../../../fixtures/render/ts-worker-bootstrap.mjs', import.meta.url),
    extraWorkerData: { tsWorker: new URL('../../../../src/helm/funcs/helm/lookup-worker.ts', import.meta.url).href },
  });
});

afterAll(async () => {
  await bridge?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('lookup with a cluster', () => {
  it('renders live objects, lists and cluster-scoped kinds', async () => {
    const chart = await loadChart(join(import.meta.dirname, '../../../fixtures/render/charts/lookup'));
    processDependencies(chart, {});
    const caps = makeCapabilities();
    const top = toRenderValues(chart, {}, { name: 'rel', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
    const r = renderResources(chart, { ...top, Capabilities: caps }, helmRenderOptions({ lookup: bridge.lookup }));
    expect(r.manifests[0]!.content).toBe(
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: rel-copy', 'data:', '  found: "true"', '  color: "blue"', '  namespace: "default"', '  configMaps: "1"'].join('\n'),
    );
  });
});
