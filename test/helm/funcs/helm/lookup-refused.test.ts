// `lookup` when the cluster refuses connections: helm's lookup begins with a discovery request of
// its own, which client-go returns at once (no retries for a refused dial), so rendering fails
// straight away with that request's error and helm's two log lines. The expected texts come from
// helm v4 (fixtures/lookup-refused/generate.mjs); the bridge's timeout is far above what an answer
// takes, and a timed-out lookup would say so instead.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChart } from '../../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderResources } from '../../../../src/helm/engine/index.js';
import { SyncLookupBridge } from '../../../../src/helm/funcs/helm/lookup.js';
import { processDependencies, toRenderValues } from '../../../../src/helm/values/index.js';
import { freePort } from '../../../support/servers/ports.js';

const fixtures = join(import.meta.dirname, 'fixtures/lookup-refused');
const dir = mkdtempSync(join(tmpdir(), 'flux-ts-lookup-refused-'));
let port: number;
let bridge: SyncLookupBridge;
const logs: string[] = [];

beforeAll(async () => {
  // Free a moment ago, nothing listens there now: every connection is refused.
  port = await freePort();
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: t}\n`,
  );
  bridge = await SyncLookupBridge.start({
    clusterModule: new URL('../../../../src/cluster/connect.ts', import.meta.url).href,
    clusterOptions: { flags: { kubeconfig }, env: {} },
    workerUrl: new URL('../../../fixtures/render/ts-worker-bootstrap.mjs', import.meta.url),
    extraWorkerData: { tsWorker: new URL('../../../../src/helm/funcs/helm/lookup-worker.ts', import.meta.url).href },
    timeoutMs: 60_000,
    onLog: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await bridge?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** helm's stderr for a case, with this test's port: its log lines and its error (without `Error: `). */
function helmSaid(name: string): { logs: string[]; error: string } {
  const lines = readFileSync(join(fixtures, `helm-${name}.txt`), 'utf8').replaceAll('<port>', String(port)).split('\n');
  return { logs: lines.filter((l) => l.startsWith('level=')), error: lines.find((l) => l.startsWith('Error: '))!.slice('Error: '.length) };
}

async function render(values: Record<string, string>): Promise<string> {
  const chart = await loadChart(join(fixtures, 'chart'));
  processDependencies(chart, values);
  const caps = makeCapabilities();
  const top = toRenderValues(chart, values, { name: 'rel', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
  try {
    renderResources(chart, { ...top, Capabilities: caps }, helmRenderOptions({ lookup: bridge.lookup }));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('rendering succeeded against a closed port');
}

describe('lookup against a cluster that refuses connections', () => {
  it.each([
    ['v1', { apiVersion: 'v1', kind: 'ConfigMap' }],
    ['apps', { apiVersion: 'apps/v1', kind: 'Deployment' }],
  ])('fails at once with helm\'s discovery error and log lines (%s)', async (name, values) => {
    logs.length = 0;
    const helm = helmSaid(name);
    expect(await render(values)).toBe(helm.error);
    expect(logs).toEqual(helm.logs);
  });
});
