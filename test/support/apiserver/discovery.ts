// API discovery documents: the legacy APIVersions/APIGroupList/APIResourceList and the
// aggregated apidiscovery.k8s.io/v2 (and v2beta1) lists kubectl asks for first.
import { compareVersions, type Registry, type ResourceDef } from './resources.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '35',
  emulationMajor: '1',
  emulationMinor: '35',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '34',
  gitVersion: 'v1.35.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-12-17T00:00:00Z',
  goVersion: 'go1.25.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const SUB_VERBS = ['get', 'patch', 'update'];

function apiResources(defs: ResourceDef[], version: string): unknown[] {
  const out: unknown[] = [];
  for (const d of defs) {
    const r: Record<string, unknown> = { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs };
    if (d.shortNames.length) r['shortNames'] = d.shortNames;
    if (d.categories.length) r['categories'] = d.categories;
    out.push(r);
    if (d.scaleSubresource) out.push({ name: `${d.plural}/scale`, singularName: '', namespaced: d.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUB_VERBS });
    if (d.statusSubresource) out.push({ name: `${d.plural}/status`, singularName: '', namespaced: d.namespaced, kind: d.kind, verbs: SUB_VERBS });
  }
  void version;
  return out;
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function resourceList(registry: Registry, group: string, version: string): unknown | undefined {
  const defs = registry.resourcesIn(group, version);
  if (defs.length === 0) return undefined;
  const gv = group ? `${group}/${version}` : version;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: apiResources(defs, version) };
}

function groupEntry(g: { name: string; versions: string[] }): unknown {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function groupList(registry: Registry): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().map(groupEntry) };
}

export function group(registry: Registry, name: string): unknown | undefined {
  const g = registry.groups().find((x) => x.name === name);
  if (!g) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(groupEntry(g) as object) };
}

/** `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList` (or v2beta1) if accepted. */
export function aggregatedVersionAccepted(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = new Map<string, string>();
    for (const p of part.split(';').slice(1)) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k && v) params.set(k, v);
    }
    if (params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') {
      const v = params.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
    }
  }
  return undefined;
}

export function aggregatedContentType(v: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

function discoveryResources(defs: ResourceDef[], version: string): unknown[] {
  return defs.map((d) => {
    const r: Record<string, unknown> = {
      resource: d.plural,
      responseKind: { group: d.group, version, kind: d.kind },
      scope: d.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: d.singular,
      verbs: d.verbs,
    };
    if (d.shortNames.length) r['shortNames'] = d.shortNames;
    if (d.categories.length) r['categories'] = d.categories;
    const subs: unknown[] = [];
    if (d.scaleSubresource) subs.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: SUB_VERBS });
    if (d.statusSubresource) subs.push({ subresource: 'status', responseKind: { group: d.group, version, kind: d.kind }, verbs: SUB_VERBS });
    if (subs.length) r['subresources'] = subs;
    return r;
  });
}

/** Aggregated discovery for /api (core) or /apis (every other group). */
export function aggregated(registry: Registry, core: boolean, v: 'v2' | 'v2beta1'): unknown {
  const items: unknown[] = [];
  const groups = core ? [{ name: '', versions: ['v1'] }] : registry.groups();
  for (const g of groups) {
    const versions = [...g.versions].sort(compareVersions).map((ver) => ({
      version: ver,
      resources: discoveryResources(registry.resourcesIn(g.name, ver), ver),
      freshness: 'Current',
    }));
    const metadata: Record<string, unknown> = { creationTimestamp: null };
    if (g.name) metadata['name'] = g.name;
    items.push({ metadata, versions });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items };
}
