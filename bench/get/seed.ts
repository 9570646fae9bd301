// Realistic HelmReleases for the get benchmark: spec as users write it, status as
// helm-controller leaves it after a few upgrades (conditions, history snapshots, inventory).
import { createHash } from 'node:crypto';
import type { HelmRelease } from '../../src/kinds/api-types.js';

const digest = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

export function helmRelease(namespace: string, name: string, i: number): HelmRelease {
  const version = `6.${i % 10}.${i % 7}`;
  const ready = i % 17 !== 0;
  const time = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m % 60, i % 60)).toISOString().replace('.000', '');
  const snapshot = (rev: number, status: string) => ({
    apiVersion: 'v2',
    name,
    namespace,
    version: rev,
    status,
    action: rev === 1 ? ('install' as const) : ('upgrade' as const),
    chartName: 'podinfo',
    chartVersion: rev === 3 ? version : `6.0.${rev}`,
    appVersion: rev === 3 ? version : `6.0.${rev}`,
    configDigest: digest(`${name}-config-${rev}`),
    digest: digest(`${name}-${rev}`),
    firstDeployed: time(1),
    lastDeployed: time(rev * 10),
  });
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: {
      name,
      namespace,
      generation: 3,
      labels: { 'app.kubernetes.io/name': name, 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' },
      annotations: { 'reconcile.fluxcd.io/requestedAt': time(5) },
      finalizers: ['finalizers.fluxcd.io'],
    },
    spec: {
      interval: '10m',
      releaseName: name,
      chart: { spec: { chart: 'podinfo', version: '>=6.0.0', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' }, interval: '1h', reconcileStrategy: 'ChartVersion' } },
      install: { remediation: { retries: 3 } },
      upgrade: { remediation: { retries: 3, remediateLastFailure: true }, cleanupOnFail: true },
      values: { replicaCount: 2, resources: { requests: { cpu: '100m', memory: '64Mi' } }, ingress: { enabled: true, hosts: [{ host: `${name}.example.com` }] } },
    },
    status: {
      observedGeneration: 3,
      lastAttemptedGeneration: 3,
      lastAttemptedRevision: version,
      lastAttemptedConfigDigest: digest(`${name}-config-3`),
      lastAttemptedReleaseAction: 'upgrade',
      lastHandledReconcileAt: time(5),
      helmChart: `flux-system/${namespace}-${name}`,
      storageNamespace: namespace,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          observedGeneration: 3,
          lastTransitionTime: time(30),
          reason: ready ? 'UpgradeSucceeded' : 'UpgradeFailed',
          message: ready
            ? `Helm upgrade succeeded for release ${namespace}/${name}.v3 with chart podinfo@${version}`
            : `Helm upgrade failed for release ${namespace}/${name} with chart podinfo@${version}: context deadline exceeded`,
        },
        { type: 'Released', status: ready ? 'True' : 'False', observedGeneration: 3, lastTransitionTime: time(30), reason: ready ? 'UpgradeSucceeded' : 'UpgradeFailed', message: `Helm upgrade succeeded for release ${namespace}/${name}.v3 with chart podinfo@${version}` },
      ],
      history: [snapshot(3, ready ? 'deployed' : 'failed'), snapshot(2, 'superseded'), snapshot(1, 'superseded')],
      inventory: {
        entries: [
          { id: `${namespace}_${name}_apps_Deployment`, v: 'v1' },
          { id: `${namespace}_${name}__Service`, v: 'v1' },
          { id: `${namespace}_${name}_networking.k8s.io_Ingress`, v: 'v1' },
        ],
      },
    },
  };
}

export function seedHelmReleases(count: number, namespaces: number): HelmRelease[] {
  const out: HelmRelease[] = [];
  for (let i = 0; i < count; i++) out.push(helmRelease(`team-${String(i % namespaces).padStart(3, '0')}`, `app-${String(i).padStart(5, '0')}`, i));
  return out;
}
