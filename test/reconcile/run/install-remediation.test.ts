// Install remediation against the API test server (an image matching `:does-not-exist` never
// becomes ready): a failed install is uninstalled and retried until install.remediation.retries
// are used up, then the HelmRelease stalls with the release left failed for inspection.
import { describe, expect, it } from 'vitest';
import { ReleaseStorage } from '../../../src/helm/release/storage.js';
import { reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { defaultObjects, helmRelease, reconcileEnv } from './support.js';

describe('install remediation', () => {
  const env = reconcileEnv({
    server: { simulateWorkloads: true, readyAfterMs: 100, unpullableImage: /:does-not-exist$/ },
    objects: (url) => [...defaultObjects(url), helmRelease('grade', 'apps', 'grade-api', '1.0.0', { timeout: '1s', install: { remediation: { retries: 1 } }, values: { image: { tag: 'does-not-exist' } } })],
  });
  const { hr, condition, events } = env;

  /**
   * Reasons with how often each occurred (client-go counts a repeated event on one Event). Each
   * failure event ends with its own time-stamped Helm log, so failures are separate Events.
   */
  const reasons = () => events().map((e) => `${e.reason} x${e.count ?? 1}`);

  it('uninstalls the failed install, retries once, then stalls with the last failure kept', async () => {
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' });
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'stalled' } });
    expect(reasons()).toEqual(['InstallFailed x1', 'UninstallSucceeded x1', 'InstallFailed x1']);
    expect(hr().status).toMatchObject({ installFailures: 2, failures: 2, observedGeneration: 1 });
    expect(condition('Stalled')).toMatchObject({ status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 2 attempt(s)' });
    expect(condition('Ready')).toMatchObject({ status: 'False', reason: 'InstallFailed' });
    expect(condition('Reconciling')).toBeUndefined();
    // Install remediation uninstalled the first release without history; the second is kept failed.
    expect((await new ReleaseStorage(env.cluster, 'apps').history('grade')).map((r) => `${r.version}:${r.info.status}`)).toEqual(['1:failed']);
    expect(hr().status?.history?.map((h) => `${h.version}:${h.status}`)).toEqual(['1:failed']);
  });

  it('ends each failure event with the last Helm logs of the install, as helm-controller does', () => {
    const failed = events().find((e) => e.reason === 'InstallFailed')!;
    const [message, logs] = failed.message.split('\n\nLast Helm logs:\n\n');
    expect(message).toBe(condition('Released')?.message);
    const lines = logs!.split('\n');
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z: /);
    const text = lines.map((l) => l.replace(/^\S+: /, ''));
    expect(text.slice(0, 6)).toEqual([
      'creating resource(s): {"resources":3}',
      'using server-side apply for resource creation: {"dryRun":false,"fieldValidationDirective":"Strict","forceConflicts":false}',
      'Created resource via patch: {"gvk":{"Group":"","Version":"v1","Kind":"ConfigMap"},"name":"grade-grade-api","namespace":"apps"}',
      'Created resource via patch: {"gvk":{"Group":"","Version":"v1","Kind":"Service"},"name":"grade-grade-api","namespace":"apps"}',
      'Created resource via patch: {"gvk":{"Group":"apps","Version":"v1","Kind":"Deployment"},"name":"grade-grade-api","namespace":"apps"}',
      'waiting for resources: {"count":3,"timeout":1000000000}',
    ]);
    expect(text[text.length - 1]).toMatch(/^waiting for resource: \{"actualStatus":"InProgress","expectedStatus":"Current","kind":"Deployment","name":"grade-grade-api","namespace":"apps"\}( \(\d+ duplicate lines? omitted\))?$/);
  });

  it('stays stalled without a change', async () => {
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'grade' });
    expect(result).toMatchObject({ kind: 'loop', outcome: { kind: 'stalled' } });
    expect(reasons()).toEqual(['InstallFailed x1', 'UninstallSucceeded x1', 'InstallFailed x1']);
  });
});
