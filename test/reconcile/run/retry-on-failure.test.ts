// The RetryOnFailure strategy against the API test server (an image matching `:does-not-exist`
// never becomes ready): a failed install is retried with an upgrade after retryInterval, never
// remediated; failures are counted while it fails and cleared by the release that succeeds.
import { describe, expect, it } from 'vitest';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { defaultObjects, helmRelease, reconcileEnv } from './support.js';

const retry = { name: 'RetryOnFailure', retryInterval: '1m' };

describe('RetryOnFailure', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /:does-not-exist$/ },
    objects: (url) => [
      ...defaultObjects(url),
      helmRelease('grade', 'apps', 'grade-api', '1.0.0', {
        timeout: '1s',
        install: { strategy: retry, remediation: { retries: 0 } },
        upgrade: { strategy: retry },
        values: { image: { tag: 'does-not-exist' } },
      } as Partial<NonNullable<HelmRelease['spec']>>),
    ],
  });
  const { hr, condition, history } = env;

  const reconcile = () => reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' });

  it('a failed install is not remediated: the run ends asking to retry after the interval', async () => {
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'retry-after', interval: '1m0s' } });
    expect(history()).toEqual(['1:failed']);
    expect(hr().status).toMatchObject({ failures: 1, installFailures: 1, lastAttemptedReleaseAction: 'install', observedGeneration: 1 });
    expect(condition('Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry', message: 'retrying after 1m0s' });
    expect(condition('Ready')).toMatchObject({ status: 'False', reason: 'InstallFailed' });
    expect(condition('Ready')?.message).toMatch(/^Helm install failed for release apps\/grade with chart grade-api@1\.0\.0: /);
    expect(condition('Stalled')).toBeUndefined();
    expect(condition('Remediated')).toBeUndefined();
  });

  it('the retry is an upgrade of the failed release, counted as an upgrade failure', async () => {
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'retry-after' } });
    expect(history()).toEqual(['2:failed', '1:failed']);
    expect(hr().status).toMatchObject({ failures: 2, installFailures: 1, upgradeFailures: 1, lastAttemptedReleaseAction: 'upgrade' });
    expect(condition('Ready')).toMatchObject({ status: 'False', reason: 'UpgradeFailed' });
  });

  it('once the release succeeds the failures are cleared', async () => {
    // A generous timeout for the good image: the shared machine may be slow to report it ready.
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec: { timeout: '60s', values: { image: { tag: '1.0.0' } } } });
    const result = await reconcile();
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'done' } });
    expect(history()).toEqual(['3:deployed', '2:superseded', '1:failed']);
    expect(condition('Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/grade.v3 with chart grade-api@1.0.0' });
    expect(hr().status?.failures).toBeUndefined();
    expect(hr().status?.upgradeFailures).toBeUndefined();
    expect(condition('Reconciling')).toBeUndefined();
  });
});
