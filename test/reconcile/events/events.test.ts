// Kubernetes Events as helm-controller's recorder (Flux runtime/events over client-go's core/v1
// recorder) writes them, against the API test server and read back with the real kubectl:
// Flux's fields and annotations, identical events counted on one Event, similar events
// combined, a source's burst limited, and counting carried across processes.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { clusterEventRecorder, flushEvents, type CoreEvent } from '../../../src/reconcile/run/events.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { kubectlBin } from '../../support/tools.js';

const START = Date.parse('2026-11-24T08:00:00Z');

describe('HelmRelease Events', () => {
  let server: TestApiServer;
  let clock: number;
  const now = () => new Date(clock);
  const clients: Cluster[] = [];
  /** A fresh client: a new process, as far as the recorder's state goes. */
  const client = async () => {
    const c = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    clients.push(c);
    return c;
  };
  const events = () => (server.store.list('v1', 'Event', 'apps') as unknown as CoreEvent[]).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const hr = (name: string): HelmRelease => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: 'apps', uid: `uid-${name}`, resourceVersion: String(clock) },
    spec: { interval: '5m', chart: { spec: { chart: 'grade-api', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
    status: {
      history: [
        {
          name,
          namespace: 'apps',
          version: 1,
          status: 'deployed',
          chartName: 'grade-api',
          chartVersion: '1.0.0',
          appVersion: '2.1.0',
          configDigest: 'sha256:abc',
          digest: 'sha256:def',
          firstDeployed: '2026-11-24T08:00:00Z',
          lastDeployed: '2026-11-24T08:00:00Z',
        },
      ],
    },
  });

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds() });
    server.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } } as never);
  });
  beforeEach(() => {
    clock = START;
    for (const e of events()) server.store.delete('v1', 'Event', e.metadata.name, 'apps');
  });
  afterAll(async () => {
    for (const c of clients) c.close?.();
    await server.close();
  });

  it('writes a core/v1 Event with the fields and annotations helm-controller gives it', async () => {
    const record = clusterEventRecorder(await client(), now);
    await record(hr('web'), 'Normal', 'InstallSucceeded', 'Helm install succeeded for release apps/web.v1 with chart grade-api@1.0.0');
    const [e] = events();
    expect(e!.metadata.name).toMatch(/^web\.[0-9a-f]{16}$/);
    expect(BigInt(`0x${e!.metadata.name.slice(4)}`) / 1_000_000n).toBe(BigInt(START));
    expect(e).toMatchObject({
      metadata: {
        namespace: 'apps',
        annotations: { 'helm.toolkit.fluxcd.io/revision': '1.0.0', 'helm.toolkit.fluxcd.io/token': 'sha256:abc', 'helm.toolkit.fluxcd.io/app-version': '2.1.0' },
      },
      involvedObject: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'web', namespace: 'apps', uid: 'uid-web' },
      type: 'Normal',
      reason: 'InstallSucceeded',
      message: 'Helm install succeeded for release apps/web.v1 with chart grade-api@1.0.0',
      source: { component: 'helm-controller' },
      reportingComponent: 'helm-controller',
      firstTimestamp: '2026-11-24T08:00:00Z',
      lastTimestamp: '2026-11-24T08:00:00Z',
      count: 1,
    });
    expect(e!['eventTime']).toBeUndefined();
    expect(e!['series']).toBeUndefined();
    // Events helm-controller records with plain Eventf carry no annotations.
    await record(hr('web'), 'Normal', 'DependencyNotReady', "dependency 'apps/db' is not ready", {});
    expect(events().find((x) => x.reason === 'DependencyNotReady')!.metadata.annotations).toBeUndefined();
  });

  it('counts a repeated event on the existing Event: count, lastTimestamp, same name and firstTimestamp', async () => {
    const record = clusterEventRecorder(await client(), now);
    const fail = 'Helm upgrade failed for release apps/web with chart grade-api@1.0.0: timed out';
    await record(hr('web'), 'Warning', 'UpgradeFailed', fail);
    clock += 90_000;
    // The HelmRelease's resourceVersion changed in between: still the same occurrence.
    await record(hr('web'), 'Warning', 'UpgradeFailed', fail);
    clock += 60_000;
    await record(hr('web'), 'Warning', 'UpgradeFailed', fail);
    const all = events();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ count: 3, firstTimestamp: '2026-11-24T08:00:00Z', lastTimestamp: '2026-11-24T08:02:30Z', message: fail });

    // Another message, type or object is another Event.
    await record(hr('web'), 'Warning', 'UpgradeFailed', `${fail} again`);
    await record(hr('web'), 'Normal', 'UpgradeFailed', fail);
    await record(hr('api'), 'Warning', 'UpgradeFailed', fail);
    expect(events().map((e) => [e.involvedObject.name, e.type, e.count])).toEqual(
      expect.arrayContaining([
        ['web', 'Warning', 3],
        ['web', 'Warning', 1],
        ['web', 'Normal', 1],
        ['api', 'Warning', 1],
      ]),
    );
    expect(events()).toHaveLength(4);
  });

  it('keeps counting from the live Event in a new process (one-shot runs count like a controller)', async () => {
    const oneShot = async () => clusterEventRecorder(await client(), { now, countAcrossProcesses: true });
    await (await oneShot())(hr('web'), 'Normal', 'UpgradeSucceeded', 'Helm upgrade succeeded');
    clock += 30_000;
    await (await oneShot())(hr('web'), 'Normal', 'UpgradeSucceeded', 'Helm upgrade succeeded');
    expect(events().map((e) => [e.count, e.firstTimestamp, e.lastTimestamp])).toEqual([[2, '2026-11-24T08:00:00Z', '2026-11-24T08:00:30Z']]);
    // Without the lookup a new process starts a new Event, as a restarted controller does.
    clock += 30_000;
    await clusterEventRecorder(await client(), now)(hr('web'), 'Normal', 'UpgradeSucceeded', 'Helm upgrade succeeded');
    expect(events().map((e) => e.count).sort()).toEqual([1, 2]);
  });

  it('counts events recorded without waiting, none lost or duplicated; flushEvents waits for them all', async () => {
    const c = await client();
    const record = clusterEventRecorder(c, now);
    for (let i = 0; i < 4; i++) void record(hr('web'), 'Normal', 'DriftCorrected', 'Cluster state of release apps/web.v1 has been corrected');
    void record(hr('api'), 'Normal', 'DriftCorrected', 'Cluster state of release apps/api.v1 has been corrected');
    await flushEvents(c);
    expect(events().map((e) => [e.involvedObject.name, e.count])).toEqual(expect.arrayContaining([['web', 4], ['api', 1]]));
    expect(events()).toHaveLength(2);
  });

  it('combines the 10th different message of one reason within 10 minutes, as client-go aggregates', async () => {
    const record = clusterEventRecorder(await client(), now);
    for (let i = 1; i <= 11; i++) {
      await record(hr('web'), 'Warning', 'ArtifactFailed', `fetch failed: attempt ${i}`);
      clock += 1_000;
    }
    const messages = events().map((e) => [e.message, e.count]);
    expect(messages).toHaveLength(10);
    expect(messages).toContainEqual(['fetch failed: attempt 9', 1]);
    // The 10th and 11th are counted on one combined Event (without annotations, as client-go's
    // copy), its message patched to the latest one.
    const combined = events().find((e) => e.message.startsWith('(combined from similar events): '))!;
    expect(combined).toMatchObject({ message: '(combined from similar events): fetch failed: attempt 11', count: 2, firstTimestamp: '2026-11-24T08:00:09Z', lastTimestamp: '2026-11-24T08:00:10Z' });
    expect(combined.metadata.annotations).toBeUndefined();

    // After 10 quiet minutes a message stands on its own again.
    clock += 601_000;
    await record(hr('web'), 'Warning', 'ArtifactFailed', 'fetch failed: attempt 12');
    expect(events().some((e) => e.message === 'fetch failed: attempt 12')).toBe(true);
  });

  it('lets a source write 25 events about an object, then one per 5 minutes', async () => {
    const record = clusterEventRecorder(await client(), now);
    const reasons = ['A', 'B', 'C'];
    let n = 0;
    // Distinct reasons and messages, so nothing is aggregated or counted: only the spam filter acts.
    for (let i = 0; i < 27; i++) await record(hr('busy'), 'Normal', `${reasons[i % 3]}${i}`, `event ${n++}`);
    expect(events()).toHaveLength(25);
    clock += 299_000;
    await record(hr('busy'), 'Normal', 'Late', 'too early');
    expect(events()).toHaveLength(25);
    clock += 2_000;
    await record(hr('busy'), 'Normal', 'Later', 'refilled');
    expect(events()).toHaveLength(26);
    // Other objects have their own budget.
    await record(hr('quiet'), 'Normal', 'Fine', 'ok');
    expect(events()).toHaveLength(27);
  });

  it('is read by kubectl as one Event seen several times', async () => {
    // Real time here: kubectl shows ages relative to its own clock (a slow run shows 2m1s).
    clock = Date.now() - 10 * 60_000;
    const record = clusterEventRecorder(await client(), now);
    await record(hr('web'), 'Warning', 'InstallFailed', 'Helm install failed for release apps/web');
    clock = Date.now() - 2 * 60_000;
    await record(hr('web'), 'Warning', 'InstallFailed', 'Helm install failed for release apps/web');
    const home = mkdtempSync(join(tmpdir(), 'flux-ts-events-'));
    const out = await new Promise<string>((resolve, reject) =>
      execFile(kubectlBin, ['--kubeconfig', server.kubeconfigPath, 'events', '-n', 'apps'], { env: { ...process.env, HOME: home, KUBECACHEDIR: join(home, 'cache') } }, (err, stdout, stderr) =>
        err ? reject(new Error(stderr)) : resolve(stdout),
      ),
    );
    expect(out.split('\n')[1]).toMatch(/^2m(\d+s)? \(x2 over 10m\)\s+Warning\s+InstallFailed\s+HelmRelease\/web\s+Helm install failed for release apps\/web$/);
  });
});
