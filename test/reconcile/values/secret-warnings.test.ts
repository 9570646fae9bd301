// Helm's coalescing warnings quote values. When the values come from a Secret (valuesFrom), the
// warning sink masks them: real warnings from Helm's own coalescing code, produced from values
// composed from a Secret, never carry the Secret's data.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GoMap } from '../../../src/gotemplate/value.js';
import { loadChart } from '../../../src/helm/chart/index.js';
import { coalesceTables } from '../../../src/helm/values/coalesce.js';
import { processDependencies, toRenderValues } from '../../../src/helm/values/index.js';
import { maskingHelmLog, maskSensitiveMessage, slogLine } from '../../../src/helm/values/log.js';
import { composeValuesTrackingSecrets, readValues, secretMaskingHelmLog, sensitiveValues } from '../../../src/reconcile/values/index.js';
import { fakeSource } from './fake-source.js';

const CHART = fileURLToPath(new URL('./fixtures/secret-warnings', import.meta.url));

/** Values composed from a ConfigMap and a Secret, as helm-controller composes valuesFrom. */
async function composed(secretYaml: string, configYaml = 'db:\n  port: 5432\n') {
  const { source } = fakeSource([
    { kind: 'ConfigMap', name: 'settings', namespace: 'apps', data: { 'values.yaml': configYaml } },
    { kind: 'Secret', name: 'credentials', namespace: 'apps', data: { 'values.yaml': secretYaml, pw: 'pw1' } },
  ]);
  return composeValuesTrackingSecrets(source, 'apps', readValues('replicaCount: 2\n'), [
    { kind: 'ConfigMap', name: 'settings' },
    { kind: 'Secret', name: 'credentials' },
    { kind: 'Secret', name: 'credentials', valuesKey: 'pw', targetPath: 'short.pw' },
  ]);
}

describe('Helm warnings on values from Secrets', () => {
  it('a Secret-sourced value that Helm quotes in a warning is masked, the rest of the line kept', async () => {
    const values = await composed('db:\n  auth: s3cr3t-connection-string\n');
    const lines: string[] = [];
    const log = secretMaskingHelmLog((l) => lines.push(l), values);
    // Helm's own coalescing: the chart's table db.auth meets the Secret's string.
    const chart = await loadChart(CHART);
    const vals = structuredClone(values.values) as GoMap;
    processDependencies(chart, vals, { log });
    toRenderValues(chart, vals, { name: 'app', namespace: 'apps', revision: 1, isInstall: true, isUpgrade: false }, {}, { log });
    // And the other direction, where the Secret's data is the source Helm prints.
    coalesceTables({ db: 'plain' } as GoMap, structuredClone(values.values) as GoMap, { log });
    coalesceTables({ db: { auth: { mode: 'x' } } } as GoMap, structuredClone(values.values) as GoMap, { log });
    expect(lines).toEqual([
      // The chart's default at a Secret-sourced key is masked too (processDependencies and
      // toRenderValues both coalesce, so Helm warns twice).
      'level=INFO msg="warning: cannot overwrite table with non table for app.db.auth (***)"',
      'level=INFO msg="warning: cannot overwrite table with non table for app.db.auth (***)"',
      'level=INFO msg="warning: cannot overwrite table with non table for db (***)"',
      'level=INFO msg="warning: destination for db.auth is a table. Ignoring non-table value (***)"',
    ]);
    expect(lines.join('\n')).not.toContain('s3cr3t');
    // Unmasked, Helm would have printed the Secret's data.
    const raw: string[] = [];
    coalesceTables({ db: 'plain' } as GoMap, structuredClone(values.values) as GoMap, { log: (l) => raw.push(l) });
    expect(raw).toEqual(['level=INFO msg="warning: cannot overwrite table with non table for db (map[auth:s3cr3t-connection-string port:5432])"']);
  });

  it('hides short Secret values where a value is quoted, long ones anywhere in the line', async () => {
    const values = await composed('token: abcdefgh\n');
    const s = sensitiveValues(values);
    expect([...s.leaves].sort()).toEqual(['abcdefgh', 'pw1']);
    expect(s.paths).toEqual(expect.arrayContaining([['token'], ['short', 'pw']]));
    // Found by the key even when the value does not show it (a table holding it).
    expect(maskSensitiveMessage('warning: cannot overwrite table with non table for app.short (map[pw:pw1])', s)).toBe('warning: cannot overwrite table with non table for app.short (***)');
    expect(maskSensitiveMessage('warning: destination for other is a table. Ignoring non-table value (pw1)', s)).toBe('warning: destination for other is a table. Ignoring non-table value (***)');
    // A 3-character secret is not hunted through free text (it would garble every line)...
    expect(maskSensitiveMessage('warning: skipped value for pw1x: Not a table.', s)).toBe('warning: skipped value for pw1x: Not a table.');
    // ...a longer one is, in the message and in slog-quoted attributes.
    const out: string[] = [];
    maskingHelmLog((l) => out.push(l), s)(slogLine('WARN', 'ImportValues missing table', [['error', 'no table at "abcdefgh"']]));
    expect(out).toEqual(['level=WARN msg="ImportValues missing table" error="no table at \\"***\\""']);
  });

  it('passes lines through untouched when no value came from a Secret', async () => {
    const sink = (l: string) => l;
    const { source } = fakeSource([{ kind: 'ConfigMap', name: 'c', namespace: 'apps', data: { 'values.yaml': 'a: 1\n' } }]);
    const values = await composeValuesTrackingSecrets(source, 'apps', undefined, [{ kind: 'ConfigMap', name: 'c' }]);
    expect(secretMaskingHelmLog(sink, values)).toBe(sink);
  });
});
