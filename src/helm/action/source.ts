// A ReleaseSource from a loaded chart and user values: renders with Helm's pipeline (dependency
// processing, coalescing with schema validation, renderResources, an optional post-renderer) for
// the revision the action chooses, and records the chart as Helm stores it.
import type { GoMap } from '../../gotemplate/value.js';
import type { Chart } from '../chart/index.js';
import { type Capabilities, helmRenderOptions, makeCapabilities, renderResources, type RenderedRelease, type RenderOptions } from '../engine/index.js';
import { releaseChartOf, type ChartModTimes } from '../release/chart-json.js';
import { processDependencies, toRenderValues } from '../values/index.js';
import type { ReleaseSource } from './render.js';

/** Rewrites what the chart rendered (Helm's --post-renderer), before hooks and manifests are stored. */
export type PostRenderFn = (rendered: RenderedRelease) => RenderedRelease;

export interface ChartSourceOptions {
  name: string;
  namespace: string;
  /** Default: the built-in capabilities; pass the cluster's for `.Capabilities` fidelity. */
  capabilities?: Capabilities;
  /** Default: helmRenderOptions() without a cluster (`lookup` returns empty). */
  renderOptions?: RenderOptions;
  /** Chart and file times to record (see modTimesOfDir). */
  modTimes?: ChartModTimes;
  skipSchemaValidation?: boolean;
  postRender?: PostRenderFn;
  log?: (line: string) => void;
}

export function chartSource(chart: Chart, values: Record<string, unknown>, opts: ChartSourceOptions): ReleaseSource {
  return {
    chart: releaseChartOf(chart, opts.modTimes),
    config: values,
    render(ctx) {
      // Dependency processing mutates the chart and values: render from fresh copies each time.
      const vals = structuredClone(values) as GoMap;
      const c = chart.shallowCopy();
      processDependencies(c, vals, opts.log ? { log: opts.log } : {});
      const caps = opts.capabilities ?? makeCapabilities();
      const top = toRenderValues(c, vals, { name: opts.name, namespace: opts.namespace, revision: ctx.revision, isInstall: ctx.isInstall, isUpgrade: ctx.isUpgrade }, caps, {
        ...(opts.log ? { log: opts.log } : {}),
        ...(opts.skipSchemaValidation ? { skipSchemaValidation: true } : {}),
      });
      const rendered = renderResources(c, { ...top, Capabilities: caps }, opts.renderOptions ?? helmRenderOptions());
      return opts.postRender ? opts.postRender(rendered) : rendered;
    },
  };
}
