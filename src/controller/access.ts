// helm-controller's cross-namespace ACL (internal/acl): with `--no-cross-namespace-refs`, a
// HelmRelease may only use a source in its own namespace.
import type { HelmRelease } from '../kinds/api-types.js';

export interface AccessDenied {
  message: string;
  /** chartRef denials stall the object; a templated chart's is a plain retried error. */
  terminal: boolean;
}

export function crossNamespaceDenial(hr: HelmRelease, allow: boolean): AccessDenied | undefined {
  if (allow) return undefined;
  const ns = hr.metadata.namespace ?? '';
  const chartRef = hr.spec?.chartRef;
  if (chartRef) {
    const refNs = chartRef.namespace || ns;
    if (refNs !== ns) return { message: `cross-namespace references are not allowed: cannot access ${chartRef.kind} ${refNs}/${chartRef.name}`, terminal: true };
    return undefined;
  }
  const sourceRef = hr.spec?.chart?.spec.sourceRef;
  if (sourceRef) {
    const refNs = sourceRef.namespace || ns;
    // The templated HelmChart lives in the source's namespace, named <hr ns>-<hr name>.
    if (refNs !== ns) return { message: `cross-namespace references are not allowed: cannot access HelmChart ${refNs}/${ns}-${hr.metadata.name}`, terminal: false };
  }
  return undefined;
}
