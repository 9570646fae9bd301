// What Helm's install/upgrade actions render: the loaded chart with the composed values, as
// helm-controller hands them over (release name and namespace from the HelmRelease, its
// post-renderers applied). One implementation with Helm's own: chartSource.
import type { GoMap } from '../../gotemplate/value.js';
import { chartSource, type ReleaseSource } from '../../helm/action/index.js';
import type { Chart } from '../../helm/chart/index.js';
import { helmRenderOptions, type Capabilities } from '../../helm/engine/index.js';
import type { SyncLookup } from '../../helm/funcs/helm/lookup.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { postRendererFor } from '../postrender/index.js';

export interface SourceInput {
  /** Loads the chart (once: each render works on a shallow copy, as Helm mutates it). */
  loadChart: () => Promise<Chart>;
  values: GoMap;
  releaseName: string;
  releaseNamespace: string;
  capabilities?: Capabilities;
  /** The live `lookup` for templates; without it `lookup` returns empty maps. */
  lookup?: SyncLookup;
  /** The HelmRelease whose post-renderers (origin labels, commonMetadata, postRenderers) apply. */
  helmRelease?: HelmRelease;
}

export async function releaseSource(input: SourceInput): Promise<ReleaseSource> {
  const chart = await input.loadChart();
  return chartSource(chart, structuredClone(input.values) as Record<string, unknown>, {
    name: input.releaseName,
    namespace: input.releaseNamespace,
    ...(input.capabilities ? { capabilities: input.capabilities } : {}),
    renderOptions: helmRenderOptions(input.lookup ? { lookup: input.lookup } : {}),
    ...(input.helmRelease ? { postRender: postRendererFor(input.helmRelease) } : {}),
  });
}
