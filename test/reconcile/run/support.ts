// What the reconcile-run tests share: a real HTTP chart repository serving charts packaged from
// directories, and HelmRelease / source objects as Flux users write them.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../src/cluster/types.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { packageChartDir } from '../../../src/sources/chart-archive.js';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';

export const HR_API = 'helm.toolkit.fluxcd.io/v2';

/** A chart repository serving each chart directory as `<name>-<version>.tgz` in one index. */
export async function chartRepoWith(chartDirs: { dir: string; name: string; version: string }[]): Promise<ChartRepoServer> {
  const repo = await startChartRepo();
  let index = 'apiVersion: v1\nentries:\n';
  for (const c of chartDirs) {
    const { archive } = await packageChartDir(c.dir);
    const file = `${c.name}-${c.version}.tgz`;
    repo.files.set(`/${file}`, archive);
    const digest = createHash('sha256').update(archive).digest('hex');
    index += `  ${c.name}:\n  - name: ${c.name}\n    version: ${c.version}\n    digest: ${digest}\n    urls:\n    - ${repo.url}/${file}\n`;
  }
  repo.files.set('/index.yaml', Buffer.from(index));
  return repo;
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function helmRepository(name: string, ns: string, url: string): KubeObject {
  return { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name, namespace: ns }, spec: { url, interval: '1m' } };
}

/** A HelmRelease of `chart` from the HelmRepository `charts` in its namespace. */
export function helmRelease(name: string, ns: string, chart: string, version: string, spec: Partial<NonNullable<HelmRelease['spec']>> = {}, generation = 1): HelmRelease {
  return {
    apiVersion: HR_API,
    kind: 'HelmRelease',
    metadata: { name, namespace: ns, generation },
    spec: { interval: '1m', chart: { spec: { chart, version, sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, ...spec } as NonNullable<HelmRelease['spec']>,
  };
}

export interface EventLike {
  type: string;
  reason: string;
  message: string;
  involvedObject: { name: string };
}
