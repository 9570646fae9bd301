// Small pieces of the controller: Lease times, watch triggers, metrics text,
// listen addresses, JSON logs, the settings ConfigMap.
import { describe, expect, it } from 'vitest';
import { microTime } from '../../src/cluster/micro-time.js';
import { parseAddr } from '../../src/controller/http.js';
import { createJsonLogger } from '../../src/controller/log.js';
import { ControllerMetrics } from '../../src/controller/metrics.js';
import { allowFromConfigMap, CrossNamespaceSetting } from '../../src/controller/settings.js';
import { configKeysOf, hrFingerprint, RefIndex, sourceChangeWakes, sourceFingerprint, sourceKeysOf } from '../../src/controller/triggers.js';
import type { HelmRelease } from '../../src/kinds/api-types.js';

const hr = (spec: HelmRelease['spec'], meta: Partial<HelmRelease['metadata']> = {}): HelmRelease => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'web', namespace: 'apps', generation: 1, ...meta },
  spec,
});

describe('microTime', () => {
  it("is metav1.MicroTime's RFC 3339 with six fractional digits, in UTC", () => {
    expect(microTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05.678000Z');
    expect(microTime(Date.UTC(2026, 10, 24, 23, 59, 59, 0))).toBe('2026-11-24T23:59:59.000000Z');
  });
});

describe('triggers', () => {
  it('a status-only change keeps the fingerprint; annotations and generation change it', () => {
    const base = hr({ interval: '5m' });
    const withStatus = { ...base, status: { observedGeneration: 1 } };
    expect(hrFingerprint(withStatus)).toBe(hrFingerprint(base));
    expect(hrFingerprint(hr({ interval: '5m' }, { generation: 2 }))).not.toBe(hrFingerprint(base));
    expect(hrFingerprint(hr({ interval: '5m' }, { annotations: { 'reconcile.fluxcd.io/requestedAt': 'x' } }))).not.toBe(hrFingerprint(base));
    expect(hrFingerprint(hr({ interval: '5m' }, { annotations: { 'reconcile.fluxcd.io/forceAt': 'x' } }))).not.toBe(hrFingerprint(base));
  });
  it('indexes sources and referenced ConfigMaps/Secrets (valuesFrom, kubeConfig) back to their HelmReleases', () => {
    const h = hr({ interval: '5m', chart: { spec: { chart: 'c', sourceRef: { kind: 'HelmRepository', name: 'repo', namespace: 'flux-system' } } }, valuesFrom: [{ kind: 'Secret', name: 'vals' }] });
    expect(sourceKeysOf(h)).toEqual(['HelmRepository/flux-system/repo', 'HelmChart/flux-system/apps-web']);
    expect(configKeysOf(h)).toEqual(['Secret/apps/vals']);
    const remote = hr({ interval: '5m', kubeConfig: { secretRef: { name: 'kc' }, configMapRef: { name: 'wi' } }, valuesFrom: [{ kind: 'ConfigMap', name: 'v' }] });
    expect(configKeysOf(remote)).toEqual(['Secret/apps/kc', 'ConfigMap/apps/wi', 'ConfigMap/apps/v']);
    const idx = new RefIndex();
    idx.set('apps/web', sourceKeysOf(h));
    idx.set('apps/api', ['HelmRepository/flux-system/repo']);
    expect(idx.users('HelmRepository/flux-system/repo').sort()).toEqual(['apps/api', 'apps/web']);
    idx.remove('apps/web');
    expect(idx.users('HelmRepository/flux-system/repo')).toEqual(['apps/api']);
    expect(idx.users('HelmChart/flux-system/apps-web')).toEqual([]);
  });
  it('with the HelmChart reconciled by the controller, a chart template depends on the HelmChart only', () => {
    const h = hr({ interval: '5m', chart: { spec: { chart: 'c', sourceRef: { kind: 'HelmRepository', name: 'repo', namespace: 'flux-system' } } } });
    expect(sourceKeysOf(h, true)).toEqual(['HelmChart/flux-system/apps-web']);
  });
  it('a source wakes its HelmReleases on a new artifact or on becoming Ready, not on leaving Ready', () => {
    const src = (revision: string, ready: string) => ({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmChart', metadata: { name: 'c' }, status: { artifact: { revision, digest: `d-${revision}` }, conditions: [{ type: 'Ready', status: ready }] } });
    const ready = sourceFingerprint(src('1.0.0', 'True'));
    const progressing = sourceFingerprint(src('1.0.0', 'Unknown'));
    const failed = sourceFingerprint(src('1.0.0', 'False'));
    expect(sourceChangeWakes(ready, progressing)).toBe(false);
    expect(sourceChangeWakes(progressing, failed)).toBe(false);
    expect(sourceChangeWakes(failed, ready)).toBe(true);
    expect(sourceChangeWakes(progressing, sourceFingerprint(src('1.0.1', 'Unknown')))).toBe(true);
    expect(sourceChangeWakes(ready, 'deleted')).toBe(true);
  });
});

describe('ControllerMetrics', () => {
  it('renders counters and a cumulative histogram in the text format', () => {
    const m = new ControllerMetrics();
    m.observe('helmrelease', 'success', 0.02);
    m.observe('helmrelease', 'error', 2);
    m.gauge('workqueue_depth', () => 3);
    const text = m.render();
    expect(text).toContain('controller_runtime_reconcile_total{controller="helmrelease",result="error"} 1\n');
    expect(text).toContain('controller_runtime_reconcile_total{controller="helmrelease",result="success"} 1\n');
    expect(text).toContain('controller_runtime_reconcile_errors_total{controller="helmrelease"} 1\n');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket{controller="helmrelease",le="0.01"} 0\n');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket{controller="helmrelease",le="0.025"} 1\n');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket{controller="helmrelease",le="2"} 2\n');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket{controller="helmrelease",le="+Inf"} 2\n');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_count{controller="helmrelease"} 2\n');
    expect(text).toContain('# TYPE workqueue_depth gauge\nworkqueue_depth 3\n');
  });
});

describe('parseAddr', () => {
  it('reads Go listen addresses', () => {
    expect(parseAddr(':8080')).toEqual({ host: undefined, port: 8080 });
    expect(parseAddr('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseAddr('[::1]:9440')).toEqual({ host: '::1', port: 9440 });
    expect(() => parseAddr(':http')).toThrow('invalid listen address ":http": port must be 0-65535');
  });
});

describe('JSON logs', () => {
  it('writes one object per line with level, ts, msg and fields; filters by level', () => {
    const lines: string[] = [];
    const log = createJsonLogger((l) => lines.push(l), 'info', {}, () => new Date('2026-01-01T00:00:00Z')).with({ controller: 'helmrelease' });
    log.debug('hidden');
    log.info('reconciled', { name: 'web' });
    expect(lines).toEqual(['{"level":"info","ts":"2026-01-01T00:00:00.000Z","msg":"reconciled","controller":"helmrelease","name":"web"}\n']);
  });
});

describe('cross-namespace setting', () => {
  it('the flag wins; otherwise the ConfigMap; otherwise allowed', () => {
    const cm = (v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flux-system' }, data: { 'allow-cross-namespace': v } });
    expect(allowFromConfigMap(cm('false'))).toBe(false);
    expect(allowFromConfigMap(cm('true'))).toBe(true);
    expect(allowFromConfigMap(cm('maybe'))).toBeUndefined();
    expect(new CrossNamespaceSetting(true).allowed()).toBe(false);
    expect(new CrossNamespaceSetting(false).allowed()).toBe(true);
    expect(new CrossNamespaceSetting(undefined).allowed()).toBe(true);
  });
});
