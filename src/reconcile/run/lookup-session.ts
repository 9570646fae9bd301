// Live `lookup` for rendering on the reconcile path: Helm's install and upgrade render against
// the cluster, so templates see its objects. Template execution is synchronous; the bridge's
// worker thread owns a cluster client and answers while rendering blocks.
import type { Chart } from '../../helm/chart/index.js';
import { SyncLookupBridge, type SyncLookup, type SyncLookupBridgeOptions } from '../../helm/funcs/helm/lookup.js';

export interface LookupSession {
  lookup: SyncLookup;
  close(): Promise<void>;
}

/** Opens one session for a reconcile; the run closes it when done. */
export type LookupProvider = () => Promise<LookupSession>;

/** A provider backed by the worker bridge (clusterOptions as for src/cluster/connect). */
export function bridgeLookupProvider(opts: SyncLookupBridgeOptions): LookupProvider {
  return async () => {
    const bridge = await SyncLookupBridge.start(opts);
    return { lookup: bridge.lookup, close: () => bridge.close() };
  };
}

const LOOKUP_CALL = /\blookup\b/;
const decoder = new TextDecoder();

/** Whether any template of the chart or its subcharts mentions `lookup` (no worker otherwise). */
export function chartMayLookup(chart: Chart): boolean {
  if (chart.templates.some((t) => LOOKUP_CALL.test(decoder.decode(t.data)))) return true;
  return chart.dependencies().some(chartMayLookup);
}
