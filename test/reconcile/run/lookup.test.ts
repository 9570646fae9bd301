// `lookup` on the reconcile path: Helm renders install/upgrade against the cluster, so a chart
// that looks up a ConfigMap sees the live one. Rendering blocks this thread while the lookup
// worker asks the API server, so the server runs in its own process here.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { bridgeLookupProvider } from '../../../src/reconcile/run/lookup-session.js';
import { spawnedLookupEnv } from './support.js';

const root = resolve(import.meta.dirname, '../../..');
const helmRelease = (name: string) => `---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: apps
spec:
  interval: 1m
  chart:
    spec:
      chart: lookup
      version: 0.1.0
      sourceRef:
        kind: HelmRepository
        name: charts
`;

const env = spawnedLookupEnv('flux-ts-reconcile-lookup-', (repoUrl) => `apiVersion: v1
kind: Namespace
metadata:
  name: apps
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: apps
data:
  color: blue
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  interval: 1m
  url: ${repoUrl}
${helmRelease('live')}${helmRelease('cli')}`);

/** The ConfigMap the chart renders from what it looked up. */
async function copied(release: string): Promise<Record<string, string> | undefined> {
  const cm = await env.cluster.tryGet<{ apiVersion: string; kind: string; metadata: { name: string }; data?: Record<string, string> }>(
    { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
    `${release}-copy`,
    'apps',
  );
  return cm?.data;
}

describe('lookup while reconciling', () => {
  it('templates see the live ConfigMap through the run’s lookup session', async () => {
    const result = await reconcileHelmRelease({
      cluster: env.cluster,
      namespace: 'apps',
      name: 'live',
      lookup: bridgeLookupProvider({
        clusterModule: new URL('../../../src/cluster/connect.ts', import.meta.url).href,
        clusterOptions: { flags: { kubeconfig: env.kubeconfig }, env: {} },
        // From source the worker is TypeScript: a bootstrap registers tsx first.
        workerUrl: new URL('../../fixtures/render/ts-worker-bootstrap.mjs', import.meta.url),
        extraWorkerData: { tsWorker: new URL('../../../src/helm/funcs/helm/lookup-worker.ts', import.meta.url).href },
      }),
    });
    expect(result.kind).toBe('loop');
    expect(await copied('live')).toEqual({ found: 'true', color: 'blue', namespace: 'default', configMaps: '1' });
  });

  it('`flux-ts reconcile hr --local` (the bundle and its lookup worker) renders with the cluster', async () => {
    // Asynchronously: the chart repository answers from this process.
    const child = spawn(join(root, 'bin/flux-ts'), ['reconcile', 'hr', 'cli', '-n', 'apps', '--local'], { env: { PATH: process.env['PATH'] ?? '', HOME: env.dir, KUBECONFIG: env.kubeconfig } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((res) => child.once('exit', res));
    expect(stderr).toContain('✔ applied revision 0.1.0');
    expect(code).toBe(0);
    // Live: the list now also holds live-copy, written by the reconcile above.
    expect(await copied('cli')).toEqual({ found: 'true', color: 'blue', namespace: 'default', configMaps: '2' });
  });
});
