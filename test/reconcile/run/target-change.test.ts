// A HelmRelease whose release target changes (target namespace, storage namespace): the release
// recorded in status.history is uninstalled from where it was stored before the new one installs,
// as helm-controller's releaseTargetChanged path does.
import { beforeAll, describe, expect, it } from 'vitest';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease, type ProgressSymbol } from '../../../src/reconcile/run/index.js';
import { helmRelease, helmRepository, namespace, reconcileEnv } from './support.js';

describe('release target change', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100 },
    objects: (url) => [namespace('apps'), namespace('staging'), namespace('helm-storage'), helmRepository('charts', 'apps', url), helmRelease('grade', 'apps', 'grade-api', '1.0.0')],
  });
  const { hr, events } = env;
  const steps: string[] = [];

  const ready = () => hr().status?.conditions?.find((c) => c.type === 'Ready');
  const deployments = (ns: string) => env.server.store.list('apps/v1', 'Deployment', ns).map((d) => d.metadata.name);
  const releases = async (storageNs: string, name: string) => (await new ReleaseStorage(env.cluster, storageNs).history(name)).map((r) => `${r.namespace}/${r.name}.v${r.version}:${r.info.status}`);
  const reconcile = () => reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade', progress: (s: ProgressSymbol, m: string) => steps.push(`${s} ${m}`) });
  const patchSpec = async (spec: Record<string, unknown>) => {
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec });
  };

  beforeAll(async () => {
    await reconcile();
  });

  it('starts from an installed release apps/grade.v1', async () => {
    expect(ready()).toMatchObject({ status: 'True', message: 'Helm install succeeded for release apps/grade.v1 with chart grade-api@1.0.0' });
    expect(deployments('apps')).toEqual(['grade-grade-api']);
  });

  it('a new targetNamespace uninstalls the old release, then installs the new one', async () => {
    await patchSpec({ targetNamespace: 'staging' });
    steps.length = 0;
    const result = await reconcile();
    expect(result.kind).toBe('loop');
    expect(steps).toContain('► release target configuration changed (release namespace): running uninstall for current release');

    expect(await releases('apps', 'grade')).toEqual([]);
    expect(deployments('apps')).toEqual([]);
    expect(events().find((e) => e.reason === 'UninstallSucceeded')).toMatchObject({ type: 'Normal', message: 'Helm uninstall succeeded for release apps/grade.v1 with chart grade-api@1.0.0' });

    expect(await releases('apps', 'staging-grade')).toEqual(['staging/staging-grade.v1:deployed']);
    expect(deployments('staging')).toEqual(['staging-grade-grade-api']);
    expect(ready()).toMatchObject({ status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release staging/staging-grade.v1 with chart grade-api@1.0.0' });
    expect(hr().status?.history?.map((h) => `${h.namespace}/${h.name}.v${h.version}`)).toEqual(['staging/staging-grade.v1']);
    expect(hr().status?.storageNamespace).toBe('apps');
  });

  it('a new storageNamespace moves the release: uninstalled from the old storage, installed with the new', async () => {
    await patchSpec({ storageNamespace: 'helm-storage' });
    await reconcile();
    expect(await releases('apps', 'staging-grade')).toEqual([]);
    expect(await releases('helm-storage', 'staging-grade')).toEqual(['staging/staging-grade.v1:deployed']);
    expect(deployments('staging')).toEqual(['staging-grade-grade-api']);
    expect(hr().status).toMatchObject({ storageNamespace: 'helm-storage' });
    expect(ready()).toMatchObject({ status: 'True', message: 'Helm install succeeded for release staging/staging-grade.v1 with chart grade-api@1.0.0' });
    expect(events().filter((e) => e.reason === 'UninstallSucceeded').map((e) => e.message)).toEqual([
      'Helm uninstall succeeded for release apps/grade.v1 with chart grade-api@1.0.0',
      'Helm uninstall succeeded for release staging/staging-grade.v1 with chart grade-api@1.0.0',
    ]);
  });

  it('an unchanged target reconciles in place', async () => {
    await reconcile();
    expect(await releases('helm-storage', 'staging-grade')).toEqual(['staging/staging-grade.v1:deployed']);
    expect(events().filter((e) => e.reason === 'UninstallSucceeded')).toHaveLength(2);
  });
});
