// What the server serves: each resource (group + plural) with its versions, names, scope,
// subresources and, for custom resources, the schema and printer columns of each version.
import type { KubeObject } from '../../../src/cluster/types.js';
import type { JsonSchema } from './schema.js';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface VersionDef {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: JsonSchema;
  printerColumns?: PrinterColumn[];
  /** Extra field selectors a CRD version declares (spec.versions[].selectableFields). */
  selectableFields?: string[];
}

export interface ResourceDef {
  group: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  versions: VersionDef[];
  /** Has a /status subresource: main writes ignore status, status writes ignore the rest. */
  statusSubresource: boolean;
  /** Has /scale (shown in discovery). */
  scaleSubresource: boolean;
  /** metadata.generation is maintained (bumped on spec changes). */
  generation: boolean;
  /** Served from a CustomResourceDefinition. */
  custom: boolean;
  /** Field selectors beyond metadata.name/metadata.namespace, with how to read each. */
  fieldLabels?: Record<string, (obj: Record<string, unknown>) => string>;
  /** PUT without metadata.resourceVersion is allowed (most built-ins; never custom resources). */
  unconditionalUpdate: boolean;
  /** DELETE answers with the object instead of a Status. */
  returnDeletedObject?: boolean;
  /** Verbs shown in discovery. */
  verbs: string[];
  /**
   * Kept in another resource's storage (events.k8s.io Events live with core Events), converted
   * on the way in and out.
   */
  sharedStorage?: {
    key: string;
    toStorage(o: KubeObject): KubeObject;
    fromStorage(o: KubeObject): KubeObject;
  };
}

/** The store key holding a resource's objects. */
export function storeKey(def: ResourceDef): string {
  return def.sharedStorage?.key ?? resourceKey(def.group, def.plural);
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function storageVersion(def: ResourceDef): VersionDef {
  return def.versions.find((v) => v.storage) ?? def.versions[0]!;
}

export function servedVersion(def: ResourceDef, version: string): VersionDef | undefined {
  return def.versions.find((v) => v.name === version && v.served);
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function resourceKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

/** [group, plural] of a resource key. */
export function splitResourceKey(key: string): [string, string] {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Kubernetes version order (v1 > v1beta2 > v1beta1 > v1alpha1 > other), for preferred versions. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v];
    const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stability, Number(m[1]), m[3] ? Number(m[3]) : 0, v];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (rb[i] as number) - (ra[i] as number);
  return ra[3] < rb[3] ? -1 : ra[3] > rb[3] ? 1 : 0;
}

/** The set of resources currently served: built-ins plus those of established CRDs. */
export class Registry {
  private readonly byKey = new Map<string, ResourceDef>();
  private readonly crdOwned = new Map<string, string>(); // CRD name -> resource key
  private changeListeners: Array<() => void> = [];

  constructor(builtins: ResourceDef[]) {
    for (const d of builtins) this.byKey.set(resourceKey(d.group, d.plural), d);
  }

  onChange(fn: () => void): void {
    this.changeListeners.push(fn);
  }

  private changed(): void {
    for (const fn of this.changeListeners) fn();
  }

  all(): ResourceDef[] {
    return [...this.byKey.values()];
  }

  get(group: string, plural: string): ResourceDef | undefined {
    return this.byKey.get(resourceKey(group, plural));
  }

  /** The resource served at group/version/plural, if that version is served. */
  lookup(group: string, version: string, plural: string): ResourceDef | undefined {
    const d = this.get(group, plural);
    return d && servedVersion(d, version) ? d : undefined;
  }

  byKind(group: string, kind: string): ResourceDef | undefined {
    for (const d of this.byKey.values()) if (d.group === group && d.kind === kind) return d;
    return undefined;
  }

  setCustom(crdName: string, def: ResourceDef): void {
    const old = this.crdOwned.get(crdName);
    if (old) this.byKey.delete(old);
    this.byKey.set(resourceKey(def.group, def.plural), def);
    this.crdOwned.set(crdName, resourceKey(def.group, def.plural));
    this.changed();
  }

  removeCustom(crdName: string): ResourceDef | undefined {
    const key = this.crdOwned.get(crdName);
    if (!key) return undefined;
    const def = this.byKey.get(key);
    this.byKey.delete(key);
    this.crdOwned.delete(crdName);
    this.changed();
    return def;
  }

  /** Groups with their served versions, preferred first. */
  groups(): Array<{ name: string; versions: string[] }> {
    const m = new Map<string, Set<string>>();
    for (const d of this.byKey.values()) {
      if (d.group === '') continue;
      const set = m.get(d.group) ?? new Set<string>();
      for (const v of d.versions) if (v.served) set.add(v.name);
      m.set(d.group, set);
    }
    return [...m.entries()]
      .filter(([, vs]) => vs.size > 0)
      .map(([name, vs]) => ({ name, versions: [...vs].sort(compareVersions) }));
  }

  /** Resources served under group/version, sorted by plural. */
  resourcesIn(group: string, version: string): ResourceDef[] {
    return [...this.byKey.values()]
      .filter((d) => d.group === group && servedVersion(d, version))
      .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
  }
}
