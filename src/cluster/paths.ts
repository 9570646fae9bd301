// REST paths of the Kubernetes API for a resource.
import type { ResourceRef } from './types.js';

export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

export function collectionPath(res: ResourceRef, namespace?: string): string {
  const ns = res.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(res.group, res.version)}${ns}/${res.plural}`;
}

export function itemPath(res: ResourceRef, name: string, namespace?: string): string {
  return `${collectionPath(res, namespace)}/${encodeURIComponent(name)}`;
}

/** Splits an apiVersion into group and version: "v1" → ["", "v1"]. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
