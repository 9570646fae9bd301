// What Helm's install/upgrade actions render: the loaded chart with the composed values, as
// helm-controller hands them over (release name and namespace from the HelmRelease, its
// post-renderers applied). One implementation with Helm's own: chartSource. Helm's values
// warnings reach the run's logger only through a sink that masks Secret-sourced values; as in
// helm-controller they are log lines, not events.
import type { GoMap } from '../../gotemplate/value.js';
import { chartSource, type ReleaseSource } from '../../helm/action/index.js';
import type { Chart } from '../../helm/chart/index.js';
import { helmRenderOptions, type Capabilities } from '../../helm/engine/index.js';
import type { SyncLookup } from '../../helm/funcs/helm/lookup.js';
import type { HelmLog } from '../../helm/values/index.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { postRendererFor } from '../postrender/index.js';
import { secretMaskingHelmLog, type ValuesPath } from '../values/index.js';

/** Where Helm's warnings go, with the values' Secret-sourced paths (composeValuesTrackingSecrets) to mask. */
export interface HelmWarnings {
  sink: HelmLog;
  secretPaths: readonly ValuesPath[];
}

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
  /** Helm's values warnings; without it they are dropped. */
  warnings?: HelmWarnings;
}

export async function releaseSource(input: SourceInput): Promise<ReleaseSource> {
  const chart = await input.loadChart();
  const log = input.warnings ? secretMaskingHelmLog(input.warnings.sink, { values: input.values, secretPaths: [...input.warnings.secretPaths] }) : undefined;
  return chartSource(chart, structuredClone(input.values) as Record<string, unknown>, {
    name: input.releaseName,
    namespace: input.releaseNamespace,
    ...(input.capabilities ? { capabilities: input.capabilities } : {}),
    renderOptions: helmRenderOptions(input.lookup ? { lookup: input.lookup } : {}),
    ...(input.helmRelease ? { postRender: postRendererFor(input.helmRelease) } : {}),
    ...(log ? { log } : {}),
  });
}
