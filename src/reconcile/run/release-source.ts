// What Helm's install/upgrade actions render: the loaded chart with the composed values, as
// helm-controller hands them over (release name and namespace from the HelmRelease).
import type { GoMap } from '../../gotemplate/value.js';
import type { ReleaseSource } from '../../helm/action/index.js';
import type { Chart } from '../../helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderResources, type Capabilities } from '../../helm/engine/index.js';
import { releaseChartOf } from '../../helm/release/chart-json.js';
import { processDependencies, toRenderValues } from '../../helm/values/index.js';

export interface SourceInput {
  /** Loads a fresh copy of the chart (rendering mutates dependency enablement). */
  loadChart: () => Promise<Chart>;
  values: GoMap;
  releaseName: string;
  releaseNamespace: string;
  capabilities?: Capabilities;
}

export async function releaseSource(input: SourceInput): Promise<ReleaseSource> {
  const first = await input.loadChart();
  const caps = input.capabilities ?? makeCapabilities();
  return {
    chart: releaseChartOf(first),
    config: structuredClone(input.values) as Record<string, unknown>,
    async render(ctx) {
      const chart = await input.loadChart();
      const vals = structuredClone(input.values) as GoMap;
      processDependencies(chart, vals);
      const top = toRenderValues(chart, vals, { name: input.releaseName, namespace: input.releaseNamespace, revision: ctx.revision, isInstall: ctx.isInstall, isUpgrade: ctx.isUpgrade }, caps);
      return renderResources(chart, { ...top, Capabilities: caps }, helmRenderOptions());
    },
  };
}
