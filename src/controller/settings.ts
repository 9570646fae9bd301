// The cross-namespace setting: `--no-cross-namespace-refs` when given, else the
// `allow-cross-namespace` key of the `flux-system` settings ConfigMap written by
// `flux-ts install`, followed live so re-running install with other flags takes effect
// without a restart. No ConfigMap and no flag: allowed (Flux's default).
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import { SETTINGS_CONFIGMAP } from '../install/options.js';
import type { JsonLogger } from './log.js';

const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };

export function allowFromConfigMap(cm: KubeObject | undefined): boolean | undefined {
  const v = (cm?.['data'] as Record<string, string> | undefined)?.['allow-cross-namespace'];
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export class CrossNamespaceSetting {
  private fromConfigMap: boolean | undefined;

  /** Called after the ConfigMap changed the effective setting. */
  onChange: () => void = () => {};

  constructor(private readonly flag: boolean | undefined) {}

  /** true when HelmReleases may reference sources in other namespaces. */
  allowed(): boolean {
    if (this.flag !== undefined) return !this.flag;
    return this.fromConfigMap ?? true;
  }

  /** Follows the settings ConfigMap until the signal aborts (no-op when the flag decides). */
  async follow(cluster: Cluster, namespace: string, signal: AbortSignal, log: JsonLogger): Promise<void> {
    if (this.flag !== undefined) return;
    const fieldSelector = `metadata.name=${SETTINGS_CONFIGMAP}`;
    try {
      const list = await cluster.list(CONFIGMAPS, { namespace, fieldSelector });
      this.update(list.items[0], log);
      const rv = list.metadata.resourceVersion;
      // knownObjects: a 410 re-list then reports the ConfigMap as DELETED if it went meanwhile.
      for await (const ev of cluster.watch(CONFIGMAPS, { namespace, fieldSelector, signal, ...(rv ? { resourceVersion: rv, knownObjects: list.items } : {}) })) {
        this.update(ev.type === 'DELETED' ? undefined : ev.object, log);
      }
    } catch (err) {
      if (!signal.aborted) log.error('cannot follow the settings ConfigMap', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Reads it once (before the workers start, so the first reconciles see it). */
  async load(cluster: Cluster, namespace: string): Promise<void> {
    if (this.flag !== undefined) return;
    this.fromConfigMap = allowFromConfigMap(await cluster.tryGet(CONFIGMAPS, SETTINGS_CONFIGMAP, namespace));
  }

  private update(cm: KubeObject | undefined, log: JsonLogger): void {
    const next = allowFromConfigMap(cm);
    const before = this.allowed();
    this.fromConfigMap = next;
    if (this.allowed() !== before) {
      log.info('cross-namespace references setting changed', { allowCrossNamespace: this.allowed() });
      this.onChange();
    }
  }
}
