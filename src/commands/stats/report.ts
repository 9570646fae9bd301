// `flux-ts stats`: flux's report of Flux objects per kind (cmd/flux/stats.go): how many run,
// fail (Ready=False) and are suspended, and the artifact storage they hold. A kind the cluster
// does not serve counts as zero, as in flux.
import type { Cluster, KubeObject } from '../../cluster/types.js';
import { formatFloat } from '../../gotemplate/floatfmt.js';
import { field } from '../../kinds/accessors.js';

/** flux's order and API versions (v2.9). */
export const STATS_KINDS: readonly (readonly [kind: string, apiVersion: string])[] = [
  ['GitRepository', 'source.toolkit.fluxcd.io/v1'],
  ['OCIRepository', 'source.toolkit.fluxcd.io/v1'],
  ['HelmRepository', 'source.toolkit.fluxcd.io/v1'],
  ['HelmChart', 'source.toolkit.fluxcd.io/v1'],
  ['Bucket', 'source.toolkit.fluxcd.io/v1'],
  ['Kustomization', 'kustomize.toolkit.fluxcd.io/v1'],
  ['HelmRelease', 'helm.toolkit.fluxcd.io/v2'],
  ['Alert', 'notification.toolkit.fluxcd.io/v1beta3'],
  ['Provider', 'notification.toolkit.fluxcd.io/v1beta3'],
  ['Receiver', 'notification.toolkit.fluxcd.io/v1'],
  ['ImageUpdateAutomation', 'image.toolkit.fluxcd.io/v1'],
  ['ImagePolicy', 'image.toolkit.fluxcd.io/v1'],
  ['ImageRepository', 'image.toolkit.fluxcd.io/v1'],
];

export const STATS_HEADER = ['Reconcilers', 'Running', 'Failing', 'Suspended', 'Storage'];

/** flux's formatSize: `-`, `N B`, or `%.1f` KiB/MiB/… (Go rounding). */
export function formatSize(bytes: number): string {
  if (bytes === 0) return '-';
  const unit = 1024;
  if (bytes < unit) return `${bytes} B`;
  let div = unit;
  let exp = 0;
  for (let n = Math.floor(bytes / unit); n >= unit; n = Math.floor(n / unit)) {
    div *= unit;
    exp++;
  }
  return `${formatFloat(bytes / div, 'f', 1)} ${'KMGTPE'[exp]}iB`;
}

/** One row: kind, running (total − suspended), failing, suspended, storage. */
export function statsRow(kind: string, items: readonly KubeObject[]): string[] {
  let suspended = 0;
  let failing = 0;
  let size = 0;
  for (const item of items) {
    if (field(item, 'spec', 'suspend') === true) suspended++;
    const conditions = field(item, 'status', 'conditions');
    if (Array.isArray(conditions)) {
      for (const c of conditions) if (field(c, 'type') === 'Ready' && field(c, 'status') === 'False') failing++;
    }
    const artifactSize = field(item, 'status', 'artifact', 'size');
    if (typeof artifactSize === 'number' && Number.isInteger(artifactSize)) size += artifactSize;
  }
  return [kind, String(items.length - suspended), String(failing), String(suspended), formatSize(size)];
}

export async function statsRows(cluster: Cluster, namespace: string | undefined): Promise<string[][]> {
  const rows: string[][] = [];
  for (const [kind, apiVersion] of STATS_KINDS) {
    let items: KubeObject[] = [];
    try {
      const res = await cluster.resourceFor(apiVersion, kind);
      items = (await cluster.list(res, namespace ? { namespace } : {})).items;
    } catch {
      // flux counts a kind it cannot list (CRD not installed, forbidden) as empty.
    }
    rows.push(statsRow(kind, items));
  }
  return rows;
}
