import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/types.js';
import { findKind, helmChartKind, helmReleaseKind, helmRepositoryKind, gitRepositoryKind, kindOf, ociRepositoryKind, SOURCE_KINDS } from '../../src/kinds/registry.js';

const sha = '696f056df216eea4f9401adbee0ff744d4df390f';

function obj(apiVersion: string, kind: string, rest: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name: 'podinfo', namespace: 'apps' }, ...rest };
}

const ready = (message: string, status = 'True') => ({ conditions: [{ type: 'Ready', status, reason: 'Succeeded', message }] });

describe('HelmRelease accessors', () => {
  const hr = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
    obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', { spec: { interval: '5m', ...spec }, status });

  it('revision is the newest history snapshot chart version, never hex-truncated', () => {
    const o = hr({ history: [{ chartVersion: `6.3.5+${sha.slice(0, 12)}` }, { chartVersion: '6.3.4' }], lastAttemptedRevision: '9.9.9' });
    expect(helmReleaseKind.revision(o)).toBe('6.3.5+696f056df216');
  });

  it('revision falls back to lastAttemptedRevision, then empty', () => {
    expect(helmReleaseKind.revision(hr({ lastAttemptedRevision: '1.0.0' }))).toBe('1.0.0');
    expect(helmReleaseKind.revision(hr({ history: [] , lastAttemptedRevision: '1.0.0' }))).toBe('1.0.0');
    expect(helmReleaseKind.revision(hr({}))).toBe('');
  });

  it('message is printed as stored (no hex truncation)', () => {
    const msg = `Helm upgrade succeeded for release apps/podinfo.v2 with chart podinfo@6.3.5+${sha}`;
    expect(helmReleaseKind.readiness(hr(ready(msg)))).toEqual({ status: 'True', message: msg });
  });

  it('without a Ready condition reads False / waiting to be reconciled', () => {
    expect(helmReleaseKind.readiness(hr({ conditions: [{ type: 'Reconciling', status: 'True' }] }))).toEqual({ status: 'False', message: 'waiting to be reconciled' });
    expect(helmReleaseKind.readiness(obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease'))).toEqual({ status: 'False', message: 'waiting to be reconciled' });
  });

  it('source reference: chartRef first, else chart.spec.sourceRef; namespace defaults to the HR', () => {
    expect(helmReleaseKind.sourceRef?.(hr({}, { chartRef: { kind: 'OCIRepository', name: 'podinfo' } }))).toEqual({ kind: 'OCIRepository', name: 'podinfo', namespace: 'apps' });
    const tmpl = hr({}, { chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'repo', namespace: 'flux-system' } } } });
    expect(helmReleaseKind.sourceRef?.(tmpl)).toEqual({ kind: 'HelmRepository', name: 'repo', namespace: 'flux-system' });
    const source = helmReleaseKind.columns.find((c) => c.header === 'Source');
    expect(source?.cell(tmpl)).toBe('HelmRepository/flux-system/repo');
  });

  it('suspend and lastHandledReconcileAt', () => {
    const o = hr({ lastHandledReconcileAt: '2026-01-01T00:00:00Z' }, { suspend: true });
    expect(helmReleaseKind.suspended(o)).toBe(true);
    expect(helmReleaseKind.suspended(hr({}))).toBe(false);
    expect(helmReleaseKind.lastHandledReconcileAt(o)).toBe('2026-01-01T00:00:00Z');
  });

  it('survives malformed status fields', () => {
    const o = hr({ conditions: 'nope', history: [null] });
    expect(helmReleaseKind.readiness(o).status).toBe('False');
    expect(helmReleaseKind.revision(o)).toBe('');
  });
});

