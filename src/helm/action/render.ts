// The inputs an install/upgrade needs from the caller: the chart as stored, the user-supplied
// values, and a render function called before anything is written, so a rendering or values
// failure applies nothing and leaves no record.
import type { RenderedRelease } from '../engine/index.js';
import type { Hook } from '../manifest/index.js';
import type { ReleaseChart, ReleaseHook } from '../release/types.js';

export interface RenderContext {
  revision: number;
  isInstall: boolean;
  isUpgrade: boolean;
}

export interface ReleaseSource {
  /** Read after render() returns, so a source may load the chart lazily inside render. */
  chart: ReleaseChart;
  /** User-supplied values (what `helm get values` prints). */
  config: Record<string, unknown>;
  render: (ctx: RenderContext) => RenderedRelease | Promise<RenderedRelease>;
}

export function releaseHookOf(h: Hook): ReleaseHook {
  return {
    name: h.name,
    kind: h.kind,
    path: h.path,
    manifest: h.manifest,
    events: h.events,
    last_run: { phase: '' },
    weight: h.weight,
    delete_policies: h.deletePolicies as ReleaseHook['delete_policies'],
    output_log_policies: h.outputLogPolicies as ReleaseHook['output_log_policies'],
  };
}
