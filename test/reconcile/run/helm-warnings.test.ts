// Helm's values warnings on the reconcile path go to the run's log (helm-controller's logger),
// never quoting a value that came from a Secret.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reconcileHelmRelease } from '../../../src/reconcile/run/index.js';
import { defaultObjects, helmRelease, reconcileEnv } from './support.js';

const CHART = fileURLToPath(new URL('../local/build-warnings/chart', import.meta.url));
const SECRET = 's3cr3t-pa55word';

describe('Helm values warnings during a reconcile', () => {
  const env = reconcileEnv({
    charts: [{ dir: CHART, name: 'warned', version: '0.1.0' }],
    objects: (url) => [
      ...defaultObjects(url),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials', namespace: 'apps' }, data: { 'values.yaml': Buffer.from(`db:\n  auth: postgres://app:${SECRET}@db.local/app\n`).toString('base64') } },
      helmRelease('warned', 'apps', 'warned', '0.1.0', { valuesFrom: [{ kind: 'Secret', name: 'db-credentials' }], values: { annotations: { team: 'platform' } } }),
    ],
  });

  it('are logged with the Secret-sourced value masked', async () => {
    const lines: string[] = [];
    const result = await reconcileHelmRelease({ cluster: env.cluster, namespace: 'apps', name: 'warned', log: (l) => lines.push(l) });
    expect(result.kind).not.toBe('not-ready');
    const warnings = lines.filter((l) => l.includes('warning:'));
    expect(warnings).toContain('level=INFO msg="warning: cannot overwrite table with non table for warned.db.auth (***)"');
    expect(warnings).toContain('level=INFO msg="warning: skipped value for warned.annotations: Not a table."');
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
