// Helm's values warnings on the reconcile path go to the run's log (helm-controller's logger),
// never quoting a value that came from a Secret.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import { reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import type { ChartRepoServer } from '../../support/servers/chart-repo.js';
import { chartRepoWith, helmRelease, helmRepository, namespace } from './support.js';

const CHART = fileURLToPath(new URL('../local/build-warnings/chart', import.meta.url));
const SECRET = 's3cr3t-pa55word';

describe('Helm values warnings during a reconcile', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  let repo: ChartRepoServer;

  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds() });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
    repo = await chartRepoWith([{ dir: CHART, name: 'warned', version: '0.1.0' }]);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials', namespace: 'apps' }, data: { 'values.yaml': Buffer.from(`db:\n  auth: postgres://app:${SECRET}@db.local/app\n`).toString('base64') } };
    const hr = helmRelease('warned', 'apps', 'warned', '0.1.0', { valuesFrom: [{ kind: 'Secret', name: 'db-credentials' }], values: { annotations: { team: 'platform' } } });
    for (const o of [namespace('apps'), helmRepository('charts', 'apps', repo.url), secret, hr]) server.store.put(o as never);
  });
  afterAll(async () => {
    cluster.close?.();
    await repo.stop();
    await server.close();
  });

  it('are logged with the Secret-sourced value masked', async () => {
    const lines: string[] = [];
    const result = await reconcileHelmRelease({ cluster, namespace: 'apps', name: 'warned', log: (l) => lines.push(l) });
    expect(result.kind).not.toBe('not-ready');
    const warnings = lines.filter((l) => l.includes('warning:'));
    expect(warnings).toContain('level=INFO msg="warning: cannot overwrite table with non table for warned.db.auth (***)"');
    expect(warnings).toContain('level=INFO msg="warning: skipped value for warned.annotations: Not a table."');
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
