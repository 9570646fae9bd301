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

const TPL_CALL = /\btpl\b/;

function templatesMatch(chart: Chart, re: RegExp): boolean {
  if (chart.templates.some((t) => re.test(decoder.decode(t.data)))) return true;
  return chart.dependencies().some((c) => templatesMatch(c, re));
}

function valuesMatch(chart: Chart, re: RegExp): boolean {
  if (re.test(JSON.stringify(chart.values))) return true;
  return chart.dependencies().some((c) => valuesMatch(c, re));
}

/**
 * Whether rendering may call `lookup` (no worker otherwise): a template of the chart or its
 * subcharts mentions it, or one uses `tpl` and the chart's or the user's values mention it.
 */
export function chartMayLookup(chart: Chart, values: unknown = {}): boolean {
  if (templatesMatch(chart, LOOKUP_CALL)) return true;
  return templatesMatch(chart, TPL_CALL) && (LOOKUP_CALL.test(JSON.stringify(values)) || valuesMatch(chart, LOOKUP_CALL));
}
