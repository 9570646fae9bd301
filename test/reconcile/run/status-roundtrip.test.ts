// The status a reconcile writes survives the API server unchanged: the test server prunes custom
// resources per the HelmRelease v2 CRD schema, as a real one does, so a field outside the schema
// would be lost between runs. At each step of install, test, a failed upgrade, its remediation and
// recovery, the stored status must equal what the run wrote, and the state and action decided
// from the stored object must be the ones decided from the run's own object.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GoMap } from '../../../src/gotemplate/value.js';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { actionForState } from '../../../src/reconcile/decide/index.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease, type ReconcileResult } from '../../../src/reconcile/run/index.js';
import { determineReleaseState } from '../../../src/reconcile/state/index.js';
import { defaultObjects, helmRelease, HR_API, reconcileEnv } from './support.js';

describe('HelmRelease status round-trips through the API server', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /:does-not-exist$/ },
    objects: (url) => [
      ...defaultObjects(url),
      helmRelease('grade', 'apps', 'grade-api', '1.0.0', {
        values: { replicaCount: 1 },
        test: { enable: true },
        upgrade: { remediation: { retries: 1 } },
      }),
    ],
  });
  let storage: ReleaseStorage;

  const stored = () => env.server.store.get(HR_API, 'HelmRelease', 'grade', 'apps') as unknown as HelmRelease;
  const reconcile = () => reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' });

  /** State and action as the next run would decide them from `obj` (a copy: deciding mutates). */
  async function decide(obj: HelmRelease): Promise<[string, string, string]> {
    const hr = structuredClone(obj);
    const state = await determineReleaseState({
      object: hr,
      lastRelease: () => storage.last('grade'),
      chart: { name: 'grade-api', version: '1.0.0' },
      values: (hr.spec?.values ?? {}) as GoMap,
      postRenderersDigest: '',
      commonMetadataDigest: '',
    });
    const next = await actionForState(hr, state, { getRelease: (n, v) => storage.get(n, v).catch(() => undefined) }).then(
      (a) => a?.kind ?? 'none',
      (e: Error) => e.name,
    );
    return [state.status, state.reason, next];
  }

  async function expectRoundTrip(result: ReconcileResult): Promise<[string, string, string]> {
    const written = JSON.parse(JSON.stringify(result.hr.status)) as unknown;
    expect(stored().status).toEqual(written);
    const fromServer = await decide(stored());
    expect(fromServer).toEqual(await decide(result.hr));
    return fromServer;
  }

  beforeAll(async () => {
    storage = new ReleaseStorage(env.cluster, 'apps');
  });

  it('after install and test', async () => {
    const result = await reconcile();
    expect(result.hr.status?.history?.map((h) => `${h.version}:${h.status}`)).toEqual(['1:deployed']);
    expect(result.hr.status?.history?.[0]?.testHooks).toBeDefined();
    expect(await expectRoundTrip(result)).toEqual(['InSync', '', 'none']);
  });

  it('after a failed upgrade, its retry and the rollback remediation', { timeout: 60_000 }, async () => {
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec: { timeout: '1s', values: { replicaCount: 1, image: { tag: 'does-not-exist' } } } });
    const seen: [string, string, string][] = [];
    for (let i = 0; i < 4; i++) {
      const result = await reconcile();
      seen.push(await expectRoundTrip(result));
      if (result.kind === 'loop' && result.outcome.kind !== 'requeue') break;
    }
    expect(stored().status?.conditions?.find((c) => c.type === 'Remediated')).toMatchObject({ status: 'True', reason: 'RollbackSucceeded' });
    expect(seen.length).toBeGreaterThan(0);
  });

  it('after an upgrade with a fixed image, and in sync again', { timeout: 60_000 }, async () => {
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec: { values: { replicaCount: 1 }, upgrade: { disableWait: true, remediation: { retries: 1 } } } });
    const result = await reconcile();
    expect(result.hr.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True' });
    expect(await expectRoundTrip(result)).toEqual(['InSync', '', 'none']);
    expect(await expectRoundTrip(await reconcile())).toEqual(['InSync', '', 'none']);
  });
});