describe('source accessors', () => {
  it('git, oci and helm revisions are hex-truncated; chart revisions are not', () => {
    const artifact = (revision: string) => ({ artifact: { revision } });
    expect(gitRepositoryKind.revision(obj('source.toolkit.fluxcd.io/v1', 'GitRepository', { status: artifact(`main@sha1:${sha}`) }))).toBe('main@sha1:696f056d');
    const ociRev = `6.3.5@sha256:c2448c95e262b10f9c1137bf1472f51c04dffca76966ff15eff409d0b300c0b0`;
    expect(ociRepositoryKind.revision(obj('source.toolkit.fluxcd.io/v1beta2', 'OCIRepository', { status: artifact(ociRev) }))).toBe('6.3.5@sha256:c2448c95');
    expect(helmRepositoryKind.revision(obj('source.toolkit.fluxcd.io/v1', 'HelmRepository', { status: artifact(`sha256:${'a'.repeat(64)}`) }))).toBe('sha256:aaaaaaaa');
    expect(helmChartKind.revision(obj('source.toolkit.fluxcd.io/v1', 'HelmChart', { status: artifact(`6.3.5+${'b'.repeat(40)}`) }))).toBe(`6.3.5+${'b'.repeat(40)}`);
  });

  it('source messages are hex-truncated, chart included', () => {
    const o = obj('source.toolkit.fluxcd.io/v1', 'HelmChart', { status: ready(`packaged 'podinfo' chart with version '6.3.5+${sha}'`) });
    expect(helmChartKind.readiness(o).message).toBe("packaged 'podinfo' chart with version '6.3.5+696f056d'");
  });

  it('an OCI HelmRepository is always shown Ready', () => {
    const o = obj('source.toolkit.fluxcd.io/v1', 'HelmRepository', { spec: { type: 'oci', url: 'oci://ghcr.io/x' }, status: ready('failed', 'False') });
    expect(helmRepositoryKind.readiness(o)).toEqual({ status: 'True', message: 'Helm repository is Ready' });
    expect(helmRepositoryKind.revision(o)).toBe('');
    expect(helmRepositoryKind.isStatic?.(o)).toBe(true);
  });
});

describe('kind registry', () => {
  it('finds kinds by the names users type', () => {
    for (const name of ['hr', 'helmrelease', 'helmreleases', 'HelmRelease', 'helmreleases.helm.toolkit.fluxcd.io']) expect(findKind(name)).toBe(helmReleaseKind);
    expect(findKind('gitrepositories')).toBe(gitRepositoryKind);
    expect(findKind('nope')).toBeUndefined();
  });

  it('maps source words and human kinds', () => {
    expect(SOURCE_KINDS.git.humanKind).toBe('source git');
    expect(SOURCE_KINDS.oci.kind).toBe('OCIRepository');
    expect(SOURCE_KINDS.chart.humanKind).toBe('source chart');
    expect(helmReleaseKind.humanKind).toBe('helmrelease');
  });

  it('reads objects served under older versions with the same accessors', () => {
    expect(kindOf(obj('helm.toolkit.fluxcd.io/v2beta1', 'HelmRelease'))).toBe(helmReleaseKind);
    expect(kindOf(obj('source.toolkit.fluxcd.io/v1beta2', 'GitRepository'))).toBe(gitRepositoryKind);
    expect(kindOf(obj('source.toolkit.fluxcd.io/v1', 'OCIRepository'))).toBe(ociRepositoryKind);
    expect(kindOf(obj('apps/v1', 'Deployment'))).toBeUndefined();
    expect(kindOf(obj('source.toolkit.fluxcd.io/v1beta2', 'OCIRepository'))).toBe(ociRepositoryKind);
    expect(kindOf(obj('source.toolkit.fluxcd.io/v1beta1', 'OCIRepository'))).toBe(ociRepositoryKind);
  });

  it('writes and lists OCIRepository at v1 (GA since Flux 2.6), reading the betas as fallbacks', () => {
    expect(ociRepositoryKind.resource).toEqual({ group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'ocirepositories', kind: 'OCIRepository', namespaced: true });
    expect(ociRepositoryKind.readVersions).toEqual(['v1', 'v1beta2', 'v1beta1']);
  });
});
