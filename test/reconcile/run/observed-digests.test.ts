// spec.commonMetadata / spec.postRenderers on the reconcile path: a change is OutOfSync (an
// upgrade renders with it), and the digests are recorded as observed by every summarize; a change
// made while an upgrade runs is upgraded by the next reconcile (fluxcd/helm-controller#1412).
import { beforeAll, describe, expect, it } from 'vitest';
import { commonMetadataDigest, postRenderersDigest } from '../../../src/reconcile/postrender/index.js';
import { HELMRELEASE_RESOURCE, reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { defaultObjects, helmRelease, reconcileEnv } from './support.js';

describe('observed post-render digests', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /never-ready/ },
    objects: (url) => [...defaultObjects(url), helmRelease('grade', 'apps', 'grade-api', '1.0.0')],
  });
  const { hr, history } = env;

  const configMap = () => env.server.store.get('v1', 'ConfigMap', 'grade-grade-api', 'apps') as unknown as { metadata: { labels?: Record<string, string> } };
  const reconcile = () => reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' });
  /** A spec change as the API server makes it: a new generation. */
  const patchSpec = async (spec: Record<string, unknown>) => {
    await env.cluster.mergePatch(HELMRELEASE_RESOURCE, 'grade', 'apps', { spec });
  };

  beforeAll(async () => {
    await reconcile();
  });

  it('records no digest without commonMetadata or postRenderers', () => {
    expect(history()).toEqual(['1:deployed']);
    expect(hr().status?.observedCommonMetadataDigest).toBeUndefined();
    expect(hr().status?.observedPostRenderersDigest).toBeUndefined();
  });

  it('new commonMetadata upgrades the release with it and records its digest', async () => {
    const commonMetadata = { labels: { team: 'grades' } };
    await patchSpec({ commonMetadata });
    await reconcile();
    expect(history()).toEqual(['2:deployed', '1:superseded']);
    expect(configMap().metadata.labels?.['team']).toBe('grades');
    expect(hr().status).toMatchObject({ observedCommonMetadataDigest: commonMetadataDigest(commonMetadata), observedGeneration: hr().metadata.generation });
  });

  it('is in sync afterwards, also for a new generation that leaves the digests alone', async () => {
    await reconcile();
    await patchSpec({ timeout: '4m' });
    await reconcile();
    expect(history()).toEqual(['2:deployed', '1:superseded']);
  });

  it('new postRenderers upgrade again; removing them clears the observed digest', async () => {
    const postRenderers = [{ kustomize: { patches: [{ patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grade-grade-api\n  labels:\n    patched: "yes"\n' }] } }];
    await patchSpec({ postRenderers });
    await reconcile();
    expect(history()?.[0]).toBe('3:deployed');
    expect(configMap().metadata.labels?.['patched']).toBe('yes');
    expect(hr().status?.observedPostRenderersDigest).toBe(postRenderersDigest(postRenderers));

    await patchSpec({ postRenderers: null });
    await reconcile();
    expect(history()?.[0]).toBe('4:deployed');
    expect(configMap().metadata.labels?.['patched']).toBeUndefined();
    expect(hr().status?.observedPostRenderersDigest).toBeUndefined();
  });

  it('a postRenderers change made while an upgrade runs is upgraded by the next reconcile', async () => {
    const first = [{ kustomize: { patches: [{ patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grade-grade-api\n  labels:\n    stage: one\n' }] } }];
    const second = [{ kustomize: { patches: [{ patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grade-grade-api\n  labels:\n    stage: two\n' }] } }];
    await patchSpec({ postRenderers: first });
    const generation = hr().metadata.generation!;
    let midRun: Promise<void> | undefined;
    await reconcileHelmRelease({
      cluster: env.cluster,
      namespace: 'apps',
      name: 'grade',
      progress: (_symbol, message) => {
        // The user edits the HelmRelease while the upgrade for the previous edit is running.
        if (message.startsWith("Running 'upgrade' action") && !midRun) midRun = patchSpec({ postRenderers: second });
      },
    });
    await midRun;
    expect(history()?.[0]).toBe('5:deployed');
    expect(configMap().metadata.labels?.['stage']).toBe('one');
    expect(hr().metadata.generation).toBe(generation + 1);
    // The run observed the generation it read, not the one that arrived meanwhile.
    expect(hr().status).toMatchObject({ observedGeneration: generation, observedPostRenderersDigest: postRenderersDigest(first) });

    await reconcile();
    expect(history()?.[0]).toBe('6:deployed');
    expect(configMap().metadata.labels?.['stage']).toBe('two');
    expect(hr().status).toMatchObject({ observedGeneration: generation + 1, observedPostRenderersDigest: postRenderersDigest(second) });
    await reconcile();
    expect(history()?.[0]).toBe('6:deployed');
  });

  it('records the digests after an action that fails too', async () => {
    const broken = [{ kustomize: { patches: [{ patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grade-grade-api\n  labels:\n    stage: three\n' }] } }];
    // An upgrade that fails after writing its release: the wait for a workload that never becomes ready.
    await patchSpec({ postRenderers: broken, values: { image: { repository: 'never-ready' } }, upgrade: { remediation: { retries: 0 } }, timeout: '2s' });
    await reconcile();
    expect(hr().status?.conditions?.find((c) => c.type === 'Released')).toMatchObject({ status: 'False', reason: 'UpgradeFailed' });
    expect(hr().status?.observedPostRenderersDigest).toBe(postRenderersDigest(broken));
  });
});
