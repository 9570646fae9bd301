// `flux-ts reconcile hr NAME --local` with --force and --reset against the API test server: the
// request annotations flux writes, honoured once each (reconcile.fluxcd.io/forceAt, resetAt).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { digestValues } from '../../../src/reconcile/digest/index.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import type { ChartRepoServer } from '../../support/servers/chart-repo.js';
import { chartRepoWith, helmRelease, helmRepository, HR_API, namespace } from './support.js';
import { runCli } from '../../cli/io.js';

const CHART = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));

describe('reconcile hr --local', () => {
  let server: TestApiServer;
  let repo: ChartRepoServer;

  const fluxTs = (args: string[]) => runCli(args, { KUBECONFIG: server.kubeconfigPath });
  const reconcile = (name: string, ...flags: string[]) => fluxTs(['reconcile', 'hr', name, '-n', 'apps', '--local', ...flags]);
  const hr = (name: string) => server.store.get(HR_API, 'HelmRelease', name, 'apps') as unknown as HelmRelease;
  const history = (name: string) => hr(name).status?.history?.map((h) => `${h.version}:${h.status}`);
  const condition = (name: string, type: string) => hr(name).status?.conditions?.find((c) => c.type === type);

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds(), simulateWorkloads: true, readyAfterMs: 100 });
    repo = await chartRepoWith([{ dir: CHART, name: 'grade-api', version: '1.0.0' }]);
    for (const o of [namespace('apps'), helmRepository('charts', 'apps', repo.url), helmRelease('grade', 'apps', 'grade-api', '1.0.0')]) server.store.put(o as never);
  });
  afterAll(async () => {
    await repo.stop();
    await server.close();
  });

  it('installs and prints the applied revision', async () => {
    const out = await reconcile('grade');
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('✔ applied revision 1.0.0');
    expect(history('grade')).toEqual(['1:deployed']);
  });

  it('an in-sync release is left alone without --force', async () => {
    expect((await reconcile('grade')).code).toBe(0);
    expect(history('grade')).toEqual(['1:deployed']);
  });

  it('--force upgrades an in-sync release once, recording the request as handled', async () => {
    const out = await reconcile('grade', '--force');
    expect(out.code).toBe(0);
    expect(history('grade')).toEqual(['2:deployed', '1:superseded']);
    expect(condition('grade', 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/grade.v2 with chart grade-api@1.0.0' });
    const annotations = hr('grade').metadata.annotations ?? {};
    const token = annotations['reconcile.fluxcd.io/forceAt'];
    expect(token).toBeDefined();
    expect(annotations['reconcile.fluxcd.io/requestedAt']).toBe(token);
    expect(hr('grade').status).toMatchObject({ lastHandledForceAt: token, lastHandledReconcileAt: token });

    // The force annotation stays on the object, but a plain request does not replay it.
    expect((await reconcile('grade')).code).toBe(0);
    expect(history('grade')).toEqual(['2:deployed', '1:superseded']);
    expect(hr('grade').status?.lastHandledForceAt).toBe(token);
  });

  it('--reset starts the failure counters over, so a stalled install runs again', async () => {
    // An install that already failed once with no retries left, for exactly this spec and values.
    server.store.put({
      ...helmRelease('stuck', 'apps', 'grade-api', '1.0.0', { install: { remediation: { retries: 0 } } }),
      status: {
        storageNamespace: 'apps',
        installFailures: 1,
        failures: 1,
        lastAttemptedReleaseAction: 'install',
        lastAttemptedGeneration: 1,
        lastAttemptedRevision: '1.0.0',
        lastAttemptedConfigDigest: digestValues({}),
      },
    } as never);

    const stalled = await reconcile('stuck');
    expect(stalled.code).not.toBe(0);
    expect(condition('stuck', 'Stalled')).toMatchObject({ status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 1 attempt(s)' });
    expect(hr('stuck').status?.history ?? []).toEqual([]);

    const reset = await reconcile('stuck', '--reset');
    expect(reset.code).toBe(0);
    expect(history('stuck')).toEqual(['1:deployed']);
    expect(condition('stuck', 'Stalled')).toBeUndefined();
    expect(condition('stuck', 'Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    const token = hr('stuck').metadata.annotations?.['reconcile.fluxcd.io/resetAt'];
    expect(hr('stuck').status).toMatchObject({ lastHandledResetAt: token });
    expect(hr('stuck').status?.installFailures).toBeUndefined();
  });

  it('refuses a suspended HelmRelease before writing any request', async () => {
    server.store.put(helmRelease('paused', 'apps', 'grade-api', '1.0.0', { suspend: true }) as never);
    const out = await reconcile('paused');
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('✗ resource is suspended');
    expect(hr('paused').metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBeUndefined();
    expect(hr('paused').status?.conditions ?? []).toEqual([]);
  });
});
