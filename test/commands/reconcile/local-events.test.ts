// `flux-ts reconcile hr --local` runs are separate processes, yet a failure repeated run after run
// is one Kubernetes Event whose count grows, as when one helm-controller process records it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run.js';
import type { KubeObject } from '../../../src/cluster/types.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { helmRelease, namespace } from '../../reconcile/run/support.js';

describe('reconcile hr --local events', () => {
  let server: TestApiServer;
  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds() });
    // The HelmRepository it names does not exist: every run fails the same way.
    for (const o of [namespace('apps'), helmRelease('grade', 'apps', 'grade-api', '1.0.0')]) server.store.put(o as never);
  });
  afterAll(async () => {
    await server.close();
  });

  const reconcile = () =>
    run(['reconcile', 'hr', 'grade', '-n', 'apps', '--local'], {
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: { HOME: '/nonexistent-home', KUBECONFIG: server.kubeconfigPath },
      isTTY: false,
    });
  const warnings = () =>
    (server.store.list('v1', 'Event', 'apps') as KubeObject[]).filter((e) => e['type'] === 'Warning' && (e['involvedObject'] as { name?: string }).name === 'grade');

  it('counts the repeated failure on one Event', async () => {
    expect(await reconcile()).not.toBe(0);
    const first = warnings();
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((e) => e['count'] === 1)).toBe(true);

    expect(await reconcile()).not.toBe(0);
    const second = warnings();
    expect(second.map((e) => e['metadata']?.name)).toEqual(first.map((e) => e['metadata']?.name));
    expect(second.every((e) => e['count'] === 2)).toBe(true);
  });
});
