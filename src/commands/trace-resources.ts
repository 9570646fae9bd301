// What `trace <resource> <name>` and `--kind` need from the API: which collection a resource
// word (`deploy`, `pods`, `hr`, `helmreleases.helm.toolkit.fluxcd.io`) or a kind names.
// kubectl asks discovery; the Cluster interface offers discovery only per apiVersion+Kind, so
// the catalogue here is the built-in Kubernetes resources (names as kubectl api-resources
// lists them) plus the CustomResourceDefinitions installed in the cluster.
import { isNoKindMatch, KubeApiError } from '../cluster/errors.js';
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import { asRecord, asString, field } from '../kinds/accessors.js';

export interface CatalogueEntry {
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
}

type Builtin = [group: string, version: string, kind: string, plural: string, namespaced: boolean, shortNames?: string[]];

// Kubernetes 1.35's built-in resources a traced object is likely to be (or own).
const BUILTINS: readonly Builtin[] = [
  ['', 'v1', 'ConfigMap', 'configmaps', true, ['cm']],
  ['', 'v1', 'Endpoints', 'endpoints', true, ['ep']],
  ['', 'v1', 'Event', 'events', true, ['ev']],
  ['', 'v1', 'LimitRange', 'limitranges', true, ['limits']],
  ['', 'v1', 'Namespace', 'namespaces', false, ['ns']],
  ['', 'v1', 'Node', 'nodes', false, ['no']],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv']],
  ['', 'v1', 'Pod', 'pods', true, ['po']],
  ['', 'v1', 'PodTemplate', 'podtemplates', true],
  ['', 'v1', 'ReplicationController', 'replicationcontrollers', true, ['rc']],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota']],
  ['', 'v1', 'Secret', 'secrets', true],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']],
  ['', 'v1', 'Service', 'services', true, ['svc']],
  ['admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds']],
  ['apps', 'v1', 'ControllerRevision', 'controllerrevisions', true],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']],
  ['apps', 'v1', 'Deployment', 'deployments', true, ['deploy']],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa']],
  ['batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']],
  ['batch', 'v1', 'Job', 'jobs', true],
  ['coordination.k8s.io', 'v1', 'Lease', 'leases', true],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true],
  ['networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true],
  ['scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, ['pc']],
  ['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']],
];

const CRD_RESOURCE: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false };

/** The built-in resources, as catalogue entries. */
export function builtinEntries(): CatalogueEntry[] {
  return BUILTINS.map(([group, version, kind, plural, namespaced, shortNames]) => ({
    group,
    versions: [version],
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames: shortNames ?? [],
    namespaced,
  }));
}

/** Kubernetes version priority (GA > beta > alpha, higher numbers first), as discovery orders. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0] as const;
    const level = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [level, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const [la, ma, na] = parse(a);
  const [lb, mb, nb] = parse(b);
  if ((la === 0) !== (lb === 0)) return la === 0 ? 1 : -1;
  if (la === 0) return a.localeCompare(b);
  return lb - la || mb - ma || nb - na;
}

function crdEntry(crd: KubeObject): CatalogueEntry | undefined {
  const group = asString(field(crd, 'spec', 'group'));
  const names = asRecord(field(crd, 'spec', 'names'));
  const versions = field(crd, 'spec', 'versions');
  if (!group || !names || !Array.isArray(versions)) return undefined;
  const served = versions.filter((v) => field(v, 'served') === true).map((v) => asString(field(v, 'name')) ?? '').filter((v) => v !== '');
  const kind = asString(names['kind']) ?? '';
  const plural = asString(names['plural']) ?? '';
  if (served.length === 0 || !kind || !plural) return undefined;
  const shortNames = Array.isArray(names['shortNames']) ? names['shortNames'].filter((n): n is string => typeof n === 'string') : [];
  return {
    group,
    versions: served.sort(compareKubeVersions),
    kind,
    plural,
    singular: asString(names['singular']) || kind.toLowerCase(),
    shortNames,
    namespaced: field(crd, 'spec', 'scope') !== 'Cluster',
  };
}

/** The resources a resource word or kind can name, built-ins first (kubectl's core-first order). */
export class ResourceCatalogue {
  private crds: Promise<CatalogueEntry[]> | undefined;
  constructor(private readonly cluster: Cluster) {}

  private async entries(): Promise<CatalogueEntry[]> {
    this.crds ??= this.cluster.list(CRD_RESOURCE).then(
      (list) => list.items.map(crdEntry).filter((e): e is CatalogueEntry => e !== undefined),
      (err: unknown) => {
        // Without the right to list CRDs only the built-in resources can be named.
        if (err instanceof KubeApiError && (err.statusCode === 403 || err.statusCode === 404)) return [];
        throw err;
      },
    );
    return [...builtinEntries(), ...(await this.crds)];
  }

  /**
   * kubectl's resource argument: `word`, `word.group` or `word.version.group`, where word is a
   * plural, singular or short name (case-insensitive). Undefined when nothing matches.
   */
  async resolveWord(arg: string): Promise<ResourceRef | undefined> {
    const wanted = arg.toLowerCase();
    const entries = await this.entries();
    const named = (e: CatalogueEntry, word: string) => e.plural === word || e.singular === word || e.shortNames.includes(word);
    for (const e of entries) if (named(e, wanted)) return ref(e, e.versions[0]!);
    // word.version.group, then word.group (schema.ParseResourceArg's order).
    const parts = wanted.split('.');
    if (parts.length >= 3) {
      const [word, version] = parts;
      const group = parts.slice(2).join('.');
      const e = entries.find((x) => x.group === group && x.versions.includes(version!) && named(x, word!));
      if (e) return ref(e, version!);
    }
    if (parts.length >= 2) {
      const word = parts[0]!;
      const group = parts.slice(1).join('.');
      const e = entries.find((x) => x.group === group && named(x, word));
      if (e) return ref(e, e.versions[0]!);
    }
    return undefined;
  }

  /**
   * controller-runtime's mapping of group/version + kind: the kind exactly as served, or all in
   * lower case (client-go's discovery REST mapper registers both).
   */
  async resolveKind(group: string, version: string, kind: string): Promise<ResourceRef | undefined> {
    const apiVersion = group ? `${group}/${version}` : version;
    try {
      return await this.cluster.resourceFor(apiVersion, kind);
    } catch (err) {
      if (!isNoKindMatch(err)) throw err;
    }
    if (kind !== kind.toLowerCase()) return undefined;
    const e = (await this.entries()).find((x) => x.group === group && x.versions.includes(version) && x.kind.toLowerCase() === kind);
    if (!e) return undefined;
    try {
      return await this.cluster.resourceFor(apiVersion, e.kind);
    } catch (err) {
      if (isNoKindMatch(err)) return undefined;
      throw err;
    }
  }
}

function ref(e: CatalogueEntry, version: string): ResourceRef {
  return { group: e.group, version, plural: e.plural, kind: e.kind, namespaced: e.namespaced };
}
