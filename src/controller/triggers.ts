// Which watch events should wake a HelmRelease: its own spec changes (generation), the
// reconcile annotations, deletion; a referenced source's new artifact; a change to a
// ConfigMap/Secret it references (valuesFrom, kubeConfig) that the config watch selects.
// Status-only updates (our own writes) do not.
import type { KubeObject } from '../cluster/types.js';
import type { HelmRelease } from '../kinds/api-types.js';
import { FORCE_REQUEST_ANNOTATION, RECONCILE_REQUEST_ANNOTATION, RESET_REQUEST_ANNOTATION } from '../reconcile/decide/annotations.js';

export function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** What of a HelmRelease, when it changes, needs a reconcile. */
export function hrFingerprint(hr: HelmRelease): string {
  const a = hr.metadata.annotations ?? {};
  return JSON.stringify([hr.metadata.generation ?? 0, a[RECONCILE_REQUEST_ANNOTATION] ?? '', a[FORCE_REQUEST_ANNOTATION] ?? '', a[RESET_REQUEST_ANNOTATION] ?? '', hr.metadata.deletionTimestamp ?? '', hr.metadata.finalizers ?? []]);
}

/** A source is interesting when its artifact (revision/digest) changes or it becomes Ready. */
export function sourceFingerprint(obj: KubeObject): string {
  const status = (obj['status'] ?? {}) as { artifact?: { revision?: string; digest?: string }; conditions?: { type: string; status: string }[] };
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return JSON.stringify([status.artifact?.revision ?? '', status.artifact?.digest ?? '', ready]);
}

/**
 * Whether a source's change from fingerprint `before` to `after` should wake its HelmReleases:
 * a new artifact (helm-controller's SourceRevisionChangePredicate) or becoming Ready. A source
 * leaving Ready (a reconcile in progress, a failed fetch that keeps the last artifact) does not:
 * what the HelmReleases use is unchanged.
 */
export function sourceChangeWakes(before: string, after: string): boolean {
  if (before === after) return false;
  if (after === 'deleted' || before === 'deleted') return true;
  const [revB, digB] = JSON.parse(before) as [string, string, boolean];
  const [revA, digA, readyA] = JSON.parse(after) as [string, string, boolean];
  return revA !== revB || digA !== digB || readyA;
}

/**
 * A HelmRelease that is Ready for its generation with `revision` as its last attempted chart
 * version has nothing to gain from a HelmChart artifact of that revision (helm-controller's
 * requestsForHelmChartChange skips it too).
 */
export function alreadyAtRevision(hr: HelmRelease, revision: string): boolean {
  const status = hr.status;
  if (status === undefined || revision === '' || status.lastAttemptedRevision !== revision) return false;
  if (status.observedGeneration !== hr.metadata.generation) return false;
  return status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * `<Kind>/<ns>/<name>` of every source object the HelmRelease reads. With `chartsReconciled`
 * (the controller reconciles the templated HelmChart itself) a chart template depends on its
 * HelmChart only, as in helm-controller: a new index revision that leaves the chart as it was
 * wakes no HelmRelease.
 */
export function sourceKeysOf(hr: HelmRelease, chartsReconciled = false): string[] {
  const ns = hr.metadata.namespace ?? '';
  const keys: string[] = [];
  const chartRef = hr.spec?.chartRef;
  if (chartRef) keys.push(`${chartRef.kind}/${chartRef.namespace || ns}/${chartRef.name}`);
  const tmpl = hr.spec?.chart?.spec;
  if (tmpl) {
    const srcNs = tmpl.sourceRef.namespace || ns;
    if (!chartsReconciled) keys.push(`${tmpl.sourceRef.kind}/${srcNs}/${tmpl.sourceRef.name}`);
    keys.push(`HelmChart/${srcNs}/${ns}-${hr.metadata.name}`);
  }
  return keys;
}

/**
 * `<Kind>/<ns>/<name>` of the ConfigMaps and Secrets the HelmRelease reads (always in its own
 * namespace): valuesFrom, and spec.kubeConfig's Secret or ConfigMap, as helm-controller indexes them.
 */
export function configKeysOf(hr: HelmRelease): string[] {
  const ns = hr.metadata.namespace ?? '';
  const keys: string[] = [];
  const kubeConfig = hr.spec?.kubeConfig;
  if (kubeConfig?.secretRef) keys.push(`Secret/${ns}/${kubeConfig.secretRef.name}`);
  if (kubeConfig?.configMapRef) keys.push(`ConfigMap/${ns}/${kubeConfig.configMapRef.name}`);
  for (const v of hr.spec?.valuesFrom ?? []) keys.push(`${v.kind}/${ns}/${v.name}`);
  return keys;
}

/** A reverse index: dependency key → HelmRelease keys that use it. */
export class RefIndex {
  private readonly byDep = new Map<string, Set<string>>();
  private readonly byHr = new Map<string, string[]>();

  set(hrKey: string, deps: readonly string[]): void {
    this.remove(hrKey);
    this.byHr.set(hrKey, [...deps]);
    for (const d of deps) {
      let s = this.byDep.get(d);
      if (!s) this.byDep.set(d, (s = new Set()));
      s.add(hrKey);
    }
  }

  remove(hrKey: string): void {
    for (const d of this.byHr.get(hrKey) ?? []) {
      const s = this.byDep.get(d);
      s?.delete(hrKey);
      if (s?.size === 0) this.byDep.delete(d);
    }
    this.byHr.delete(hrKey);
  }

  users(depKey: string): string[] {
    return [...(this.byDep.get(depKey) ?? [])];
  }
}
