// Which ConfigMaps and Secrets the controller watches for valuesFrom/kubeConfig changes:
// helm-controller's `--watch-configs-label-selector` (fluxcd/pkg runtime/controller WatchOptions).
// By default only objects labelled `reconcile.fluxcd.io/watch: Enabled`; changes to others are
// picked up at the HelmRelease's next interval. An empty selector selects every object.
import { LabelSelectorError, parseLabelSelector, type LabelSelector } from '../cluster/label-selector.js';

/** fluxcd/pkg apis/meta LabelKeyWatch and LabelValueWatchEnabled. */
export const WATCH_LABEL = 'reconcile.fluxcd.io/watch';
export const WATCH_LABEL_ENABLED = 'Enabled';
export const DEFAULT_WATCH_CONFIGS_LABEL_SELECTOR = `${WATCH_LABEL}=${WATCH_LABEL_ENABLED}`;

export interface ConfigsSelector {
  /** What the ConfigMap/Secret list and watch requests carry; undefined: no selector (everything). */
  labelSelector: string | undefined;
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

/**
 * Parses the flag's value as labels.Parse does. A malformed selector throws with
 * helm-controller's startup error text (it exits 1 before starting the manager).
 */
export function parseConfigsSelector(text: string): ConfigsSelector {
  let selector: LabelSelector;
  try {
    selector = parseLabelSelector(text);
  } catch (err) {
    if (err instanceof LabelSelectorError) throw new Error(`unable to configure watch configs label selector for controller: ${err.message}`);
    throw err;
  }
  return {
    labelSelector: selector.requirements.length === 0 ? undefined : text,
    matches: (labels) => selector.matches(labels ?? {}),
  };
}
